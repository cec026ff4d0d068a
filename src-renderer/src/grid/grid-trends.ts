/**
 * The Trend column's data (issue 17): the last 30 minutes of CPU and memory of the sessions in the
 * grid's window, asked of historyTrends (at most 200 ids a call, history-contract.ts) only while
 * the column shows, a moment after the window stops moving. What came back is kept per session
 * until the tab's next data refresh, so scrolling back asks nothing again; after a refresh the
 * rows in view are asked once more. Plain maps, no reactivity over the rows: one version number
 * tells the grid to redraw its window.
 */
import { onScopeDispose, shallowRef, watch, type Ref } from 'vue'
import type { SessionSeries } from '../../../src-shared/history-contract'
import { call } from '../api'

/** The tab the grid shows: whose history, and when its data was last refreshed. */
export interface TrendSource {
  profileId: string
  clusterId: string
  refreshedAt: number | null
}

/** A session's trend: undefined while not asked yet, null when the history has none. */
export type TrendLookup = (session: string) => SessionSeries | null | undefined

export interface GridTrends {
  lookup: TrendLookup
  /** Bumped when answers arrive: the grid redraws the window. */
  version: Ref<number>
}

/** historyTrends' limit (history-contract.ts). */
export const MAX_TREND_IDS = 200
/** Quiet time after the window moves or the tab refreshes before asking. */
export const TREND_DEBOUNCE_MS = 250

export function useGridTrends(
  source: () => TrendSource | undefined,
  shown: () => boolean,
  idsInView: () => readonly string[],
): GridTrends {
  const cache = new Map<string, SessionSeries | null>()
  /** Asked since the tab's last refresh (or being asked). */
  const fresh = new Set<string>()
  const version = shallowRef(0)
  let timer: ReturnType<typeof setTimeout> | undefined
  let generation = 0

  async function fetchMissing() {
    timer = undefined
    const s = source()
    if (!s || !shown()) return
    const ids = idsInView()
      .filter((id) => !fresh.has(id))
      .slice(0, MAX_TREND_IDS)
    if (ids.length === 0) return
    for (const id of ids) fresh.add(id)
    const g = generation
    const r = await call((a) => a.historyTrends(s.profileId, s.clusterId, ids.slice()))
    if (g !== generation) return
    if (!r.ok) {
      // Asked again at the next refresh; the cells stay as they were.
      for (const id of ids) fresh.delete(id)
      return
    }
    const found = new Map(r.value.trends.map((t) => [t.session, t]))
    for (const id of ids) {
      const t = found.get(id)
      cache.set(id, t && t.at.length > 0 ? t : null)
    }
    version.value++
  }

  function schedule() {
    if (timer !== undefined || !source() || !shown()) return
    timer = setTimeout(() => void fetchMissing(), TREND_DEBOUNCE_MS)
  }

  // Another tab or cluster: nothing kept is theirs.
  watch(
    () => `${source()?.profileId}\u0000${source()?.clusterId}`,
    () => {
      generation++
      cache.clear()
      fresh.clear()
    },
  )
  // The tab's data refreshed: the rows in view are asked again; what is out of view is dropped.
  watch(
    () => source()?.refreshedAt,
    () => {
      generation++
      fresh.clear()
      const keep = new Set(idsInView())
      for (const id of cache.keys()) if (!keep.has(id)) cache.delete(id)
      schedule()
    },
  )
  watch(() => (shown() ? idsInView().join('\u0000') : ''), schedule, { immediate: true })
  onScopeDispose(() => clearTimeout(timer))

  return { lookup: (session) => cache.get(session), version }
}

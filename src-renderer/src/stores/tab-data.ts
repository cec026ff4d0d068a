/**
 * The data of one tab: sessions (converted from the columnar table once per refresh, kept
 * shallow and raw: no deep reactivity on 10,000 rows), infobases, refresh state and the
 * sequential auto-refresh loop (never overlapping; paused while a dialog is open or the tab is
 * hidden).
 */
import { defineStore, getActivePinia, type Pinia } from 'pinia'
import { computed, markRaw, ref, shallowRef, watch } from 'vue'
import type { ApiError, InfobaseDto, RefreshInterval, SessionRow } from '../../../src-shared/contract'
import { call } from '../api'
import { rowsFromTable } from '../../../src-shared/session-table'
import { prepareSearch, searchKey } from '../format/search'
import { useProfilesStore } from './profiles'
import type { TabDescriptor } from './tabs'
import { useTabsStore } from './tabs'
import { useUiStore } from './ui'

export interface SessionSnapshot {
  rows: readonly SessionRow[]
  /** Search haystack per row, same index. */
  keys: readonly string[]
}

const EMPTY: SessionSnapshot = markRaw({ rows: markRaw([]), keys: markRaw([]) })

/**
 * A snapshot whose search keys are folded when first read, not with the rows: the first rows of
 * 10,000 sessions do not wait ~10 ms for them. They are read (and joined for the search,
 * session-search.ts) soon after the rows are drawn, when the browser is idle, so a search typed
 * later finds them ready.
 */
function snapshotOf(rows: SessionRow[]): SessionSnapshot {
  let keys: readonly string[] | null = null
  const snap: SessionSnapshot = markRaw({
    rows: markRaw(rows),
    get keys() {
      return (keys ??= markRaw(rows.map(searchKey)))
    },
  })
  const idle = globalThis.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 50))
  idle(() => prepareSearch(snap.keys), { timeout: 1000 })
  return snap
}
/** How long new rows stay highlighted / the vanished count stays shown. */
export const MARK_MS = 4000

export function useTabData(tab: TabDescriptor, pinia?: Pinia) {
  return defineStore(`tab:${tab.id}`, () => {
    const profiles = useProfilesStore()
    const ui = useUiStore()
    const tabs = useTabsStore()

    const snapshot = shallowRef<SessionSnapshot>(EMPTY)
    const infobases = ref<InfobaseDto[]>([])
    const lastRefreshAt = ref<number | null>(null)
    /** The same moment on the server's clock (ServerTime), null when the server's time is unknown. */
    const lastRefreshServerTime = ref<number | null>(null)
    const error = shallowRef<ApiError | null>(null)
    const refreshing = ref(false)
    const newIds = shallowRef<ReadonlySet<string>>(new Set())
    const vanished = ref(0)
    const query = ref('')
    const selected = shallowRef<ReadonlySet<string>>(new Set())
    const profile = computed(() => profiles.byId.get(tab.profileId) ?? null)
    const interval = ref<RefreshInterval>(profile.value?.refreshInterval ?? 0)
    const isActive = computed(() => tabs.activeId === tab.id)
    const stale = computed(() => error.value !== null && lastRefreshAt.value !== null)

    let inFlight: Promise<void> | null = null
    let timer: ReturnType<typeof setTimeout> | null = null
    let markTimer: ReturnType<typeof setTimeout> | null = null
    let disposed = false

    async function load(): Promise<void> {
      // Connected already (the usual case): no await before the list call, so the request leaves
      // in this task, not after everything else queued first (a new tab's view being drawn).
      const known = profiles.connection(tab.profileId)
      if (known.status !== 'ok' || !known.info) {
        const conn = await profiles.ensureConnected(tab.profileId)
        if (!conn.ok) {
          error.value = conn.error
          return
        }
      }
      // Both calls leave together, but the rows do not wait for the infobases: their list probes
      // each infobase's lock (a request each, at most once a minute), several round trips more
      // than the sessions take on a distant server (README "Performance", first rows).
      const sessionsCall = call((a) => a.listSessions(tab.profileId, tab.clusterId, tab.infobaseId))
      const infobasesCall =
        tab.kind === 'cluster' ? call((a) => a.listInfobases(tab.profileId, tab.clusterId)) : Promise.resolve(null)
      const sessions = await sessionsCall
      if (disposed) return
      if (!sessions.ok) {
        error.value = sessions.error
        if (sessions.error.code === 'NETWORK' || sessions.error.code === 'TIMEOUT' || sessions.error.code === 'AUTH')
          profiles.markDisconnected(tab.profileId, sessions.error)
        await infobasesCall // one refresh at a time: it ends with both calls
        return
      }
      const rows = rowsFromTable(sessions.value.sessions)
      applyDiff(rows)
      snapshot.value = snapshotOf(rows)
      if (selected.value.size) {
        const alive = new Set(rows.map((r) => r.session))
        const kept = [...selected.value].filter((id) => alive.has(id))
        if (kept.length !== selected.value.size) selected.value = new Set(kept)
      }
      lastRefreshAt.value = sessions.value.fetchedAt
      lastRefreshServerTime.value = sessions.value.serverNow
      error.value = null
      if (tab.kind === 'cluster') profiles.setSessionCount(tab.profileId, tab.clusterId, rows.length)
      const ibs = await infobasesCall
      if (disposed || !ibs) return
      if (ibs.ok) infobases.value = ibs.value
      else error.value = ibs.error
    }

    function applyDiff(rows: readonly SessionRow[]) {
      const before = snapshot.value.rows
      if (lastRefreshAt.value === null || before.length === 0) {
        newIds.value = new Set()
        vanished.value = 0
        return
      }
      const prev = new Set(before.map((r) => r.session))
      const now = new Set<string>()
      const added = new Set<string>()
      for (const r of rows) {
        now.add(r.session)
        if (!prev.has(r.session)) added.add(r.session)
      }
      let gone = 0
      for (const id of prev) if (!now.has(id)) gone++
      newIds.value = added
      vanished.value = gone
      if (markTimer) clearTimeout(markTimer)
      if (added.size || gone)
        markTimer = setTimeout(() => {
          newIds.value = new Set()
          vanished.value = 0
        }, MARK_MS)
    }

    /** One refresh at a time: a second call while one runs joins it. */
    function refresh(): Promise<void> {
      if (inFlight) return inFlight
      refreshing.value = true
      inFlight = load().finally(() => {
        refreshing.value = false
        inFlight = null
      })
      return inFlight
    }

    /**
     * A refresh that sees a change the caller just made: a load already running may have read
     * before it, so wait for that one, then load (joining anyone else who did the same).
     */
    async function refreshAfterChange(): Promise<void> {
      if (inFlight) await inFlight
      return refresh()
    }

    function schedule() {
      if (timer) clearTimeout(timer)
      timer = null
      if (disposed || interval.value === 0 || !isActive.value) return
      timer = setTimeout(tick, interval.value * 1000)
    }

    async function tick() {
      timer = null
      if (!ui.dialogOpen) await refresh()
      schedule()
    }

    watch([interval, isActive], schedule)

    function setInterval(v: RefreshInterval) {
      interval.value = v
    }

    function dispose() {
      disposed = true
      if (timer) clearTimeout(timer)
      if (markTimer) clearTimeout(markTimer)
      timer = null
    }

    return {
      tab,
      snapshot,
      infobases,
      lastRefreshAt,
      lastRefreshServerTime,
      error,
      refreshing,
      newIds,
      vanished,
      query,
      selected,
      interval,
      isActive,
      stale,
      profile,
      refresh,
      refreshAfterChange,
      schedule,
      setInterval,
      dispose,
    }
  })(pinia)
}

export type TabData = ReturnType<typeof useTabData>

/**
 * Refreshes a tab's data after a change, if that tab's store exists (e.g. the cluster tab after a
 * lock change).
 * Pass the caller's pinia when it can differ from the active one (set by any store action).
 */
export function refreshTabIfLoaded(tab: TabDescriptor, pinia: Pinia | undefined = getActivePinia()): void {
  if (!pinia || !(`tab:${tab.id}` in pinia.state.value)) return
  void useTabData(tab, pinia).refreshAfterChange()
}

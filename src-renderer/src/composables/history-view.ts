/**
 * The state of one history tab: the period (a preset anchored on the history's newest sample, or a
 * picked one), the zoom inside it, the metric, and the answers — the cluster's timeline and "who
 * consumed it" for the shown period (the zoom when zoomed). A newer request wins: answers to older
 * ones are dropped.
 */
import { computed, ref, shallowRef, watch } from 'vue'
import type { ApiError } from '../../../src-shared/contract'
import type { ClusterTimeline, HistoryMetric, HistoryPeriod, TopConsumers } from '../../../src-shared/history-contract'
import { call } from '../api'
import { desktopWallClockNow } from '../format/server-time'
import { presetPeriod, PROBE_PERIOD, type RangePreset } from '../history/ranges'
import type { TabDescriptor } from '../stores/tabs'

/** Rows of each "who consumed it" list. */
export const TOP_LIMIT = 10

/**
 * Points the timeline asks for: two per pixel column of a chart as wide as the window (main
 * answers a longer period as each column's lowest and highest; the chart folds to its own width).
 */
export function timelinePoints(): number {
  return Math.min(20_000, Math.max(400, 2 * Math.round(window.innerWidth || 1000)))
}

export function useHistoryView(tab: TabDescriptor) {
  const preset = ref<RangePreset | null>('day')
  const base = shallowRef<HistoryPeriod | null>(null)
  const zoom = shallowRef<HistoryPeriod | null>(null)
  const shown = computed(() => zoom.value ?? base.value)
  const metric = ref<HistoryMetric>('cpu')
  const timeline = shallowRef<ClusterTimeline | null>(null)
  const top = shallowRef<TopConsumers | null>(null)
  const newest = ref<number | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const loading = ref(false)
  const user = ref<string | null>(null)
  let timelineGen = 0
  let topGen = 0

  /** The history's newest sample of this cluster (a query of an empty period answers it). */
  async function probeNewest(): Promise<number> {
    if (newest.value !== null) return newest.value
    const r = await call((a) => a.historyTimeline(tab.profileId, tab.clusterId, PROBE_PERIOD))
    if (r.ok) newest.value = r.value.newest
    else error.value = r.error
    return newest.value ?? desktopWallClockNow()
  }

  async function loadTimeline() {
    const period = shown.value
    if (!period) return
    const gen = ++timelineGen
    loading.value = true
    const query = { ...period, points: timelinePoints() }
    const r = await call((a) => a.historyTimeline(tab.profileId, tab.clusterId, query))
    if (gen !== timelineGen) return
    loading.value = false
    if (r.ok) {
      // The bench (test/bench/history-chart.ts) splits "query" from "draw" at this mark.
      performance.mark?.('cd-history-timeline')
      timeline.value = r.value
      if (r.value.newest !== null) newest.value = r.value.newest
      error.value = null
    } else error.value = r.error
    await loadTop()
  }

  async function loadTop() {
    const period = shown.value
    if (!period) return
    const gen = ++topGen
    const r = await call((a) =>
      a.historyTop(tab.profileId, tab.clusterId, { ...period, by: metric.value, limit: TOP_LIMIT }),
    )
    if (gen !== topGen) return
    if (r.ok) top.value = r.value
    else error.value = r.error
  }

  /** A preset up to the newest sample; asked again, it re-reads the newest (new samples came in). */
  async function choosePreset(p: RangePreset) {
    preset.value = p
    zoom.value = null
    newest.value = null
    base.value = presetPeriod(p, await probeNewest())
    await loadTimeline()
  }

  async function pick(period: HistoryPeriod) {
    preset.value = null
    zoom.value = null
    base.value = period
    await loadTimeline()
  }

  async function zoomTo(period: HistoryPeriod) {
    zoom.value = period
    await loadTimeline()
  }

  async function resetZoom() {
    zoom.value = null
    await loadTimeline()
  }

  /** The shown timeline with every sample, for an export; an error is thrown for the export's message. */
  async function everySample(): Promise<ClusterTimeline> {
    const period = timeline.value?.period ?? shown.value
    if (!period) throw new Error('no period')
    const r = await call((a) => a.historyTimeline(tab.profileId, tab.clusterId, { from: period.from, to: period.to }))
    if (!r.ok) throw new Error(r.error.message)
    return r.value
  }

  watch(metric, () => void loadTop())

  return {
    preset,
    base,
    zoom,
    shown,
    metric,
    timeline,
    top,
    newest,
    error,
    loading,
    user,
    choosePreset,
    pick,
    zoomTo,
    resetZoom,
    reload: loadTimeline,
    everySample,
  }
}

export type HistoryViewState = ReturnType<typeof useHistoryView>

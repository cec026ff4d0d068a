/**
 * The history's four counters in the grid's units (format/units.ts): CPU and DBMS time are ms
 * shown as seconds, memory bytes, calls a count. Pure: the views and the exports share it.
 */
import type { ClusterTimeline, HistoryMetric, TimelinePeak } from '../../../src-shared/history-contract'
import { formatBytes, formatCount, formatSeconds, type UiLocale } from '../format/units'

export function formatMetric(metric: HistoryMetric, value: number, locale: UiLocale): string {
  if (!Number.isFinite(value)) return ''
  if (metric === 'memory') return formatBytes(value, locale)
  if (metric === 'calls') return formatCount(value, locale)
  return formatSeconds(value, locale)
}

/** The raw unit a metric's numbers are in (export headers): ms, bytes or calls. */
export const METRIC_UNIT: Record<HistoryMetric, 'ms' | 'bytes' | 'count'> = {
  cpu: 'ms',
  memory: 'bytes',
  dbms: 'ms',
  calls: 'count',
}

/** Largest value and where it is; null for an empty series. */
export function peakOf(values: readonly number[]): { index: number; value: number } | null {
  let index = -1
  for (let i = 0; i < values.length; i++) if (index < 0 || values[i]! > values[index]!) index = i
  return index < 0 ? null : { index, value: values[index]! }
}

/**
 * A timeline's peak of a metric and when (server time): main's exact one when the answer is folded
 * (a column's points are its first and last moments, not its peak's), else the highest sample's.
 */
export function timelinePeak(tl: ClusterTimeline, metric: HistoryMetric): TimelinePeak | null {
  const exact = tl.peaks?.[metric]
  if (exact) return exact
  const peak = peakOf(tl.totals[metric])
  return peak && { value: peak.value, at: tl.totals.at[peak.index]! }
}

/** Smallest and largest; null for an empty series. */
export function rangeOf(values: readonly number[]): { min: number; max: number } | null {
  if (values.length === 0) return null
  let min = Infinity
  let max = -Infinity
  for (const v of values) {
    if (v < min) min = v
    if (v > max) max = v
  }
  return { min, max }
}

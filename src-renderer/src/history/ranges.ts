/**
 * The periods the history views show: the last hour / 24 h / 7 days / 30 days up to the newest
 * sample the history holds (server time, docs/architecture.md §5), or a picked range. Anchored on
 * the history's newest sample, not the desktop's clock: the server can be hours away from it.
 */
import type { HistoryPeriod } from '../../../src-shared/history-contract'

export const RANGE_PRESETS = ['hour', 'day', 'week', 'month'] as const
export type RangePreset = (typeof RANGE_PRESETS)[number]

const HOUR = 3_600_000
export const PRESET_MS: Record<RangePreset, number> = {
  hour: HOUR,
  day: 24 * HOUR,
  week: 7 * 24 * HOUR,
  month: 30 * 24 * HOUR,
}

/** The preset's period ending just after `newest` (to is exclusive). */
export function presetPeriod(preset: RangePreset, newest: number): HistoryPeriod {
  const to = newest + 1
  return { from: to - PRESET_MS[preset], to }
}

/** A period asked only to learn the history's newest sample (ClusterTimeline.newest does not depend on it). */
export const PROBE_PERIOD: HistoryPeriod = { from: 0, to: 1 }

/** A zoomed or picked period, ordered and at least a second long; null when not a usable pair. */
export function normalizePeriod(a: number | null | undefined, b: number | null | undefined): HistoryPeriod | null {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b)) return null
  const from = Math.round(Math.min(a, b))
  const to = Math.round(Math.max(a, b))
  return to - from >= 1000 ? { from, to } : null
}

export function samePeriod(a: HistoryPeriod | null, b: HistoryPeriod | null): boolean {
  return a === b || (a !== null && b !== null && a.from === b.from && a.to === b.to)
}

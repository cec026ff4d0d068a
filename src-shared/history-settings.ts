/**
 * The allowed range of each history setting (HistorySettings, history-contract.ts), shared so the
 * settings form and main's validation say the same: main refuses anything outside them.
 */
import type { HistorySettings } from './history-contract'

export const HISTORY_SETTING_RANGES: { [K in keyof HistorySettings]: { min: number; max: number } } = {
  rawHours: { min: 1, max: 168 },
  aggregateDays: { min: 1, max: 730 },
  totalsDays: { min: 1, max: 3650 },
  maxMegabytes: { min: 64, max: 1_048_576 },
  everySeconds: { min: 10, max: 3600 },
}

export const DEFAULT_HISTORY_SETTINGS: HistorySettings = {
  rawHours: 48,
  aggregateDays: 90,
  totalsDays: 365,
  maxMegabytes: 1024,
  everySeconds: 60,
}

/** Why a set of settings is refused (each in range; aggregates kept at least as long as raw samples, totals as aggregates), or null. */
export function historySettingsProblem(s: HistorySettings): string | null {
  for (const [key, r] of Object.entries(HISTORY_SETTING_RANGES) as Array<
    [keyof HistorySettings, { min: number; max: number }]
  >) {
    const v = s[key]
    if (!Number.isInteger(v) || v < r.min || v > r.max) return `${key} must be a whole number from ${r.min} to ${r.max}`
  }
  if (s.aggregateDays * 24 < s.rawHours) return 'aggregateDays must keep at least as long as rawHours'
  if (s.totalsDays < s.aggregateDays) return 'totalsDays must be at least aggregateDays'
  return null
}

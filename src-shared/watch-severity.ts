/** The worst state of the open alerts (issue 19): the tray's colour and the notification bell's. */
import type { WatchAlert, WatchSeverity } from './watch-contract'

export type WatchLevel = WatchSeverity | 'ok'

/** Worse is higher. */
export const SEVERITY_RANK: Record<WatchLevel, number> = { ok: 0, info: 1, warning: 2, critical: 3 }

export function worstLevel(open: readonly Pick<WatchAlert, 'severity'>[]): WatchLevel {
  let worst: WatchLevel = 'ok'
  for (const a of open) if (SEVERITY_RANK[a.severity] > SEVERITY_RANK[worst]) worst = a.severity
  return worst
}

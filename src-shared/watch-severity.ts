/** The worst state of the open alerts (issue 19): the tray's colour and the notification bell's. */
import type { WatchAlert, WatchSeverity } from './watch-contract'

export type WatchLevel = WatchSeverity | 'ok'

const RANK: Record<WatchLevel, number> = { ok: 0, info: 1, warning: 2, critical: 3 }

export function worstLevel(open: readonly Pick<WatchAlert, 'severity'>[]): WatchLevel {
  let worst: WatchLevel = 'ok'
  for (const a of open) if (RANK[a.severity] > RANK[worst]) worst = a.severity
  return worst
}

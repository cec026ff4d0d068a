/** The worst state of the open alerts (issue 19): the tray's colour and the notification bell's. */
import type { WatchAlert, WatchSeverity } from './watch-contract'

export type WatchLevel = WatchSeverity | 'ok'

const RANK: Record<WatchLevel, number> = { ok: 0, info: 1, warning: 2, critical: 3 }

/** The alert of the worst severity (the first of them); null for none. */
export function worstOf<A extends Pick<WatchAlert, 'severity'>>(alerts: readonly A[]): A | null {
  let worst: A | null = null
  for (const a of alerts) if (worst === null || RANK[a.severity] > RANK[worst.severity]) worst = a
  return worst
}

export function worstLevel(open: readonly Pick<WatchAlert, 'severity'>[]): WatchLevel {
  return worstOf(open)?.severity ?? 'ok'
}

/** The order open alerts are listed in: the worst first, and within a severity the newest first. */
export function byUrgency(a: Pick<WatchAlert, 'severity' | 'at'>, b: Pick<WatchAlert, 'severity' | 'at'>): number {
  return RANK[b.severity] - RANK[a.severity] || b.at - a.at
}

/** Hotspots: the heaviest sessions by a metric, long current calls, lock waits. Pure. */
import type { SessionRow } from '../../../src-shared/contract'

export const HOTSPOT_METRICS = [
  'cpuTimeCurrent',
  'cpuTimeLast5min',
  'memoryCurrent',
  'memoryLast5min',
  'durationCurrentDbms',
  'durationLast5minDbms',
  'callsLast5min',
] as const satisfies ReadonlyArray<keyof SessionRow>
export type HotspotMetric = (typeof HOTSPOT_METRICS)[number]

export const METRIC_KIND: Record<HotspotMetric, 'ms' | 'bytes' | 'count'> = {
  cpuTimeCurrent: 'ms',
  cpuTimeLast5min: 'ms',
  memoryCurrent: 'bytes',
  memoryLast5min: 'bytes',
  durationCurrentDbms: 'ms',
  durationLast5minDbms: 'ms',
  callsLast5min: 'count',
}

/** Top n sessions by a metric, largest first; zero values are not hotspots. Ties keep order. */
export function topBy(rows: readonly SessionRow[], metric: HotspotMetric, n = 10): SessionRow[] {
  return rows
    .filter((r) => r[metric] > 0)
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r[metric] - a.r[metric] || a.i - b.i)
    .slice(0, n)
    .map((x) => x.r)
}

/** Sessions whose current call has run at least `thresholdMs`, longest first. */
export function longCalls(rows: readonly SessionRow[], thresholdMs: number): SessionRow[] {
  return rows
    .filter((r) => r.durationCurrent > 0 && r.durationCurrent >= thresholdMs)
    .sort((a, b) => b.durationCurrent - a.durationCurrent)
}

export interface LockWait {
  waiter: SessionRow
  kind: 'dbms' | 'ls'
  /** The blocker's session number. */
  blockerId: number
  /** The blocker's row, when it is in the same snapshot. */
  blocker: SessionRow | null
}

/**
 * Who waits on whom. blockedByDbms / blockedByLs hold the blocker's session number; both can be
 * set (two waits). Blockers of the same infobase are preferred (session numbers are per infobase).
 */
export function lockWaits(rows: readonly SessionRow[]): LockWait[] {
  const byNumber = new Map<number, SessionRow[]>()
  for (const r of rows) {
    const list = byNumber.get(r.sessionId)
    if (list) list.push(r)
    else byNumber.set(r.sessionId, [r])
  }
  const find = (waiter: SessionRow, id: number): SessionRow | null => {
    const list = byNumber.get(id)
    if (!list) return null
    return list.find((r) => r.infobase === waiter.infobase) ?? list[0] ?? null
  }
  const out: LockWait[] = []
  for (const r of rows) {
    if (r.blockedByDbms !== 0)
      out.push({ waiter: r, kind: 'dbms', blockerId: r.blockedByDbms, blocker: find(r, r.blockedByDbms) })
    if (r.blockedByLs !== 0)
      out.push({ waiter: r, kind: 'ls', blockerId: r.blockedByLs, blocker: find(r, r.blockedByLs) })
  }
  return out
}

/** Hotspots: the heaviest sessions by a metric, long current calls, lock waits and their chains. Pure. */
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
  /**
   * From the blocker up to the head blocker (the session that waits on nobody), as far as the
   * snapshot has them: the last row is the head unless `missingHead` or `cycle` says otherwise.
   */
  chain: SessionRow[]
  /** The number the chain ends at when that session is not in the snapshot (it ended), else 0. */
  missingHead: number
  /** The chain runs back into itself (a deadlock). */
  cycle: boolean
}

/**
 * The head of a wait's chain, the session to interrupt first (in a circle, the last one reached);
 * null when the chain ends at a session not in the snapshot.
 */
export function headOfWait(w: LockWait): SessionRow | null {
  return w.missingHead ? null : (w.chain[w.chain.length - 1] ?? null)
}

/** "17 → 12 → 4": the waiter, then its chain up to the head (an ended head by its number). */
export function waitChainText(w: LockWait): string {
  const ids = [w.waiter.sessionId, ...w.chain.map((r) => r.sessionId)]
  if (w.missingHead) ids.push(w.missingHead)
  return ids.join(' → ')
}

type Find = (waiter: SessionRow, id: number) => SessionRow | null
const waitsOn = (r: SessionRow) => r.blockedByDbms || r.blockedByLs

/** Follows a wait from its blocker to the head: the DBMS wait first, as the server's chains do. */
function chainFrom(
  waiter: SessionRow,
  blockerId: number,
  find: Find,
): Pick<LockWait, 'chain' | 'missingHead' | 'cycle'> {
  const chain: SessionRow[] = []
  const seen = new Set([waiter.session])
  for (let id = blockerId, from = waiter; ;) {
    const at = find(from, id)
    if (!at) return { chain, missingHead: id, cycle: false }
    if (seen.has(at.session)) return { chain, missingHead: 0, cycle: true }
    seen.add(at.session)
    chain.push(at)
    id = waitsOn(at)
    if (id === 0) return { chain, missingHead: 0, cycle: false }
    from = at
  }
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
  const find: Find = (waiter, id) => {
    const list = byNumber.get(id)
    if (!list) return null
    return list.find((r) => r.infobase === waiter.infobase) ?? list[0] ?? null
  }
  const out: LockWait[] = []
  for (const r of rows) {
    for (const [kind, blockerId] of [
      ['dbms', r.blockedByDbms],
      ['ls', r.blockedByLs],
    ] as const) {
      if (blockerId === 0) continue
      out.push({ waiter: r, kind, blockerId, blocker: find(r, blockerId), ...chainFrom(r, blockerId, find) })
    }
  }
  return out
}

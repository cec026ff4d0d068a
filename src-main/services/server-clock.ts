/**
 * The server's wall clock, estimated. RAS datetimes are naive server-local times (docs/protocol.md §2.5), so
 * "now" for "is the lock active" or "has this period ended" must be in the same terms:
 *
 *   serverNow = desktopNow + offset
 *
 * Learned from what the server itself reports. A session's newest time (`lastActiveAt` or
 * `startedAt`) is at most the server's now when it was read, and server zones are whole quarter
 * hours, so each session suggests offset ≥ its gap rounded up to 15 minutes (a minute of slack
 * for clock drift). Idle sessions suggest too little; a working server with a wrong clock or a
 * corrupt value suggests too much. So the estimate is a high order statistic, never the maximum:
 * the zone that all but a few sessions (3, or a tenth of them) reach — outliers ahead cannot move
 * it, and it never runs ahead of what most sessions show. Values beyond the widest zone (UTC+14)
 * are dropped, the result is bounded to real zones, and it is recomputed on every observation (it
 * can go down as well as up). Sessions are pooled per server for ten minutes, so a list of one
 * infobase adds to the picture rather than replacing it.
 *
 * Until a server has shown any session, the desktop's own zone is assumed (an admin's PC usually
 * sits in the server's zone); callers that must not guess check `knows` first.
 */
import type { LockPhase, ServerTime } from '../../src-shared/contract'
import { robustHighest } from '../../src-shared/robust-newest'
import { systemClock, type Clock } from './ports'

const QUARTER_HOUR = 15 * 60_000
const SKEW_SLACK = 60_000
const HOUR = 3_600_000
/** Real zones run from UTC−12 to UTC+14. */
const MIN_OFFSET = -12 * HOUR
const MAX_OFFSET = 14 * HOUR
/** How long a session's time stays in the pool after it was last seen. */
const KEEP_MS = 10 * 60_000
const MAX_KEPT = 1_000

/** What the estimate needs of a session record. */
export interface SessionTimes {
  session: string
  lastActiveAt: ServerTime
  startedAt: ServerTime
}

interface Seen {
  /** Newest session time minus the desktop's now when it was read. */
  gap: number
  /** Desktop time it was read. */
  at: number
}

export class ServerClock {
  /** server key (`host:port`) → session uuid → its newest time as read (Map order = oldest read first). */
  private readonly seen = new Map<string, Map<string, Seen>>()
  /** server key → estimated offset in ms, and when it was last recomputed (desktop ms). */
  private readonly offsets = new Map<string, { offset: number; at: number }>()

  constructor(private readonly clock: Clock = systemClock) {}

  /** Learns from sessions read just now (their times in ms of the server's wall clock). */
  observe(server: string, sessions: readonly SessionTimes[]): void {
    const now = this.clock.now()
    let pool = this.seen.get(server)
    if (!pool) this.seen.set(server, (pool = new Map()))
    // Only the last MAX_KEPT usable sessions of a list would outlive the trim below, so only
    // they are pooled: found from the end, added in list order (npm run bench, item 4a).
    const usable: { session: string; gap: number }[] = []
    for (let i = sessions.length - 1; i >= 0 && usable.length < MAX_KEPT; i--) {
      const s = sessions[i]!
      const newest = s.lastActiveAt === null ? s.startedAt : Math.max(s.lastActiveAt, s.startedAt ?? -Infinity)
      if (newest === null || !Number.isFinite(newest)) continue
      const gap = newest - now
      // No zone is this far ahead: a corrupt or hostile value, not a clock.
      if (gap > MAX_OFFSET + SKEW_SLACK) continue
      usable.push({ session: s.session, gap })
    }
    for (let i = usable.length - 1; i >= 0; i--) {
      const { session, gap } = usable[i]!
      pool.delete(session)
      pool.set(session, { gap, at: now })
    }
    for (const [id, e] of pool) if (now - e.at > KEEP_MS) pool.delete(id)
    for (const id of pool.keys()) {
      if (pool.size <= MAX_KEPT) break
      pool.delete(id)
    }
    const offset = estimateOffset([...pool.values()].map((e) => e.gap))
    if (offset !== null) this.offsets.set(server, { offset, at: now })
  }

  /** The server's "now" as a ServerTime (ms of its wall clock). */
  now(server: string): number {
    const now = this.clock.now()
    const offset = this.offsets.get(server)?.offset ?? -new Date(now).getTimezoneOffset() * 60_000
    return now + offset
  }

  /** Whether the offset was learned from the server (within `maxAgeMs`, if given) rather than assumed. */
  knows(server: string, maxAgeMs = Infinity): boolean {
    const known = this.offsets.get(server)
    return known !== undefined && this.clock.now() - known.at <= maxAgeMs
  }
}

/**
 * The offset that all but a few of the sessions' gaps reach (see the file comment); null for none.
 * Exported for tests.
 */
export function estimateOffset(gaps: readonly number[]): number | null {
  return robustHighest(
    gaps
      .map((gap) => Math.ceil((gap - SKEW_SLACK) / QUARTER_HOUR) * QUARTER_HOUR)
      .map((zone) => Math.min(MAX_OFFSET, Math.max(MIN_OFFSET, zone))),
  )
}

/**
 * A lock's phase at the server time `now`: sessions-deny off → 'off'; before an explicit start →
 * 'scheduled'; after an explicit end → 'expired'; otherwise 'active'. An empty from/to (0 ticks)
 * is open on that side, as the server treats it.
 */
export function lockPhase(sessionsDeny: boolean, from: ServerTime, to: ServerTime, now: number): LockPhase {
  if (!sessionsDeny) return 'off'
  if (from !== null && now < from) return 'scheduled'
  if (to !== null && now > to) return 'expired'
  return 'active'
}

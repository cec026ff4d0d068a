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
import { toleratedOutliers } from '../../src-shared/robust-newest'
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

/** What the estimate needs of a list of sessions, as columns (a SessionTable's own will do). */
export interface SessionTimes {
  session: readonly string[]
  lastActiveAt: readonly ServerTime[]
  startedAt: readonly ServerTime[]
}

/** The columns SessionTimes of a list of records. */
export function timesOf(
  records: readonly { session: string; lastActiveAt: ServerTime; startedAt: ServerTime }[],
): SessionTimes {
  return {
    session: records.map((r) => r.session),
    lastActiveAt: records.map((r) => r.lastActiveAt),
    startedAt: records.map((r) => r.startedAt),
  }
}

interface Seen {
  /** The zone bucket its newest time suggested (zoneOf: newest time minus the desktop's now). */
  zone: number
  /** Desktop time it was read. */
  at: number
  /** Which observation read it last (ServerClock.reads). */
  read: number
}

export class ServerClock {
  /** server key (`host:port`) → session uuid → the zone its newest time suggested, and when it was read. */
  private readonly seen = new Map<string, Map<string, Seen>>()
  /** server key → estimated offset in ms, and when it was last recomputed (desktop ms). */
  private readonly offsets = new Map<string, { offset: number; at: number }>()

  /** Observations so far: orders reads even when the clock stands still. */
  private reads = 0

  constructor(private readonly clock: Clock = systemClock) {}

  /** Learns from sessions read just now (their times in ms of the server's wall clock). */
  observe(server: string, sessions: SessionTimes): void {
    const now = this.clock.now()
    const read = ++this.reads
    let pool = this.seen.get(server)
    if (!pool) this.seen.set(server, (pool = new Map()))
    // Only the last MAX_KEPT usable sessions of a list would outlive the trim below, so only
    // they are pooled: found from the end. Entries are updated in place and the estimate
    // counts zones rather than sorting: a refresh of 50 servers × 1,000
    // sessions pays this on every list (npm run bench, items 4a and 5).
    const picked: number[] = []
    const zones: number[] = []
    const { session: ids, lastActiveAt, startedAt } = sessions
    for (let i = ids.length - 1; i >= 0 && picked.length < MAX_KEPT; i--) {
      const last = lastActiveAt[i]!
      const started = startedAt[i]!
      const newest = last === null ? started : Math.max(last, started ?? -Infinity)
      if (newest === null || !Number.isFinite(newest)) continue
      const gap = newest - now
      // No zone is this far ahead: a corrupt or hostile value, not a clock.
      if (gap > MAX_OFFSET + SKEW_SLACK) continue
      picked.push(i)
      zones.push(zoneOf(gap))
    }
    for (let k = picked.length - 1; k >= 0; k--) {
      const session = ids[picked[k]!]!
      const seen = pool.get(session)
      if (seen) {
        seen.zone = zones[k]!
        seen.at = now
        seen.read = read
      } else {
        pool.set(session, { zone: zones[k]!, at: now, read })
      }
    }
    for (const [id, e] of pool) if (now - e.at > KEEP_MS) pool.delete(id)
    if (pool.size > MAX_KEPT) {
      // Too many: the ones read longest ago go (this list's own are at most MAX_KEPT).
      const older = [...pool].filter(([, e]) => e.read < read).sort((a, b) => a[1].read - b[1].read)
      for (const [id] of older) {
        if (pool.size <= MAX_KEPT) break
        pool.delete(id)
      }
    }
    const counts = new Uint32Array(ZONES)
    for (const e of pool.values()) counts[e.zone]!++
    const offset = highestZone(counts, pool.size)
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

/** Quarter hours from the lowest real zone to the highest: the estimate's buckets. */
const ZONES = (MAX_OFFSET - MIN_OFFSET) / QUARTER_HOUR + 1

/** The bucket of the zone a gap suggests (rounded up to a quarter hour, within real zones). */
function zoneOf(gap: number): number {
  const zone = Math.min(MAX_OFFSET, Math.max(MIN_OFFSET, Math.ceil((gap - SKEW_SLACK) / QUARTER_HOUR) * QUARTER_HOUR))
  return (zone - MIN_OFFSET) / QUARTER_HOUR
}

/** robustHighest (src-shared/robust-newest.ts) over bucket counts: the same zone, found without sorting. */
function highestZone(counts: Uint32Array, total: number): number | null {
  if (total === 0) return null
  const skip = toleratedOutliers(total)
  let seen = 0
  for (let b = counts.length - 1; b >= 0; b--) {
    seen += counts[b]!
    if (seen > skip) return MIN_OFFSET + b * QUARTER_HOUR
  }
  return null
}

/**
 * The offset that all but a few of the sessions' gaps reach (see the file comment); null for none.
 * Exported for tests.
 */
export function estimateOffset(gaps: readonly number[]): number | null {
  const counts = new Uint32Array(ZONES)
  for (const gap of gaps) counts[zoneOf(gap)]!++
  return highestZone(counts, gaps.length)
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

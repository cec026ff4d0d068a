/**
 * The server's wall clock, estimated. RAS datetimes are naive server-local times (spec §2.5), so
 * "now" for a lock's start or for "is the lock active" must be in the same terms:
 *
 *   serverNow = desktopNow + offset
 *
 * The offset is learned from what the server itself reports: the newest `lastActiveAt` /
 * `startedAt` of the sessions we read is at most the server's now, and server zones are whole
 * quarter hours, so offset = that gap rounded up to 15 minutes (with a minute of slack for clock
 * skew). Until a server has shown any session, the desktop's own zone is assumed (an admin's PC
 * usually sits in the server's zone).
 */
import { systemClock, type Clock } from './ports'

const QUARTER_HOUR = 15 * 60_000
const SKEW_SLACK = 60_000

export class ServerClock {
  /** server key (`host:port`) → learned offset in ms. */
  private readonly offsets = new Map<string, number>()

  constructor(private readonly clock: Clock = systemClock) {}

  /** Learns from session times read just now (ms of the server's wall clock; nulls ignored). */
  observe(server: string, times: Iterable<number | null>): void {
    let newest = -Infinity
    for (const t of times) if (t !== null && t > newest) newest = t
    if (newest === -Infinity) return
    const gap = newest - this.clock.now()
    const offset = Math.ceil((gap - SKEW_SLACK) / QUARTER_HOUR) * QUARTER_HOUR
    // A newer observation can only raise the lower bound; keep the larger one.
    const known = this.offsets.get(server)
    if (known === undefined || offset > known) this.offsets.set(server, offset)
  }

  /** The server's "now" as a ServerTime (ms of its wall clock). */
  now(server: string): number {
    const now = this.clock.now()
    const offset = this.offsets.get(server) ?? -new Date(now).getTimezoneOffset() * 60_000
    return now + offset
  }

  knows(server: string): boolean {
    return this.offsets.has(server)
  }
}

/**
 * The timeline's marks, kept as they happen: every lock read (LockService.onLockRead) becomes a
 * lock observation, so the history opens and closes lock periods; every audit entry of the app's
 * own destructive actions (AuditLog.onRecord) becomes an event carrying the entry's time, so the UI
 * can open it in the audit log. Times are the server's wall clock (ServerClock of the cluster's
 * server, docs/architecture.md §5); a failing store is logged, never in the way of an action.
 */
import type { AuditEntry } from '../../src-shared/contract'
import type { HistoryStore } from '../history/history-port'
import { sampleTime } from '../history/sample'
import type { LockRead } from './locks'
import type { Clock } from './ports'
import type { ServerClock } from './server-clock'

const MAX_DETAIL = 300
const SHOWN_SESSIONS = 5

export class HistoryMarks {
  constructor(
    private readonly store: () => HistoryStore | null,
    private readonly serverClock: ServerClock,
    private readonly clock: Clock,
    /** An infobase's name from its UUID, as the lists showed it (SessionService.infobaseNameOf). */
    private readonly infobaseName: (cluster: string, infobase: string) => string | null,
    private readonly log: (line: string) => void,
  ) {}

  private serverNow(server: string): number {
    return sampleTime(this.serverClock.knows(server) ? this.serverClock.now(server) : null, this.clock.now())
  }

  lockRead({ cluster, server, state }: LockRead): void {
    this.write(() =>
      this.store()?.observeLock({
        cluster: cluster.toLowerCase(),
        server,
        infobase: state.infobase,
        infobaseName: state.name,
        at: state.serverNow ?? this.serverNow(server),
        active: state.phase === 'active',
        deniedFrom: state.deniedFrom,
        deniedTo: state.deniedTo,
        message: state.deniedMessage,
      }),
    )
  }

  /** The app's own action; one that failed before reaching the server changed nothing and is not marked. */
  audited(entry: AuditEntry): void {
    if (entry.outcome.startsWith('failed')) return
    const infobaseName =
      entry.infobase === undefined ? '' : (this.infobaseName(entry.cluster, entry.infobase) ?? entry.infobase)
    this.write(() =>
      this.store()?.recordEvent({
        cluster: entry.cluster.toLowerCase(),
        server: entry.server,
        at: this.serverNow(entry.server),
        kind: entry.action,
        infobaseName,
        detail: detailOf(entry),
        auditTime: entry.time,
      }),
    )
  }

  private write(task: () => void): void {
    try {
      task()
    } catch (e) {
      this.log(`history: a timeline mark was not recorded: ${(e as Error).message}`)
    }
  }
}

/** One line for a tooltip: the sessions touched (a few, then how many more) or the message, and the outcome. */
function detailOf(entry: AuditEntry): string {
  const parts: string[] = []
  if (entry.sessions?.length) {
    const shown = entry.sessions.slice(0, SHOWN_SESSIONS).map((s) => `${s.userName || '—'} #${s.sessionId}`)
    const more = entry.sessions.length - shown.length
    parts.push(shown.join(', ') + (more > 0 ? ` (+${more})` : ''))
  }
  if (entry.message) parts.push(entry.message)
  parts.push(entry.outcome)
  const line = parts.join('; ').replace(/\s+/g, ' ')
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL - 1)}…` : line
}

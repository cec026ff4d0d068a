/**
 * The sessions of a cluster's last list, by uuid: the three fields terminate results and the
 * audit name a session by. A cached SessionRow would cost ~2 KB, 100 MB of heap for 50,000
 * sessions (npm run bench, item 8). The index is built only when something looks a session up —
 * a refresh keeps references to four of the table's own columns and builds nothing (items 4a, 8).
 */
import type { SessionTable } from '../../src-shared/contract'

export interface KnownSession {
  sessionId: number
  userName: string
  infobase: string
}

type Columns = Pick<SessionTable['columns'], 'session' | 'sessionId' | 'userName' | 'infobase'>

/**
 * The four columns a lookup reads, not the table: holding its ~50 columns until the next refresh
 * would keep every value of the list alive, and the GC would copy them all (npm run bench, 4a).
 */
function lookupColumns({ columns: c }: SessionTable): Columns {
  return { session: c.session, sessionId: c.sessionId, userName: c.userName, infobase: c.infobase }
}

export class KnownSessions {
  private readonly index = new Map<string, KnownSession>()
  /** Lists not indexed yet, oldest first; `replace` for a whole cluster's list. */
  private pending: { columns: Columns; count: number; replace: boolean }[] = []

  /** A whole cluster's list: what it lacks has ended. */
  replaceWith(table: SessionTable): void {
    this.pending = [{ columns: lookupColumns(table), count: table.count, replace: true }]
  }

  /** One infobase's list: added to what is known. */
  addAll(table: SessionTable): void {
    this.pending.push({ columns: lookupColumns(table), count: table.count, replace: false })
  }

  get(session: string): KnownSession | undefined {
    return this.indexed().get(session)
  }

  has(session: string): boolean {
    return this.indexed().has(session)
  }

  set(session: string, known: KnownSession): void {
    this.indexed().set(session, known)
  }

  delete(session: string): void {
    this.indexed().delete(session)
  }

  private indexed(): Map<string, KnownSession> {
    for (const { columns: c, count, replace } of this.pending) {
      if (replace) this.index.clear()
      for (let i = 0; i < count; i++) {
        this.index.set(c.session[i]!, {
          sessionId: c.sessionId[i]!,
          userName: c.userName[i]!,
          infobase: c.infobase[i]!,
        })
      }
    }
    this.pending = []
    return this.index
  }
}

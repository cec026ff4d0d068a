/**
 * The `sessions` table read back (history-file.ts has the layout): which sessions of a cluster
 * lived in a period — all of them, one, a few, or a user's — with their texts resolved.
 */
import type Database from 'better-sqlite3'
import type { SessionQuery, SessionSpan } from './history-port'

export interface SessionRowDb {
  id: number
  cluster: string
  uuid: string
  session_id: number
  user: string
  infobase: string
  host: string
  app: string
  appeared: number
  ended: number | null
}

const ALIVE = 's.cluster = ? AND s.appeared < ? AND (s.ended IS NULL OR s.ended > ?)'

export function sessionRows(db: Database.Database, where: string, ...args: unknown[]): SessionRowDb[] {
  return db
    .prepare(
      `SELECT s.id, c.uuid AS cluster, s.uuid, s.session_id, u.text AS user, i.text AS infobase, h.text AS host,
              a.text AS app, s.appeared, s.ended
       FROM sessions s JOIN clusters c ON c.id = s.cluster JOIN dict u ON u.id = s.user
       JOIN dict i ON i.id = s.infobase JOIN dict h ON h.id = s.host JOIN dict a ON a.id = s.app
       WHERE ${where} ORDER BY s.appeared, s.id`,
    )
    .all(...args) as SessionRowDb[]
}

/** Every session of a cluster alive in [from, to). */
export function aliveSessions(db: Database.Database, cref: number, from: number, to: number): SessionRowDb[] {
  return sessionRows(db, ALIVE, cref, to, from)
}

/** The sessions a query names (one, a few, or a user's) alive in its period. */
export function sessionsOf(db: Database.Database, cref: number, q: SessionQuery): SessionRowDb[] {
  if (q.session !== undefined)
    return sessionRows(db, `${ALIVE} AND s.uuid = ?`, cref, q.to, q.from, q.session.toLowerCase())
  if (q.sessions !== undefined) {
    if (q.sessions.length === 0) return []
    const ids = q.sessions.map((s) => s.toLowerCase())
    return sessionRows(db, `${ALIVE} AND s.uuid IN (${ids.map(() => '?').join(',')})`, cref, q.to, q.from, ...ids)
  }
  return sessionRows(db, `${ALIVE} AND u.text = ?`, cref, q.to, q.from, q.userName ?? '')
}

export function spanOf(r: SessionRowDb): SessionSpan {
  return {
    cluster: r.cluster,
    session: r.uuid,
    sessionId: r.session_id,
    userName: r.user,
    infobaseName: r.infobase,
    appId: r.app,
    host: r.host,
    appeared: r.appeared,
    ended: r.ended,
  }
}

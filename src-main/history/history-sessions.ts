/**
 * The `sessions` table read back (history-file.ts has the layout): which sessions of a cluster
 * lived in a period — all of them, one, a few, or a user's — with their texts resolved.
 */
import type Database from 'better-sqlite3'
import type { SessionQuery, SessionSpan } from './history-port'
import { prepared } from './statements'

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

/**
 * The sessions `where` picks (on `s`, the sessions table; `u.text` for the user's name). Texts are
 * resolved from the dictionary once per distinct id rather than joined row by row: a day of a
 * 10,000-session cluster is tens of thousands of rows with a few hundred distinct texts.
 */
export function sessionRows(db: Database.Database, where: string, ...args: unknown[]): SessionRowDb[] {
  const join = where.includes('u.text') ? 'JOIN dict u ON u.id = s.user' : ''
  const rows = prepared(
    db,
    `SELECT s.id, c.uuid, s.uuid, s.session_id, s.user, s.infobase, s.host, s.app, s.appeared, s.ended
       FROM sessions s JOIN clusters c ON c.id = s.cluster ${join}
       WHERE ${where} ORDER BY s.appeared, s.id`,
    'raw',
  ).all(...args) as Array<[number, string, string, number, number, number, number, number, number, number | null]>
  const texts = new Map<number, string>()
  const lookup = prepared(db, 'SELECT text FROM dict WHERE id = ?', 'pluck')
  const text = (id: number): string => {
    let t = texts.get(id)
    if (t === undefined) texts.set(id, (t = (lookup.get(id) as string | undefined) ?? ''))
    return t
  }
  return rows.map(([id, cluster, uuid, sessionId, user, infobase, host, app, appeared, ended]) => ({
    id,
    cluster,
    uuid,
    session_id: sessionId,
    user: text(user),
    infobase: text(infobase),
    host: text(host),
    app: text(app),
    appeared,
    ended,
  }))
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
    // One JSON array parameter, not a '?' per id: one statement text, compiled once, for any count.
    const ids = JSON.stringify(q.sessions.map((s) => s.toLowerCase()))
    return sessionRows(db, `${ALIVE} AND s.uuid IN (SELECT value FROM json_each(?))`, cref, q.to, q.from, ids)
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

/**
 * What the timeline marks besides its figures (history-file.ts has the layout, schema 2): lock
 * periods as the app saw them and events — lock changes seen, and the app's own destructive actions
 * linked to their audit entries. All in server time.
 *
 * A period opens when a lock is first read in effect and closes when it is read lifted. Where the
 * lock's own period says more precisely when it began or ended (its "from" already passed when it
 * was first seen, its "to" passed before it was seen lifted) that time is used instead of the
 * moment of reading, never before the previous period of the same infobase ended.
 */
import type Database from 'better-sqlite3'
import type { EventKind, LockObservation, LockSpan, Period, StoredEvent } from './history-port'
import { prepared } from './statements'

export function observeLock(db: Database.Database, cref: number, o: LockObservation): void {
  const open = prepared(
    db,
    'SELECT id, from_at AS start, message FROM locks WHERE cluster = ? AND infobase = ? AND to_at IS NULL',
  ).get(cref, o.infobase) as { id: number; start: number; message: string } | undefined
  const event = (at: number, kind: EventKind, detail: string) =>
    prepared(
      db,
      'INSERT INTO events (cluster, at, kind, infobase_name, detail, audit_time) VALUES (?, ?, ?, ?, ?, NULL)',
    ).run(cref, at, kind, o.infobaseName, detail)
  if (o.active) {
    if (open) {
      if (open.message !== o.message) prepared(db, 'UPDATE locks SET message = ? WHERE id = ?').run(o.message, open.id)
      return
    }
    const lastEnd = (
      prepared(db, 'SELECT max(to_at) AS t FROM locks WHERE cluster = ? AND infobase = ?').get(cref, o.infobase) as {
        t: number | null
      }
    ).t
    let start = o.deniedFrom !== null && o.deniedFrom <= o.at ? o.deniedFrom : o.at
    if (lastEnd !== null) start = Math.max(start, lastEnd)
    prepared(
      db,
      'INSERT INTO locks (cluster, infobase, infobase_name, from_at, to_at, message) VALUES (?, ?, ?, ?, NULL, ?)',
    ).run(cref, o.infobase, o.infobaseName, start, o.message)
    event(start, 'lock-seen', o.message)
  } else if (open) {
    const end = o.deniedTo !== null && o.deniedTo <= o.at && o.deniedTo >= open.start ? o.deniedTo : o.at
    prepared(db, 'UPDATE locks SET to_at = ? WHERE id = ?').run(end, open.id)
    event(end, 'unlock-seen', open.message)
  }
}

export function recordEvent(db: Database.Database, cref: number, e: StoredEvent): void {
  prepared(
    db,
    'INSERT INTO events (cluster, at, kind, infobase_name, detail, audit_time) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(cref, e.at, e.kind, e.infobaseName, e.detail, e.auditTime ?? null)
}

export function lockSpans(db: Database.Database, cref: number, p: Period): LockSpan[] {
  const rows = prepared(
    db,
    `SELECT infobase_name AS infobaseName, from_at AS "from", to_at AS "to", message FROM locks
       WHERE cluster = ? AND from_at < ? AND (to_at IS NULL OR to_at > ?) ORDER BY from_at, id`,
  ).all(cref, p.to, p.from) as LockSpan[]
  return rows
}

export function eventsIn(
  db: Database.Database,
  cref: number,
  cluster: string,
  server: string,
  p: Period,
): StoredEvent[] {
  const rows = prepared(
    db,
    `SELECT at, kind, infobase_name AS infobaseName, detail, audit_time AS auditTime FROM events
       WHERE cluster = ? AND at >= ? AND at < ? ORDER BY at, id`,
  ).all(cref, p.from, p.to) as Array<
    Omit<StoredEvent, 'cluster' | 'server' | 'auditTime'> & { auditTime: string | null }
  >
  return rows.map(({ auditTime, ...e }) => ({ cluster, server, ...e, ...(auditTime !== null ? { auditTime } : {}) }))
}

/** Marks past the totals' keep time go with them. */
export function pruneMarks(db: Database.Database, cref: number, before: number): void {
  prepared(db, 'DELETE FROM events WHERE cluster = ? AND at < ?').run(cref, before)
  prepared(db, 'DELETE FROM locks WHERE cluster = ? AND to_at IS NOT NULL AND to_at < ?').run(cref, before)
}

/**
 * Statements compiled once per history file: better-sqlite3 compiles a statement each time
 * `prepare` is called, and some run with every sample written (history-sums.ts `touchSums`) or
 * several times per answer (history-peaks.ts).
 */
import type Database from 'better-sqlite3'

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>()

/** The statement of `sql` on `db`, compiled at its first use. */
export function prepared(db: Database.Database, sql: string): Database.Statement {
  let byText = statements.get(db)
  if (!byText) statements.set(db, (byText = new Map()))
  let st = byText.get(sql)
  if (!st) byText.set(sql, (st = db.prepare(sql)))
  return st
}

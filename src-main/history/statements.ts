/**
 * Statements compiled once per history file: better-sqlite3 compiles a statement each time
 * `prepare` is called, and some run with every sample written (history-sums.ts `touchSums`) or
 * several times per answer (history-peaks.ts).
 *
 * `raw()` and `pluck()` change a statement's mode for every later call, so the mode is part of the
 * key and set once, when the statement is compiled: one caller's mode never reaches another's.
 * A cached statement is busy while it is iterated; none of them is run again inside its own loop.
 */
import type Database from 'better-sqlite3'

/** Rows as arrays of values (`raw`), or each row's first value alone (`pluck`). */
export type RowMode = 'raw' | 'pluck'

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>()

/** The statement of `sql` on `db` in `mode` (rows as objects without one), compiled at its first use. */
export function prepared(db: Database.Database, sql: string, mode?: RowMode): Database.Statement {
  let byKey = statements.get(db)
  if (!byKey) statements.set(db, (byKey = new Map()))
  const key = mode ? `${mode}\0${sql}` : sql
  let st = byKey.get(key)
  if (!st) {
    st = db.prepare(sql)
    if (mode === 'raw') st.raw(true)
    else if (mode === 'pluck') st.pluck(true)
    byKey.set(key, st)
  }
  return st
}

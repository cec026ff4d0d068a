/**
 * The columnar SessionTable → row objects, once per refresh. Same algorithm as
 * src-preload/session-table.ts rowsFromTable (tsconfig.web.json does not include that file, so
 * the renderer cannot import it); fields are taken from the table itself.
 */
import type { SessionRow, SessionTable } from '../../../src-preload/contract'

export function rowsFromTable(table: SessionTable): SessionRow[] {
  const cols = table.columns as unknown as Record<string, unknown[]>
  const fields = Object.keys(cols)
  const rows = new Array<SessionRow>(table.count)
  for (let i = 0; i < table.count; i++) {
    const row: Record<string, unknown> = {}
    for (const f of fields) row[f] = cols[f]![i]
    rows[i] = row as unknown as SessionRow
  }
  return rows
}

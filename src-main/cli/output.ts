/**
 * The CLI's three output forms: a readable table, one JSON array (RAS field names in camelCase,
 * times as server wall-clock `YYYY-MM-DDTHH:mm:ss`), and CSV for Excel (UTF-8 BOM, `;`, CRLF,
 * every field quoted).
 */
import { csvDocument, guardFormula } from '../../src-preload/csv'

export type Kind = 'string' | 'number' | 'boolean' | 'datetime'

export interface Column {
  key: string
  kind: Kind
}

export type Row = Record<string, unknown>

/** `YYYY-MM-DDTHH:mm:ss` of a server wall-clock time (ms, naive), or null. */
export function isoServerTime(t: unknown): string | null {
  if (typeof t !== 'number') return null
  return new Date(t).toISOString().slice(0, 19)
}

/**
 * One JSON array. Datetime fields are rewritten in place to their text form (the rows are the
 * CLI's own, printed once), then V8's JSON.stringify with a key list picks and orders the keys —
 * the fastest way to print 10,000 sessions.
 */
export function toJson(rows: Row[], columns: readonly Column[]): string {
  const times = columns.filter((c) => c.kind === 'datetime').map((c) => c.key)
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!
    for (const key of times) row[key] = isoServerTime(row[key])
  }
  return (
    JSON.stringify(
      rows,
      columns.map((c) => c.key),
    ) + '\n'
  )
}

function csvCellText(v: unknown, kind: Kind): string {
  if (v === null || v === undefined) return ''
  if (kind === 'datetime') return isoServerTime(v)?.replace('T', ' ') ?? ''
  // A text starting like a formula would be run by Excel: keep it text.
  return kind === 'string' ? guardFormula(String(v)) : String(v)
}

export function toCsv(rows: readonly Row[], columns: readonly Column[]): string {
  return csvDocument(
    [columns.map((c) => c.key), ...rows.map((row) => columns.map((c) => csvCellText(row[c.key], c.kind)))],
    ';',
  )
}

/** A plain aligned table with a header; `columns` picks and titles what is shown. */
export function toTable(rows: readonly Row[], columns: ReadonlyArray<Column & { title: string }>): string {
  const cells = rows.map((row) =>
    columns.map((c) => {
      const v = row[c.key]
      if (v === null || v === undefined) return ''
      if (c.kind === 'datetime') return isoServerTime(v)?.replace('T', ' ') ?? ''
      if (c.kind === 'boolean') return v ? 'yes' : 'no'
      return String(v).replace(/\s*\n\s*/g, ' ')
    }),
  )
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i]!.length)))
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(columns.map((c) => c.title)), ...cells.map(line)].join('\n') + '\n'
}

/** "key: value" lines for one record (lock state). */
export function toKeyValues(row: Row, columns: readonly Column[]): string {
  const width = Math.max(...columns.map((c) => c.key.length))
  return (
    columns
      .map((c) => {
        const v = row[c.key]
        const text =
          c.kind === 'datetime'
            ? (isoServerTime(v)?.replace('T', ' ') ?? '')
            : c.kind === 'boolean'
              ? v
                ? 'yes'
                : 'no'
              : String(v ?? '')
        return `${c.key.padEnd(width)} : ${text}`
      })
      .join('\n') + '\n'
  )
}

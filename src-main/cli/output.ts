/**
 * The CLI's three output forms: a readable table, one JSON array (RAS field names in camelCase,
 * times as server wall-clock `YYYY-MM-DDTHH:mm:ss`), and CSV for Excel (UTF-8 BOM, `;`, CRLF,
 * every field quoted).
 */
import { csvDocument, guardFormula } from '../../src-shared/csv'
import { serverTimeIso, serverTimeText } from '../../src-shared/server-time'

export type Kind = 'string' | 'number' | 'boolean' | 'datetime'

export interface Column {
  key: string
  kind: Kind
}

export type Row = Record<string, unknown>

/**
 * C0/C1 controls, DEL, bidi embeddings/overrides/isolates and marks, line/paragraph separators:
 * what a terminal would act on (escape sequences, cursor moves, window titles) or reorder.
 */
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/**
 * Server text made safe to print on a terminal: line breaks (with the spaces around them) become
 * one space, every other control shows as a visible escape (`\x1b`, `\u202e`), so a user name
 * can neither drive the admin's terminal nor disguise itself.
 */
export function terminalText(text: string): string {
  return text.replace(/\s*[\n\r]\s*/g, ' ').replace(TERMINAL_UNSAFE, (c) => {
    const code = c.charCodeAt(0)
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
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
    for (const key of times) row[key] = serverTimeIso(row[key])
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
  if (kind === 'datetime') return serverTimeText(v)
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
      if (c.kind === 'datetime') return serverTimeText(v)
      if (c.kind === 'boolean') return v ? 'yes' : 'no'
      return terminalText(String(v))
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
            ? serverTimeText(v)
            : c.kind === 'boolean'
              ? v
                ? 'yes'
                : 'no'
              : terminalText(String(v ?? ''))
        return `${c.key.padEnd(width)} : ${text}`
      })
      .join('\n') + '\n'
  )
}

/** A count and its English noun: "1 session", "2 sessions" (the CLI speaks English). */
export function counted(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`
}

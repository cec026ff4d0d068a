/**
 * `--json` output streamed in chunks: the same bytes as `JSON.stringify(rows, keys) + '\n'` with
 * datetimes as `serverTimeIso`, without a 13 MB string for 10,000 sessions. Each row is written by
 * a function compiled from the column list (like the record decoders, src-main/ras/record.ts), so
 * printing walks no key list and builds no object or string per row.
 */
import { isoTimeFormatter } from './iso-time'
import { JsonBytes, utf8Bytes } from './json-bytes'
import type { Column, Row } from './output'

/** Where the output goes: process.stdout, or a test's collector. */
export interface ByteOut {
  write(chunk: Buffer): unknown
  /** Present on streams: `write` returning false then means "wait for drain". */
  once?(event: 'drain', listener: () => void): unknown
}

/** Writes one row's JSON object; `over` supplies the values of the columns named as overridden. */
export type RowWriter = (w: JsonBytes, row: Row, over: Row) => void

export const OPEN = utf8Bytes('[')
export const COMMA = utf8Bytes(',')
export const CLOSE = utf8Bytes(']\n')
export const EMPTY = utf8Bytes('[]\n')

/**
 * Compiles the writer of one row. A value JSON.stringify would print differently from the fast
 * forms (a non-finite number, an object, undefined which drops the key) takes JSON.stringify's own
 * path with the same key list, so the output never differs from it. Only column keys, as JSON
 * string literals, reach the generated source.
 */
export function compileRowWriter(columns: readonly Column[], overridden: readonly string[] = []): RowWriter {
  const keys = columns.map((c) => c.key)
  const consts = baseConstants()
  const constant = (text: string) => `c[${consts.push(utf8Bytes(text)) - 1}]`
  const body = columns.map((col) => {
    const key = JSON.stringify(col.key)
    const source = overridden.includes(col.key) ? `over[${key}]` : `row[${key}]`
    return valueSource(col.kind === 'datetime' ? `iso(${source})` : source, keySeparator(key, constant))
  })
  const source = `return function writeRow(w, row, over) {\n  let first = true, v, t\n  w.bytes(c[0])\n  ${body.join('\n  ')}\n  w.bytes(c[1])\n}`
  const other = (v: unknown): string | undefined => JSON.stringify(v, keys)
  return new Function('c', 'other', 'iso', source)(consts, other, isoTimeFormatter()) as RowWriter
}

/**
 * Generated source that writes the key (a JSON string literal) before a value: the first key
 * printed opens the object (`first`), every later one is preceded by a comma. `constant` turns
 * text into the expression of its prepared bytes.
 */
export function keySeparator(key: string, constant: (text: string) => string): string {
  return `if (first) { w.bytes(${constant(`${key}:`)}); first = false } else w.bytes(${constant(`,${key}:`)})`
}

/**
 * Generated source that writes the value of the expression `value` after `sep`, in the form
 * JSON.stringify gives it, or drops the key where JSON.stringify would (undefined, a function).
 * Expects `c[2…4]` to be null/true/false and `other` to be JSON.stringify with the key list.
 */
export function valueSource(value: string, sep: string): string {
  return [
    `v = ${value}`,
    `if (typeof v === 'string') { ${sep}; w.string(v) }`,
    `else if (typeof v === 'number' && v - v === 0) { ${sep}; w.number(v) }`,
    `else if (v === null) { ${sep}; w.bytes(c[2]) }`,
    `else if (typeof v === 'boolean') { ${sep}; w.bytes(v ? c[3] : c[4]) }`,
    `else if ((t = other(v)) !== undefined) { ${sep}; w.text(t) }`,
  ].join('\n  ')
}

/** The bytes every generated writer finds at c[0…4]: `{`, `}`, null, true, false. */
export function baseConstants(): Uint8Array[] {
  return [utf8Bytes('{'), utf8Bytes('}'), utf8Bytes('null'), utf8Bytes('true'), utf8Bytes('false')]
}

/** Prints `count` rows (`writeRow(w, i)` writes row i) as one JSON array and a newline, in chunks. */
export async function writeJsonArray(
  out: ByteOut,
  count: number,
  writeRow: (w: JsonBytes, i: number) => void,
): Promise<void> {
  let waitForDrain = false
  const w = new JsonBytes((chunk) => {
    if (out.write(chunk) === false && out.once) waitForDrain = true
  })
  w.bytes(count === 0 ? EMPTY : OPEN)
  for (let i = 0; i < count; i++) {
    if (i > 0) w.bytes(COMMA)
    writeRow(w, i)
    if (waitForDrain) {
      waitForDrain = false
      await new Promise<void>((resolve) => out.once!('drain', () => resolve()))
    }
  }
  if (count > 0) w.bytes(CLOSE)
  w.flush()
  if (waitForDrain) await new Promise<void>((resolve) => out.once!('drain', () => resolve()))
}

/** Writes `chunks` in order, waiting for the stream to drain whenever it asks to. */
export async function sendChunks(out: ByteOut, chunks: Iterable<Uint8Array>): Promise<void> {
  for (const chunk of chunks) {
    if (out.write(chunk as Buffer) === false && out.once) {
      await new Promise<void>((resolve) => out.once!('drain', () => resolve()))
    }
  }
}

/** `toJson` streamed: rows as they are, datetimes as server-time ISO text. */
export function writeJsonRows(out: ByteOut, rows: readonly Row[], columns: readonly Column[]): Promise<void> {
  const writeRow = compileRowWriter(columns)
  return writeJsonArray(out, rows.length, (w, i) => writeRow(w, rows[i]!, rows[i]!))
}

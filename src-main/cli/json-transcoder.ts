/**
 * `sessions --json` without decoding the sessions: a function compiled from the record's
 * declaration (the fields `fieldsAt` gives, as for the decoders in src-main/ras/record.ts) and the
 * CLI's column list reads one record from the reply and writes its JSON object as it goes. A
 * string's UTF-8 bytes are copied, a uuid is written from its 16 bytes, numbers and times are
 * printed from the value read, and nothing is kept. The output is byte for byte what
 * `compileRowWriter` prints for the decoded record (test/main/cli/json-transcoder.test.ts), and
 * bytes a decoder would refuse fail here with the same error.
 */
import type { Reader } from '../ras/codec'
import { absentValue, decodeList, fieldsAt, type FieldDef, type RecordDef } from '../ras/record'
import { skipSource } from '../ras/record-skip'
import { isoTimeFormatter } from './iso-time'
import { utf8Bytes, type JsonBytes } from './json-bytes'
import { baseConstants, keySeparator, valueSource } from './json-rows'
import type { Column, Row } from './output'

/** Reads one record from `r` and writes its JSON object to `w`; `over` gives the columns the record lacks. */
export type RecordTranscoder = (r: Reader, w: JsonBytes, over: Row) => void

/** A column computed from the decoded value of one of the record's fields (the infobase name from its uuid). */
export interface DerivedColumn {
  from: string
  value: (fieldValue: unknown) => unknown
}

/**
 * Compiles the transcoder of `record` at `version` for `columns`. A column that names a field is
 * that field; a `derived` column is computed from its field, which must come before it; any other
 * column is taken from `over` (or is a field this version lacks). Fields printed must be in wire
 * order, since nothing is kept.
 */
export function compileTranscoder(
  record: RecordDef,
  version: number,
  columns: readonly Column[],
  derived: Readonly<Record<string, DerivedColumn>> = {},
): RecordTranscoder {
  const fields = fieldsAt(record, version)
  const byName = new Map(fields.map((f) => [f.name, f]))
  const keys = columns.map((c) => c.key)
  const consts = baseConstants()
  const constant = (text: string) => `c[${consts.push(utf8Bytes(text)) - 1}]`
  const deps: unknown[] = []
  const dep = (value: unknown) => `d[${deps.push(value) - 1}]`
  const sources = new Set(Object.values(derived).map((d) => d.from))
  const lines: string[] = []
  let next = 0 // the next column to print

  // Columns that are not fields, up to the next field column (or the end).
  const printOthers = (read: ReadonlySet<string>) => {
    for (; next < columns.length && !byName.has(columns[next]!.key); next++) {
      const col = columns[next]!
      const key = JSON.stringify(col.key)
      const rule = Object.hasOwn(derived, col.key) ? derived[col.key]! : undefined
      if (rule && !read.has(rule.from)) throw new Error(`${col.key} is derived from ${rule.from}, printed after it`)
      const absent = record.fields.find((f) => f.name === col.key)
      const source = rule
        ? `${dep(rule.value)}(f_${fields.indexOf(byName.get(rule.from)!)})`
        : absent // a field this version lacks has the value the decoder gives it
          ? dep(absentValue(absent.type))
          : `over[${key}]`
      lines.push(valueSource(col.kind === 'datetime' ? `iso(${source})` : source, keySeparator(key, constant)))
    }
  }

  const read = new Set<string>()
  fields.forEach((f, i) => {
    printOthers(read)
    const printed = columns[next]?.key === f.name
    if (!printed && keys.includes(f.name)) throw new Error(`column ${f.name} is not in wire order`)
    const sep = keySeparator(JSON.stringify(f.name), constant)
    if (sources.has(f.name)) {
      // A derived column needs the decoded value; it is printed the ordinary way.
      lines.push(`const f_${i} = ${decodedRead(f, version, dep)}`)
      if (printed) lines.push(valueSource(f.type === 'datetime' ? `iso(f_${i})` : `f_${i}`, sep))
    } else if (printed) lines.push(printField(f, version, sep, dep))
    else lines.push(skipSource(f, version, dep))
    if (printed) next++
    read.add(f.name)
  })
  printOthers(read)

  const source = [
    'return function transcode(r, w, over) {',
    '  const b = r.buf',
    '  let first = true, v, t, at',
    '  w.bytes(c[0])',
    `  ${lines.join('\n  ')}`,
    '  w.bytes(c[1])',
    '}',
  ].join('\n')
  const other = (v: unknown): string | undefined => JSON.stringify(v, keys)
  return new Function('c', 'd', 'other', 'iso', source)(consts, deps, other, isoTimeFormatter()) as RecordTranscoder
}

/** Source that reads field `f` and prints it after `sep`, as the row writer prints its decoded value. */
function printField(f: FieldDef, version: number, sep: string, dep: (value: unknown) => string): string {
  const type = f.type
  if (typeof type === 'object' || type === 'tail') return valueSource(decodedRead(f, version, dep), sep)
  switch (type) {
    case 'str':
      return `at = r.strSpan(); ${sep}; w.wireText(b, at, r.pos - at)`
    case 'uuid':
      return `at = r.uuidSpan(); ${sep}; w.wireUuid(b, at)`
    case 'bool':
      return `v = r.bool(); ${sep}; w.bytes(v ? c[3] : c[4])`
    case 'datetime':
      return `v = iso(r.datetime()); ${sep}; if (v === null) w.bytes(c[2]); else w.string(v)`
    case 'f32':
    case 'f64':
      // NaN and ±Infinity print as null, as in JSON.stringify
      return `v = r.${type}(); ${sep}; if (v - v === 0) w.number(v); else w.bytes(c[2])`
    default:
      return `${sep}; w.number(r.${type}())`
  }
}

/** Source of the decoded value of field `f`, as the record decoder reads it. */
function decodedRead(f: FieldDef, version: number, dep: (value: unknown) => string): string {
  const type = f.type
  if (typeof type === 'object') return `${dep((r: Reader) => decodeList(r, type.list, version))}(r)`
  if (type === 'tail') return `r.rest().toString('hex')`
  return `r.${type}()`
}

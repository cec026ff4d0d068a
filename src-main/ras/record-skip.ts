/**
 * Reading fields without keeping them, from the same declaration as the decoders (record.ts):
 * what the CLI's JSON transcoder does with the fields it does not print, and how a list column
 * keeps one field of a nested list (a session's licences as the first one's short name) without
 * an object per item. Bytes a decoder would refuse fail here with the same error.
 */
import { releaseSlot, repeatSlot, type Reader, type RepeatSlot } from './codec'
import { absentValue, fieldsAt, listCount, readEach, scalarRead, type FieldDef, type RecordDef } from './record'
import { checkUtf8 } from './utf8-text'

/** Generated-source helper: `dep(value)` names `value` among the compiled function's arguments. */
export type DepName = (value: unknown) => string

/** Source that reads field `f` at `version` and drops it. */
export function skipSource(f: FieldDef, version: number, dep: DepName): string {
  const type = f.type
  if (type === 'str') return `${dep(skipText)}(r)`
  if (type === 'uuid') return 'r.uuidSpan()'
  if (type === 'tail') return 'r.rest()'
  if (typeof type === 'object') return `${dep(listSkipper(type.list, version))}(r)`
  return `r.${type}()`
}

/** Reads a string field without making it, failing on bytes that are not UTF-8 as decoding would. */
function skipText(r: Reader): void {
  const at = r.strSpan()
  checkUtf8(r.buf, at, r.pos)
}

const skippers = new WeakMap<RecordDef, Map<number, (r: Reader) => void>>()

/** A function that reads one `record` at `version` and drops it, compiled once per (record, version). */
export function recordSkipper(record: RecordDef, version: number): (r: Reader) => void {
  let byVersion = skippers.get(record)
  if (!byVersion) skippers.set(record, (byVersion = new Map()))
  let skip = byVersion.get(version)
  if (!skip) {
    const deps: unknown[] = []
    const dep = (value: unknown) => `d[${deps.push(value) - 1}]`
    const lines = fieldsAt(record, version).map((f) => skipSource(f, version, dep))
    skip = new Function('d', `return function skip(r) {\n  ${lines.join('\n  ')}\n}`)(deps) as (r: Reader) => void
    byVersion.set(version, skip)
  }
  return skip
}

/** A function that reads a list of `record` at `version` and drops it. */
export function listSkipper(record: RecordDef, version: number): (r: Reader) => void {
  const skipOne = recordSkipper(record, version)
  return (r) => void readEach(r, record, skipOne)
}

/** Reads a list and gives one field of its first item; `release` forgets the reply it shares text from. */
export interface FirstItemReader {
  read: (r: Reader) => unknown
  release: () => void
}

/**
 * Reads a list of `record` at `version` and gives field `name` of its first item — the field's
 * absent value when the list is empty or the version lacks the field — skipping everything else.
 * A text repeated from the previous list's first item is shared, as the decoders share it.
 */
export function firstItemReader(record: RecordDef, version: number, name: string): FirstItemReader {
  const target = record.fields.find((f) => f.name === name)
  if (!target || typeof target.type === 'object' || target.type === 'tail') {
    throw new Error(`${record.name}.${name} is not a scalar field`)
  }
  const deps: unknown[] = [listCount, record, recordSkipper(record, version)]
  const dep = (value: unknown) => `d[${deps.push(value) - 1}]`
  const slot: RepeatSlot = repeatSlot()
  const type = target.type
  const first = fieldsAt(record, version).map((f) =>
    f !== target ? skipSource(f, version, dep) : `v = ${scalarRead(type, () => dep(slot))}`,
  )
  const source = [
    'return function firstItem(r) {',
    '  const n = d[0](r, d[1])',
    `  let v = ${JSON.stringify(absentValue(target.type))}`,
    `  if (n > 0) {\n    ${first.join('\n    ')}\n  }`,
    '  for (let i = 1; i < n; i++) d[2](r)',
    '  return v',
    '}',
  ].join('\n')
  const read = new Function('d', source)(deps) as (r: Reader) => unknown
  return { read, release: () => releaseSlot(slot) }
}

/**
 * Record layouts as data. A record is declared once, as a list of fields (name, wire type, first
 * service version); the decoder compiled from it per (record, version) and `encodeRecord` both
 * follow that one declaration, so the client and the simulator cannot disagree about a layout.
 * TypeScript derives each record's value type from the same declaration.
 */
import { Reader, Writer, releaseSlot, repeatSlot, type RepeatSlot, type ServerTime } from './codec'
import { protocolError } from './errors'

export type Scalar = 'u8' | 'bool' | 'i16' | 'u16' | 'i32' | 'i64' | 'f32' | 'f64' | 'str' | 'uuid' | 'datetime'

/** A list of nested records: `size` count, then the records. */
export interface ListType<R extends RecordDef = RecordDef> {
  readonly list: R
}

/** Opaque bytes up to the end of the message (unknown version tails), kept as hex. */
export type TailType = 'tail'

export type FieldType = Scalar | ListType | TailType

export interface FieldDef<N extends string = string, T extends FieldType = FieldType> {
  readonly name: N
  readonly type: T
  /** First service version (major) that carries this field. */
  readonly since: number
}

export interface RecordDef<F extends readonly FieldDef[] = readonly FieldDef[]> {
  readonly name: string
  readonly fields: F
}

type ScalarValue<T> = T extends 'str' | 'uuid' | 'tail'
  ? string
  : T extends 'bool'
    ? boolean
    : T extends 'datetime'
      ? ServerTime
      : T extends ListType<infer R>
        ? RecordValue<R>[]
        : number

/** The value type of a record, derived from its declaration. */
export type RecordValue<R extends RecordDef> = {
  -readonly [F in R['fields'][number] as F['name']]: ScalarValue<F['type']>
}

export function field<const N extends string, const T extends FieldType>(name: N, type: T, since = 0): FieldDef<N, T> {
  return { name, type, since }
}

export function list<R extends RecordDef>(record: R): ListType<R> {
  return { list: record }
}

export function defineRecord<const F extends readonly FieldDef[]>(name: string, fields: F): RecordDef<F> {
  const seen = new Set<string>()
  fields.forEach((f, i) => {
    if (seen.has(f.name)) throw new Error(`${name}: duplicate field ${f.name}`)
    // the compiled decoder builds an object literal, where this key would set the prototype
    if (f.name === '__proto__') throw new Error(`${name}: a field cannot be called __proto__`)
    seen.add(f.name)
    if (f.type === 'tail' && i !== fields.length - 1) throw new Error(`${name}: tail must be the last field`)
  })
  return { name, fields }
}

/** Fields present at a service version, cached per (record, version). */
const layoutCache = new WeakMap<RecordDef, Map<number, readonly FieldDef[]>>()

export function fieldsAt(record: RecordDef, version: number): readonly FieldDef[] {
  let byVersion = layoutCache.get(record)
  if (!byVersion) layoutCache.set(record, (byVersion = new Map()))
  let fields = byVersion.get(version)
  if (!fields) byVersion.set(version, (fields = record.fields.filter((f) => f.since <= version)))
  return fields
}

/** The value a field has when the negotiated version does not carry it. */
export function absentValue(type: FieldType): unknown {
  switch (type) {
    case 'str':
    case 'tail':
      return ''
    case 'uuid':
      return '00000000-0000-0000-0000-000000000000'
    case 'bool':
      return false
    case 'datetime':
      return null
    default:
      return typeof type === 'object' ? [] : 0
  }
}

// Value checks of the compiled encoders: a wrong type is the caller's bug, never silently written.
function str(value: unknown, where: string): string {
  if (typeof value !== 'string') throw wrongType(value, 'string', where)
  return value
}

function num(value: unknown, where: string): number {
  if (typeof value !== 'number') throw wrongType(value, 'number', where)
  return value
}

function bool(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw wrongType(value, 'boolean', where)
  return value
}

function time(value: unknown, where: string): ServerTime {
  return value === null ? null : num(value, where)
}

function tail(w: Writer, value: unknown, where: string): void {
  const hex = str(value, where)
  // Buffer.from(…, 'hex') silently drops everything from the first bad digit on
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new TypeError(`${where}: not an even-length hex string`)
  w.raw(Buffer.from(hex, 'hex'))
}

function wrongType(value: unknown, type: string, where: string): TypeError {
  return new TypeError(`${where}: expected ${type}, got ${value === null ? 'null' : typeof value}`)
}

/** How each scalar is checked before the Writer method of the same name writes it. */
const CHECKS: Record<Scalar, string> = {
  u8: 'num',
  bool: 'bool',
  i16: 'num',
  u16: 'num',
  i32: 'num',
  i64: 'num',
  f32: 'num',
  f64: 'num',
  str: 'str',
  uuid: 'str',
  datetime: 'time',
}

type RecordEncoder = (w: Writer, value: Record<string, unknown>) => void

const encoderCache = new WeakMap<RecordDef, Map<number, RecordEncoder>>()

/**
 * The encoding twin of `compileDecoder`: one straight-line function per (record, version) that
 * checks and writes the fields the version carries, in declaration order.
 */
function compileEncoder(record: RecordDef, version: number): RecordEncoder {
  const deps: unknown[] = [str, num, bool, time, tail]
  const names = ['str', 'num', 'bool', 'time', 'tail']
  const dep = (value: unknown): string => {
    names.push(`d${names.length}`)
    deps.push(value)
    return names[names.length - 1]!
  }
  const lines = fieldsAt(record, version).map((f) => {
    const value = `v[${JSON.stringify(f.name)}]`
    const where = JSON.stringify(`${record.name}.${f.name}`)
    const type = f.type
    if (typeof type === 'object') {
      const item = encoderFor(type.list, version)
      const writeList = (w: Writer, items: unknown, label: string) => {
        if (!Array.isArray(items)) throw wrongType(items, 'an array', label)
        w.size(items.length)
        for (const it of items) item(w, it as Record<string, unknown>)
      }
      return `${dep(writeList)}(w, ${value}, ${where})`
    }
    if (type === 'tail') return `tail(w, ${value}, ${where})`
    const check = CHECKS[type]
    if (!check) throw new Error(`${record.name}.${f.name}: unknown field type ${String(type)}`)
    return `w.${type}(${check}(${value}, ${where}))`
  })
  const source = `return function encode${record.name.replace(/\W/g, '')}(w, v) {\n  ${lines.join('\n  ')}\n}`
  return new Function(...names, source)(...deps) as RecordEncoder
}

function encoderFor(record: RecordDef, version: number): RecordEncoder {
  let byVersion = encoderCache.get(record)
  if (!byVersion) encoderCache.set(record, (byVersion = new Map()))
  let encode = byVersion.get(version)
  if (!encode) byVersion.set(version, (encode = compileEncoder(record, version)))
  return encode
}

interface CompiledDecoder {
  decode: (r: Reader) => Record<string, unknown>
  /** Forgets the buffers the repeat slots point into (this record's and its nested lists'). */
  release: () => void
}

/** Compiled decoders, one per (record, version). */
const decoderCache = new WeakMap<RecordDef, Map<number, CompiledDecoder>>()

/** Scalar types whose Reader method has the same name. */
const READER_METHODS: ReadonlySet<string> = new Set<Scalar>([
  'u8',
  'bool',
  'i16',
  'u16',
  'i32',
  'i64',
  'f32',
  'f64',
  'str',
  'uuid',
  'datetime',
])

/**
 * Turns a declaration into one straight-line function per (record, version): `{ a: r.uuid(),
 * b: r.str(), c: 0, … }`. An object literal gives every record of a kind the same fast shape and
 * avoids walking the field list per record, which is what makes a 10,000-session list cheap to
 * decode. Strings and uuids go through repeat slots, so a value repeated from the previous record
 * (license texts, locale, infobase) is shared rather than decoded again. Only declared field names
 * (as JSON string literals) and type names reach the generated source, never wire data.
 */
function compileDecoder(record: RecordDef, version: number): CompiledDecoder {
  const reads = fieldReads(record, version)
  const props = reads.fields.map((f) => `${f.key}: ${f.read}`)
  const source = `return function decode${record.name.replace(/\W/g, '')}(r) {\n  return {\n    ${props.join(',\n    ')}\n  }\n}`
  const decode = new Function(...reads.names, source)(...reads.deps) as CompiledDecoder['decode']
  return { decode, release: reads.release }
}

/**
 * The generated-source expression that reads each field of a record at a version from Reader
 * `r` (a constant for a field the version lacks), with what the expressions refer to (`names`
 * bound to `deps`) and `release` for the repeat slots. Shared by the row decoder above and the
 * columnar one (record-columns.ts), so both follow the one declaration.
 */
export function fieldReads(record: RecordDef, version: number) {
  const deps: unknown[] = []
  const dep = (value: unknown): string => `d${deps.push(value) - 1}`
  const slots: RepeatSlot[] = []
  const children: CompiledDecoder[] = []
  const fields = record.fields.map((f) => {
    const key = JSON.stringify(f.name)
    if (f.since > version) {
      const absent = absentValue(f.type)
      return { key, read: Array.isArray(absent) ? '[]' : JSON.stringify(absent) }
    }
    const type = f.type
    if (typeof type === 'object') {
      const item = decoderFor(type.list, version)
      children.push(item)
      return { key, read: `${dep((r: Reader) => decodeItems(r, type.list, item.decode))}(r)` }
    }
    if (type === 'tail') return { key, read: `r.rest().toString('hex')` }
    if (!READER_METHODS.has(type)) throw new Error(`${record.name}.${f.name}: unknown field type ${String(type)}`)
    return {
      key,
      read: scalarRead(type, () => {
        const slot = repeatSlot()
        slots.push(slot)
        return dep(slot)
      }),
    }
  })
  return {
    fields,
    names: deps.map((_, i) => `d${i}`),
    deps,
    release() {
      for (const slot of slots) releaseSlot(slot)
      for (const child of children) child.release()
    },
  }
}

/**
 * Source reading a scalar as the decoders do: a text (string or uuid) through a repeat slot, which
 * `slot()` makes and names (so a value repeated from the previous record is shared).
 */
export function scalarRead(type: Scalar, slot: () => string): string {
  if (type === 'str') return `r.repeatedStr(${slot()})`
  if (type === 'uuid') return `r.repeatedUuid(${slot()})`
  return `r.${type}()`
}

function decoderFor(record: RecordDef, version: number): CompiledDecoder {
  let byVersion = decoderCache.get(record)
  if (!byVersion) decoderCache.set(record, (byVersion = new Map()))
  let compiled = byVersion.get(version)
  if (!compiled) byVersion.set(version, (compiled = compileDecoder(record, version)))
  return compiled
}

/** Reads a list's count of `record`s, refusing one the bytes left cannot hold. */
export function listCount(r: Reader, record: RecordDef): number {
  const count = r.size()
  // Upper bound on list counts: no record is smaller than one byte.
  if (count > r.remaining)
    throw protocolError(`${record.name} list count ${count} exceeds the ${r.remaining} bytes left`)
  return count
}

export function decodeItems<T>(r: Reader, record: RecordDef, decodeItem: (r: Reader) => T): T[] {
  const count = listCount(r, record)
  const items = new Array<T>(count)
  for (let i = 0; i < count; i++) items[i] = decodeItem(r)
  return items
}

export function decodeRecord<R extends RecordDef>(r: Reader, record: R, version: number): RecordValue<R> {
  const compiled = decoderFor(record, version)
  try {
    return compiled.decode(r) as RecordValue<R>
  } finally {
    compiled.release()
  }
}

export function encodeRecord<R extends RecordDef>(
  w: Writer,
  record: R,
  value: RecordValue<R>,
  version: number,
): Writer {
  encoderFor(record, version)(w, value as Record<string, unknown>)
  return w
}

export function decodeList<R extends RecordDef>(r: Reader, record: R, version: number): RecordValue<R>[] {
  const compiled = decoderFor(record, version)
  try {
    return decodeItems(r, record, compiled.decode) as RecordValue<R>[]
  } finally {
    compiled.release()
  }
}

/**
 * A list whose records `readItem` reads itself, one per call, each exactly one `record` (the
 * CLI's JSON transcoder, which copies field bytes rather than decoding them). Returns the count.
 */
export function readEach(r: Reader, record: RecordDef, readItem: (r: Reader) => void): number {
  const count = listCount(r, record)
  for (let i = 0; i < count; i++) readItem(r)
  return count
}

export function encodeList<R extends RecordDef>(
  w: Writer,
  record: R,
  items: readonly RecordValue<R>[],
  version: number,
): Writer {
  const encode = encoderFor(record, version)
  w.size(items.length)
  for (const item of items) encode(w, item as Record<string, unknown>)
  return w
}

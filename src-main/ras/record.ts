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

function writeValue(w: Writer, type: FieldType, value: unknown, version: number, where: string): void {
  switch (type) {
    case 'str':
      w.str(expect<string>(value, 'string', where))
      return
    case 'uuid':
      w.uuid(expect<string>(value, 'string', where))
      return
    case 'i32':
      w.i32(expect<number>(value, 'number', where))
      return
    case 'i64':
      w.i64(expect<number>(value, 'number', where))
      return
    case 'bool':
      w.bool(expect<boolean>(value, 'boolean', where))
      return
    case 'datetime':
      w.datetime(value === null ? null : expect<number>(value, 'number', where))
      return
    case 'u16':
      w.u16(expect<number>(value, 'number', where))
      return
    case 'u8':
      w.u8(expect<number>(value, 'number', where))
      return
    case 'i16':
      w.i16(expect<number>(value, 'number', where))
      return
    case 'f32':
      w.f32(expect<number>(value, 'number', where))
      return
    case 'f64':
      w.f64(expect<number>(value, 'number', where))
      return
    case 'tail': {
      const hex = expect<string>(value, 'string', where)
      // Buffer.from(…, 'hex') silently drops everything from the first bad digit on
      if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new TypeError(`${where}: not an even-length hex string`)
      w.raw(Buffer.from(hex, 'hex'))
      return
    }
    default:
      if (!Array.isArray(value)) throw new TypeError(`${where}: expected an array`)
      encodeList(w, type.list, value as RecordValue<RecordDef>[], version)
  }
}

function expect<T>(value: unknown, type: 'string' | 'number' | 'boolean', where: string): T {
  if (typeof value !== type) throw new TypeError(`${where}: expected ${type}, got ${typeof value}`)
  return value as T
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
  const deps: unknown[] = []
  const dep = (value: unknown): string => `d${deps.push(value) - 1}`
  const slots: RepeatSlot[] = []
  const children: CompiledDecoder[] = []
  const props = record.fields.map((f) => {
    const key = JSON.stringify(f.name)
    if (f.since > version) {
      const absent = absentValue(f.type)
      return `${key}: ${Array.isArray(absent) ? '[]' : JSON.stringify(absent)}`
    }
    const type = f.type
    if (typeof type === 'object') {
      const item = decoderFor(type.list, version)
      children.push(item)
      return `${key}: ${dep((r: Reader) => decodeItems(r, type.list, item.decode))}(r)`
    }
    if (type === 'tail') return `${key}: r.rest().toString('hex')`
    if (type === 'str' || type === 'uuid') {
      const slot = repeatSlot()
      slots.push(slot)
      return `${key}: r.${type === 'str' ? 'repeatedStr' : 'repeatedUuid'}(${dep(slot)})`
    }
    if (!READER_METHODS.has(type)) throw new Error(`${record.name}.${f.name}: unknown field type ${String(type)}`)
    return `${key}: r.${type}()`
  })
  const names = deps.map((_, i) => `d${i}`)
  const source = `return function decode${record.name.replace(/\W/g, '')}(r) {\n  return {\n    ${props.join(',\n    ')}\n  }\n}`
  const decode = new Function(...names, source)(...deps) as CompiledDecoder['decode']
  return {
    decode,
    release() {
      for (const slot of slots) releaseSlot(slot)
      for (const child of children) child.release()
    },
  }
}

function decoderFor(record: RecordDef, version: number): CompiledDecoder {
  let byVersion = decoderCache.get(record)
  if (!byVersion) decoderCache.set(record, (byVersion = new Map()))
  let compiled = byVersion.get(version)
  if (!compiled) byVersion.set(version, (compiled = compileDecoder(record, version)))
  return compiled
}

function decodeItems<T>(r: Reader, record: RecordDef, decodeItem: (r: Reader) => T): T[] {
  const count = r.size()
  // Upper bound on list counts: no record is smaller than one byte.
  if (count > r.remaining)
    throw protocolError(`${record.name} list count ${count} exceeds the ${r.remaining} bytes left`)
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
  const v = value as Record<string, unknown>
  for (const f of encodeLayout(record, version)) writeValue(w, f.type, v[f.name], version, f.where)
  return w
}

interface EncodeField {
  name: string
  type: FieldType
  /** "Record.field", for error messages; built once, not per value. */
  where: string
}

const encodeLayoutCache = new WeakMap<RecordDef, Map<number, readonly EncodeField[]>>()

function encodeLayout(record: RecordDef, version: number): readonly EncodeField[] {
  let byVersion = encodeLayoutCache.get(record)
  if (!byVersion) encodeLayoutCache.set(record, (byVersion = new Map()))
  let layout = byVersion.get(version)
  if (!layout) {
    layout = fieldsAt(record, version).map((f) => ({ name: f.name, type: f.type, where: `${record.name}.${f.name}` }))
    byVersion.set(version, layout)
  }
  return layout
}

export function decodeList<R extends RecordDef>(r: Reader, record: R, version: number): RecordValue<R>[] {
  const compiled = decoderFor(record, version)
  try {
    return decodeItems(r, record, compiled.decode) as RecordValue<R>[]
  } finally {
    compiled.release()
  }
}

export function encodeList<R extends RecordDef>(
  w: Writer,
  record: R,
  items: readonly RecordValue<R>[],
  version: number,
): Writer {
  w.size(items.length)
  for (const item of items) encodeRecord(w, record, item, version)
  return w
}

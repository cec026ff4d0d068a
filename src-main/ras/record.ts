/**
 * Record layouts as data. A record is declared once, as a list of fields (name, wire type, first
 * service version); `decodeRecord` and `encodeRecord` both walk that declaration, so the client
 * and the simulator cannot disagree about a layout. TypeScript derives each record's value type
 * from the same declaration.
 */
import { Reader, Writer, type ServerTime } from './codec'
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

function readValue(r: Reader, type: FieldType, version: number): unknown {
  switch (type) {
    case 'str':
      return r.str()
    case 'uuid':
      return r.uuid()
    case 'i32':
      return r.i32()
    case 'i64':
      return r.i64()
    case 'bool':
      return r.bool()
    case 'datetime':
      return r.datetime()
    case 'u16':
      return r.u16()
    case 'u8':
      return r.u8()
    case 'i16':
      return r.i16()
    case 'f32':
      return r.f32()
    case 'f64':
      return r.f64()
    case 'tail':
      return r.rest().toString('hex')
    default:
      return decodeList(r, type.list, version)
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
    case 'tail':
      w.raw(Buffer.from(expect<string>(value, 'string', where), 'hex'))
      return
    default:
      if (!Array.isArray(value)) throw new TypeError(`${where}: expected an array`)
      encodeList(w, type.list, value as RecordValue<RecordDef>[], version)
  }
}

function expect<T>(value: unknown, type: 'string' | 'number' | 'boolean', where: string): T {
  if (typeof value !== type) throw new TypeError(`${where}: expected ${type}, got ${typeof value}`)
  return value as T
}

export function decodeRecord<R extends RecordDef>(r: Reader, record: R, version: number): RecordValue<R> {
  const out: Record<string, unknown> = {}
  for (const f of record.fields) {
    out[f.name] = f.since <= version ? readValue(r, f.type, version) : absentValue(f.type)
  }
  return out as RecordValue<R>
}

export function encodeRecord<R extends RecordDef>(
  w: Writer,
  record: R,
  value: RecordValue<R>,
  version: number,
): Writer {
  const v = value as Record<string, unknown>
  for (const f of fieldsAt(record, version)) writeValue(w, f.type, v[f.name], version, `${record.name}.${f.name}`)
  return w
}

/** Upper bound on list counts: no record is smaller than one byte. */
export function decodeList<R extends RecordDef>(r: Reader, record: R, version: number): RecordValue<R>[] {
  const count = r.size()
  if (count > r.remaining)
    throw protocolError(`${record.name} list count ${count} exceeds the ${r.remaining} bytes left`)
  const items = new Array<RecordValue<R>>(count)
  for (let i = 0; i < count; i++) items[i] = decodeRecord(r, record, version)
  return items
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

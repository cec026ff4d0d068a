/**
 * Primitive encodings of the RAS codec "1.0" (docs/protocol.md §2): big-endian integers, LEB128 `size`,
 * the "nullable size" `nsize`, UTF-8 strings, raw uuids, datetime ticks and typed values.
 * Every read is bounds-checked and fails with a protocol RasError; nothing here allocates more
 * than the value it returns.
 */
import { protocolError, type RasError } from './errors'

/** 1/10 000-second units from 0001-01-01 to 1970-01-01 (docs/protocol.md §2.5). */
export const TICKS_AT_UNIX_EPOCH = 621355968000000
export const EMPTY_UUID = '00000000-0000-0000-0000-000000000000'
const TWO_POW_32 = 0x1_0000_0000
const TWO_POW_63 = 2 ** 63
/** 8 × 7 bits cover every safe integer (53 bits); longer varints are malformed. */
const MAX_VARINT_BYTES = 8

function integer(v: number, what: string): void {
  if (!Number.isInteger(v)) throw new RangeError(`${what} must be an integer: ${v}`)
}

function checkSafe(value: number, what: string, at: number): number {
  if (value > Number.MAX_SAFE_INTEGER) throw protocolError(`${what} ${value} at offset ${at} is too large`)
  return value
}

/**
 * A server datetime: milliseconds since 1970-01-01 of the **server's wall clock** (no zone; read it
 * with getUTC* and never shift it by the desktop's zone). Sub-millisecond ticks survive as a
 * fraction, so a value re-encodes to the same bytes. `null` is the empty date (0 ticks).
 */
export type ServerTime = number | null

/** 9999-12-31 23:59:59.9999, the last tick a 1C date can hold. */
export const MAX_DATE_TICKS = 3155378975999999

/**
 * Ticks outside 0001-01-01 … 9999-12-31 (negative, or an "infinite" INT64_MAX) are no date a
 * 1C server can mean and no JS Date can print: they read as empty, per field, so one odd value
 * never fails a listing. A record written back (InfobaseInfo) then carries 0 for such a field.
 */
export function ticksToServerTime(ticks: number): ServerTime {
  if (!(ticks > 0 && ticks <= MAX_DATE_TICKS)) return null
  return (ticks - TICKS_AT_UNIX_EPOCH) / 10
}

export function serverTimeToTicks(time: ServerTime): number {
  return time === null ? 0 : Math.round(time * 10) + TICKS_AT_UNIX_EPOCH
}

/** Typed-value tags of parameter maps (docs/protocol.md §2.4). */
export const TypeTag = {
  Boolean: 1,
  Byte: 2,
  Short: 3,
  Int: 4,
  Long: 5,
  Float: 6,
  Double: 7,
  Size: 8,
  NullableSize: 9,
  String: 10,
  Uuid: 11,
  Type: 12,
  EndpointId: 13,
} as const
type Tags = typeof TypeTag

export type TypedValue =
  | { tag: Tags['Boolean']; value: boolean }
  | { tag: Tags['Byte'] | Tags['Type']; value: number }
  | { tag: Tags['Short'] | Tags['Int'] | Tags['Long']; value: number }
  | { tag: Tags['Float'] | Tags['Double']; value: number }
  | { tag: Tags['Size']; value: number }
  | { tag: Tags['NullableSize'] | Tags['EndpointId']; value: number | null }
  | { tag: Tags['String']; value: string | null }
  | { tag: Tags['Uuid']; value: string }

/** `null` is the null map (`80`); an empty object is written as `80` too, like rac. */
export type ParamMap = Record<string, TypedValue> | null

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const HEX_HIGH: number[] = HEX.map((h) => h.charCodeAt(0))
const HEX_LOW: number[] = HEX.map((h) => h.charCodeAt(1))
const DASH = 0x2d
/** Char code → hex digit value, -1 for anything else. */
const HEX_VALUE: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1)
  for (let i = 0; i < 16; i++) {
    t['0123456789abcdef'.charCodeAt(i)] = i
    t['0123456789ABCDEF'.charCodeAt(i)] = i
  }
  return t
})()

export class Reader {
  pos: number

  constructor(
    readonly buf: Buffer,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start
  }

  get remaining(): number {
    return this.end - this.pos
  }

  private need(n: number, what: string): number {
    const at = this.pos
    if (at + n > this.end) {
      throw protocolError(`truncated ${what}: need ${n} byte(s) at offset ${at}, ${this.end - at} left`)
    }
    this.pos = at + n
    return at
  }

  /** Fails when bytes are left over: every layout must consume its reply exactly. */
  expectEnd(what: string): void {
    if (this.pos !== this.end) {
      throw protocolError(`${this.end - this.pos} unexpected byte(s) left after ${what}`)
    }
  }

  u8(): number {
    return this.buf[this.need(1, 'byte')]!
  }

  bool(): boolean {
    const b = this.buf[this.need(1, 'bool')]!
    if (b > 1) throw protocolError(`invalid bool 0x${HEX[b]} at offset ${this.pos - 1}`)
    return b === 1
  }

  i16(): number {
    return this.buf.readInt16BE(this.need(2, 'i16'))
  }

  u16(): number {
    return this.buf.readUInt16BE(this.need(2, 'u16'))
  }

  // i32/i64 assemble the bytes directly: need() has already checked the bounds that
  // Buffer.read*BE would check again, and these two dominate the numeric fields of a record.
  i32(): number {
    const at = this.need(4, 'i32')
    const b = this.buf
    return (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!
  }

  /** Signed 64-bit as a number; exact below 2^53 (every counter and tick value is). */
  i64(): number {
    const at = this.need(8, 'i64')
    const b = this.buf
    const hi = (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!
    const lo = ((b[at + 4]! << 24) | (b[at + 5]! << 16) | (b[at + 6]! << 8) | b[at + 7]!) >>> 0
    return hi * TWO_POW_32 + lo
  }

  f32(): number {
    return this.buf.readFloatBE(this.need(4, 'f32'))
  }

  f64(): number {
    return this.buf.readDoubleBE(this.need(8, 'f64'))
  }

  /**
   * Unsigned LEB128 (docs/protocol.md §2.2): packet lengths and collection counts. Accepts whatever
   * `Writer.size` can produce (any safe integer, up to 8 bytes) and nothing larger.
   */
  size(): number {
    let value = 0
    let scale = 1
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const b = this.buf[this.need(1, 'size')]!
      value += (b & 0x7f) * scale
      if ((b & 0x80) === 0) return checkSafe(value, 'size', this.pos - i - 1)
      scale *= 128
    }
    throw protocolError(`size longer than ${MAX_VARINT_BYTES} bytes at offset ${this.pos - MAX_VARINT_BYTES}`)
  }

  /** Nullable size (docs/protocol.md §2.3): `80` is null; 6 bits in the first byte, then 7-bit groups. */
  nsize(): number | null {
    const first = this.buf[this.need(1, 'nsize')]!
    if (first & 0x80) {
      if (first !== 0x80) throw protocolError(`invalid nullable size 0x${HEX[first]} at offset ${this.pos - 1}`)
      return null
    }
    let value = first & 0x3f
    if ((first & 0x40) === 0) return value
    let scale = 64
    for (let i = 1; i < MAX_VARINT_BYTES; i++) {
      const b = this.buf[this.need(1, 'nsize')]!
      value += (b & 0x7f) * scale
      if ((b & 0x80) === 0) return checkSafe(value, 'nullable size', this.pos - i - 1)
      scale *= 128
    }
    throw protocolError(`nullable size longer than ${MAX_VARINT_BYTES} bytes at offset ${this.pos - MAX_VARINT_BYTES}`)
  }

  /** A string where null (`80`) means something different from "" (exception causes, params). */
  nullableStr(): string | null {
    const len = this.nsize()
    if (len === null) return null
    if (len === 0) return ''
    return textAt(this.buf, this.need(len, 'string'), len)
  }

  /** A string field of a record: null is read as "". */
  str(): string {
    return this.nullableStr() ?? ''
  }

  /** 16 raw bytes in textual order (no GUID byte swapping), as a flat lower-case string. */
  uuid(): string {
    return uuidAt(this.buf, this.need(16, 'uuid'))
  }

  /**
   * `str()` for record lists: when the bytes equal a string this field decoded recently from the
   * same buffer, returns that string instead of a new one. Lists repeat most strings (license
   * texts, locale, app id, host), so this saves both decoding and garbage.
   */
  repeatedStr(slot: RepeatSlot): string {
    const len = this.nsize()
    if (len === null || len === 0) return ''
    const at = this.need(len, 'string')
    const buf = this.buf
    if (slot.buf !== buf) resetSlot(slot, buf)
    const i = (len + buf[at]! * 3 + buf[at + (len >> 1)]! * 5 + buf[at + len - 1]! * 7) & SLOT_MASK
    if (slot.lens[i] === len && sameBytes(buf, slot.ats[i]!, at, len)) return slot.values[i]!
    const value = textAt(buf, at, len)
    slot.lens[i] = len
    slot.ats[i] = at
    slot.values[i] = value
    return value
  }

  /** `uuid()` with the same reuse as `repeatedStr` (infobase, process and cluster ids repeat). */
  repeatedUuid(slot: RepeatSlot): string {
    const at = this.need(16, 'uuid')
    const buf = this.buf
    if (slot.buf !== buf) resetSlot(slot, buf)
    const i = (buf[at]! + buf[at + 7]! * 3 + buf[at + 15]! * 5) & SLOT_MASK
    if (slot.lens[i] === 16 && sameBytes(buf, slot.ats[i]!, at, 16)) return slot.values[i]!
    const value = uuidAt(buf, at)
    slot.lens[i] = 16
    slot.ats[i] = at
    slot.values[i] = value
    return value
  }

  datetime(): ServerTime {
    return ticksToServerTime(this.i64())
  }

  /** All bytes up to the end of this reader (opaque version tails). */
  rest(): Buffer {
    const at = this.need(this.end - this.pos, 'rest')
    return this.buf.subarray(at, this.end)
  }

  typed(): TypedValue | null {
    const tag = this.u8()
    switch (tag) {
      case 0x80:
        return null
      case TypeTag.Boolean:
        return { tag: TypeTag.Boolean, value: this.bool() }
      case TypeTag.Byte:
      case TypeTag.Type:
        return { tag, value: this.u8() }
      case TypeTag.Short:
        return { tag, value: this.i16() }
      case TypeTag.Int:
        return { tag, value: this.i32() }
      case TypeTag.Long:
        return { tag, value: this.i64() }
      case TypeTag.Float:
        return { tag, value: this.f32() }
      case TypeTag.Double:
        return { tag, value: this.f64() }
      case TypeTag.Size:
        return { tag, value: this.size() }
      case TypeTag.NullableSize:
      case TypeTag.EndpointId:
        return { tag, value: this.nsize() }
      case TypeTag.String:
        return { tag, value: this.nullableStr() }
      case TypeTag.Uuid:
        return { tag, value: this.uuid() }
      default:
        throw protocolError(`unknown typed-value tag ${tag} at offset ${this.pos - 1}`)
    }
  }

  params(): ParamMap {
    const count = this.nsize()
    if (count === null) return null
    const map: Record<string, TypedValue> = {}
    for (let i = 0; i < count; i++) {
      const key = this.str()
      const value = this.typed()
      // defineProperty, not assignment: a key named __proto__ must stay a key
      if (value !== null)
        Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true })
    }
    return map
  }
}

const SLOT_SIZE = 16
const SLOT_MASK = SLOT_SIZE - 1

/**
 * Where `Reader.repeatedStr`/`repeatedUuid` remember recent values of one field: a small
 * direct-mapped cache of (offset, length, string) into one buffer. Entries only count while the
 * reader is on that same buffer; `releaseSlot` drops the reference once a decode is done.
 */
export interface RepeatSlot {
  buf: Buffer | null
  readonly ats: Int32Array
  readonly lens: Int32Array
  readonly values: string[]
}

export function repeatSlot(): RepeatSlot {
  return {
    buf: null,
    ats: new Int32Array(SLOT_SIZE),
    lens: new Int32Array(SLOT_SIZE),
    values: new Array<string>(SLOT_SIZE).fill(''),
  }
}

export function releaseSlot(slot: RepeatSlot): void {
  slot.buf = null
  slot.values.fill('')
}

function resetSlot(slot: RepeatSlot, buf: Buffer): void {
  slot.buf = buf
  slot.lens.fill(0)
}

function sameBytes(buf: Buffer, a: number, b: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (buf[a + i] !== buf[b + i]) return false
  return true
}

function textAt(buf: Buffer, at: number, len: number): string {
  const end = at + len
  // Short ASCII strings dominate (app ids, locales, ip addresses): build them in JS,
  // avoiding a native call per field.
  if (len <= 16) {
    let ascii = ''
    for (let i = at; i < end; i++) {
      const c = buf[i]!
      if (c >= 0x80) return decodeUtf8(buf, at, end)
      ascii += String.fromCharCode(c)
    }
    return ascii
  }
  return decodeUtf8(buf, at, end)
}

function uuidAt(b: Buffer, at: number): string {
  const h = HEX_HIGH
  const l = HEX_LOW
  // prettier-ignore
  return String.fromCharCode(
    h[b[at]!]!, l[b[at]!]!, h[b[at + 1]!]!, l[b[at + 1]!]!, h[b[at + 2]!]!, l[b[at + 2]!]!, h[b[at + 3]!]!, l[b[at + 3]!]!,
    DASH,
    h[b[at + 4]!]!, l[b[at + 4]!]!, h[b[at + 5]!]!, l[b[at + 5]!]!,
    DASH,
    h[b[at + 6]!]!, l[b[at + 6]!]!, h[b[at + 7]!]!, l[b[at + 7]!]!,
    DASH,
    h[b[at + 8]!]!, l[b[at + 8]!]!, h[b[at + 9]!]!, l[b[at + 9]!]!,
    DASH,
    h[b[at + 10]!]!, l[b[at + 10]!]!, h[b[at + 11]!]!, l[b[at + 11]!]!, h[b[at + 12]!]!, l[b[at + 12]!]!,
    h[b[at + 13]!]!, l[b[at + 13]!]!, h[b[at + 14]!]!, l[b[at + 14]!]!, h[b[at + 15]!]!, l[b[at + 15]!]!,
  )
}

/**
 * Strict UTF-8 (what `TextDecoder('utf-8', { fatal: true })` accepts: no overlong forms, no
 * surrogates, nothing above U+10FFFF), validated in JS so the common case costs one native slice.
 * A leading U+FEFF is kept: it is part of the value, not a byte-order mark.
 */
function decodeUtf8(buf: Buffer, start: number, end: number): string {
  let i = start
  while (i < end) {
    const c = buf[i]!
    if (c < 0x80) {
      i++
      continue
    }
    let need: number
    let lo = 0x80
    let hi = 0xbf
    if (c >= 0xc2 && c <= 0xdf) need = 1
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2
      if (c === 0xe0) lo = 0xa0
      else if (c === 0xed) hi = 0x9f
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3
      if (c === 0xf0) lo = 0x90
      else if (c === 0xf4) hi = 0x8f
    } else throw invalidUtf8(start, i)
    if (i + need >= end) throw invalidUtf8(start, i) // sequence cut off by the end of the string
    const second = buf[i + 1]!
    if (second < lo || second > hi) throw invalidUtf8(start, i)
    for (let k = 2; k <= need; k++) {
      const cont = buf[i + k]!
      if (cont < 0x80 || cont > 0xbf) throw invalidUtf8(start, i)
    }
    i += need + 1
  }
  return buf.toString('utf8', start, end)
}

function invalidUtf8(start: number, at: number): RasError {
  return protocolError(`invalid UTF-8 in the string at offset ${start} (byte ${at - start})`)
}

/** Growable big-endian writer. */
export class Writer {
  private buf: Buffer
  private len = 0

  constructor(initialCapacity = 256) {
    this.buf = Buffer.allocUnsafe(initialCapacity)
  }

  get length(): number {
    return this.len
  }

  /** The bytes written so far (a view, not a copy). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.len)
  }

  private reserve(n: number): number {
    const at = this.len
    if (at + n > this.buf.length) {
      let cap = this.buf.length * 2
      while (cap < at + n) cap *= 2
      const next = Buffer.allocUnsafe(cap)
      this.buf.copy(next, 0, 0, at)
      this.buf = next
    }
    this.len = at + n
    return at
  }

  raw(bytes: Uint8Array): this {
    const at = this.reserve(bytes.length)
    this.buf.set(bytes, at)
    return this
  }

  u8(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`u8 out of range: ${v}`)
    const at = this.reserve(1) // before reading this.buf: reserve may replace it
    this.buf[at] = v
    return this
  }

  bool(v: boolean): this {
    return this.u8(v ? 1 : 0)
  }

  i16(v: number): this {
    integer(v, 'i16') // Buffer.write*BE range-checks but silently truncates fractions
    const at = this.reserve(2)
    this.buf.writeInt16BE(v, at)
    return this
  }

  u16(v: number): this {
    integer(v, 'u16') // Buffer.write*BE range-checks but silently truncates fractions
    const at = this.reserve(2)
    this.buf.writeUInt16BE(v, at)
    return this
  }

  i32(v: number): this {
    integer(v, 'i32') // Buffer.write*BE range-checks but silently truncates fractions
    const at = this.reserve(4)
    this.buf.writeInt32BE(v, at)
    return this
  }

  /**
   * Signed 64-bit. Integers up to ±2^53 are exact; 2^63 (what `Reader.i64` returns for values
   * just below INT64_MAX, e.g. an "unlimited" sentinel) is written back as INT64_MAX.
   */
  i64(v: number): this {
    if (!Number.isInteger(v) || v < -TWO_POW_63 || v > TWO_POW_63) throw new RangeError(`i64 out of range: ${v}`)
    const at = this.reserve(8)
    if (v === TWO_POW_63) {
      this.buf.writeUInt32BE(0x7fffffff, at)
      this.buf.writeUInt32BE(0xffffffff, at + 4)
      return this
    }
    const hi = Math.floor(v / TWO_POW_32)
    this.buf.writeInt32BE(hi, at)
    this.buf.writeUInt32BE(v - hi * TWO_POW_32, at + 4)
    return this
  }

  f32(v: number): this {
    const at = this.reserve(4)
    this.buf.writeFloatBE(v, at)
    return this
  }

  f64(v: number): this {
    const at = this.reserve(8)
    this.buf.writeDoubleBE(v, at)
    return this
  }

  size(v: number): this {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`size out of range: ${v}`)
    do {
      const b = v % 128
      v = Math.floor(v / 128)
      this.u8(v > 0 ? b | 0x80 : b)
    } while (v > 0)
    return this
  }

  nsize(v: number | null): this {
    if (v === null) return this.u8(0x80)
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`nullable size out of range: ${v}`)
    const first = v % 64
    v = Math.floor(v / 64)
    this.u8(v > 0 ? first | 0x40 : first)
    while (v > 0) {
      const b = v % 128
      v = Math.floor(v / 128)
      this.u8(v > 0 ? b | 0x80 : b)
    }
    return this
  }

  nullableStr(v: string | null): this {
    if (v === null) return this.nsize(null)
    const n = v.length
    // Short ASCII (most fields): copy the char codes, no byteLength scan and native write.
    if (n < 64) {
      let i = 0
      while (i < n && v.charCodeAt(i) < 0x80) i++
      if (i === n) {
        this.u8(n)
        const at = this.reserve(n)
        const buf = this.buf
        for (let k = 0; k < n; k++) buf[at + k] = v.charCodeAt(k)
        return this
      }
    }
    const byteLength = Buffer.byteLength(v, 'utf8')
    this.nsize(byteLength)
    const at = this.reserve(byteLength)
    this.buf.write(v, at, byteLength, 'utf8')
    return this
  }

  str(v: string): this {
    return this.nullableStr(v)
  }

  /** Accepts the canonical 8-4-4-4-12 form (any case) and 32 bare hex digits. */
  uuid(v: string): this {
    const dashed = v.length === 36
    if (!dashed && v.length !== 32) throw new RangeError(`not a uuid: ${v}`)
    if (
      dashed &&
      (v.charCodeAt(8) !== DASH || v.charCodeAt(13) !== DASH || v.charCodeAt(18) !== DASH || v.charCodeAt(23) !== DASH)
    ) {
      throw new RangeError(`not a uuid: ${v}`)
    }
    const at = this.reserve(16)
    const buf = this.buf
    let c = 0
    for (let k = 0; k < 16; k++) {
      if (dashed && (c === 8 || c === 13 || c === 18 || c === 23)) c++
      const hi = HEX_VALUE[v.charCodeAt(c)] ?? -1
      const lo = HEX_VALUE[v.charCodeAt(c + 1)] ?? -1
      if (hi < 0 || lo < 0) {
        this.len = at // take back the reservation: nothing of a bad value is written
        throw new RangeError(`not a uuid: ${v}`)
      }
      buf[at + k] = (hi << 4) | lo
      c += 2
    }
    return this
  }

  datetime(v: ServerTime): this {
    return this.i64(serverTimeToTicks(v))
  }

  typed(v: TypedValue | null): this {
    if (v === null) return this.u8(0x80)
    this.u8(v.tag)
    switch (v.tag) {
      case TypeTag.Boolean:
        return this.bool(v.value)
      case TypeTag.Byte:
      case TypeTag.Type:
        return this.u8(v.value)
      case TypeTag.Short:
        return this.i16(v.value)
      case TypeTag.Int:
        return this.i32(v.value)
      case TypeTag.Long:
        return this.i64(v.value)
      case TypeTag.Float:
        return this.f32(v.value)
      case TypeTag.Double:
        return this.f64(v.value)
      case TypeTag.Size:
        return this.size(v.value)
      case TypeTag.NullableSize:
      case TypeTag.EndpointId:
        return this.nsize(v.value)
      case TypeTag.String:
        return this.nullableStr(v.value)
      case TypeTag.Uuid:
        return this.uuid(v.value)
    }
  }

  params(map: ParamMap): this {
    const entries = map === null ? [] : Object.entries(map)
    if (entries.length === 0) return this.nsize(null)
    this.nsize(entries.length)
    for (const [key, value] of entries) this.str(key).typed(value)
    return this
  }
}

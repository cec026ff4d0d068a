/**
 * Reading the primitive types of the RAS codec "1.0" (docs/protocol.md §2) from a buffer. Every
 * read is bounds-checked and fails with a protocol RasError; nothing here allocates more than the
 * value it returns.
 */
import { protocolError } from './errors'
import { readInt64 } from './int64'
import { repeatedText, type RepeatSlot } from './repeat-slot'
import { ticksToServerTime, type ServerTime } from './server-time'
import { TypeTag, type ParamMap, type TypedValue } from './typed-value'
import { textAt } from './utf8-text'
import { HEX, uuidAt } from './uuid-text'

/** 8 × 7 bits cover every safe integer (53 bits); longer varints are malformed (docs/protocol.md §2.2). */
const MAX_VARINT_BYTES = 8

function checkSafe(value: number, what: string, at: number): number {
  if (value > Number.MAX_SAFE_INTEGER) throw protocolError(`${what} ${value} at offset ${at} is too large`)
  return value
}

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

  // i32 assembles the bytes directly: need() has already checked the bounds that
  // Buffer.read*BE would check again, and i32/i64 dominate the numeric fields of a record.
  i32(): number {
    const at = this.need(4, 'i32')
    const b = this.buf
    return (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!
  }

  /** Signed 64-bit as a number; exact below 2^53 (every counter and tick value is). */
  i64(): number {
    return readInt64(this.buf, this.need(8, 'i64'))
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

  /**
   * `str()` without making the string, for a caller that copies the bytes (the CLI's JSON
   * transcoder): the offset of the UTF-8 bytes, which end at `pos` (null and "" are empty).
   */
  strSpan(): number {
    const len = this.nsize()
    return len === null || len === 0 ? this.pos : this.need(len, 'string')
  }

  /** `uuid()` without making the string: the offset of its 16 bytes. */
  uuidSpan(): number {
    return this.need(16, 'uuid')
  }

  /** 16 raw bytes in textual order (no GUID byte swapping), as a flat lower-case string. */
  uuid(): string {
    return uuidAt(this.buf, this.need(16, 'uuid'))
  }

  /**
   * `str()` for record lists: when the bytes equal a string this field decoded recently from the
   * same buffer, returns that string instead of a new one (`repeat-slot.ts`).
   */
  repeatedStr(slot: RepeatSlot): string {
    const len = this.nsize()
    if (len === null || len === 0) return ''
    const at = this.need(len, 'string')
    const b = this.buf
    return repeatedText(slot, b, at, len, len + b[at]! * 3 + b[at + (len >> 1)]! * 5 + b[at + len - 1]! * 7, textAt)
  }

  /** `uuid()` with the same reuse as `repeatedStr` (infobase, process and cluster ids repeat). */
  repeatedUuid(slot: RepeatSlot): string {
    const at = this.need(16, 'uuid')
    const b = this.buf
    return repeatedText(slot, b, at, 16, b[at]! + b[at + 7]! * 3 + b[at + 15]! * 5, uuidAt)
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

/**
 * Writing the primitive types of the RAS codec "1.0" (docs/protocol.md §2) into a growable
 * big-endian buffer. A value no reader could read (a fraction, an out-of-range integer, a
 * malformed uuid) is refused with a RangeError before anything of it is written.
 */
import { isInt64, writeInt64 } from './int64'
import { serverTimeToTicks, type ServerTime } from './server-time'
import { TypeTag, type ParamMap, type TypedValue } from './typed-value'
import { putUuid } from './uuid-text'

function integer(v: number, what: string): void {
  if (!Number.isInteger(v)) throw new RangeError(`${what} must be an integer: ${v}`)
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
    if (!isInt64(v)) throw new RangeError(`i64 out of range: ${v}`)
    const at = this.reserve(8) // before reading this.buf: reserve may replace it
    writeInt64(this.buf, at, v)
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

  /** Unsigned LEB128 (docs/protocol.md §2.2). */
  size(v: number): this {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`size out of range: ${v}`)
    do {
      const b = v % 128
      v = Math.floor(v / 128)
      this.u8(v > 0 ? b | 0x80 : b)
    } while (v > 0)
    return this
  }

  /** Nullable size (docs/protocol.md §2.3). */
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
    const at = this.reserve(16)
    if (!putUuid(this.buf, at, v)) {
      this.len = at // take back the reservation: nothing of a bad value is written
      throw new RangeError(`not a uuid: ${v}`)
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

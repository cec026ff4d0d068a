/**
 * Property tests for the codec's integers, floats, datetimes, typed values and parameter maps
 * (docs/protocol.md §2.4–§2.6, §2.8): every value survives encode → decode with the bytes of an
 * independent reference (DataView), and malformed input fails with a protocol RasError.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  Reader,
  TICKS_AT_UNIX_EPOCH,
  TypeTag,
  Writer,
  serverTimeToTicks,
  ticksToServerTime,
  type ParamMap,
  type TypedValue,
} from '../../../src-main/ras/codec'
import { protocolErrorOf } from '../../support/ras-failures'
import { MAX_TICKS, i64, sizes, text } from './arbitraries'
import { decodedExactly as dec, encoded as enc, roundTripped } from './exact-codec'

describe('integers', () => {
  const view = (n: number) => {
    const b = Buffer.alloc(n)
    return { b, dv: new DataView(b.buffer, b.byteOffset, n) }
  }

  it('i16 / u16 / i32 round-trip their whole range, big-endian', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -32768, max: 32767 }),
        fc.integer({ min: 0, max: 65535 }),
        fc.integer(),
        (a, b, c) => {
          const { b: r16, dv: d16 } = view(2)
          d16.setInt16(0, a)
          expect(enc((w) => w.i16(a))).toEqual(r16)
          expect(dec(r16, (r) => r.i16())).toBe(a)
          const { b: ru16, dv: du16 } = view(2)
          du16.setUint16(0, b)
          expect(enc((w) => w.u16(b))).toEqual(ru16)
          expect(dec(ru16, (r) => r.u16())).toBe(b)
          const { b: r32, dv: d32 } = view(4)
          d32.setInt32(0, c)
          expect(enc((w) => w.i32(c))).toEqual(r32)
          expect(dec(r32, (r) => r.i32())).toBe(c)
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('i64 is signed and exact up to ±2^53', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          i64,
          fc.constantFrom(
            -(2 ** 53),
            2 ** 53,
            -1,
            -47080,
            0,
            2 ** 32,
            -(2 ** 32),
            2 ** 30 - 1,
            2 ** 30,
            -(2 ** 30),
            -(2 ** 30) - 1,
            2 ** 31,
            -(2 ** 31),
          ),
        ),
        (v) => {
          const { b, dv } = view(8)
          dv.setBigInt64(0, BigInt(v))
          expect(enc((w) => w.i64(v))).toEqual(b)
          expect(dec(b, (r) => r.i64())).toBe(v)
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('i64 reads any 8 bytes as the nearest number, and the extremes survive a round trip', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (v) => {
        const { b, dv } = view(8)
        dv.setBigInt64(0, v)
        expect(dec(b, (r) => r.i64())).toBe(Number(v))
      }),
      { numRuns: 2000 },
    )
    for (const hex of ['7fffffffffffffff', '8000000000000000']) {
      const bytes = Buffer.from(hex, 'hex')
      expect(enc((w) => w.i64(dec(bytes, (r) => r.i64())))).toEqual(bytes)
    }
  })

  it('fixed-width writers refuse fractions and out-of-range values instead of truncating', () => {
    for (const [write, bad] of [
      [(w: Writer, v: number) => w.u8(v), [-1, 256, 1.5, NaN]],
      [(w: Writer, v: number) => w.i16(v), [32768, -32769, 0.5]],
      [(w: Writer, v: number) => w.u16(v), [-1, 65536, 2.5]],
      [(w: Writer, v: number) => w.i32(v), [2 ** 31, -(2 ** 31) - 1, 1.7, NaN]],
    ] as const) {
      for (const v of bad) expect(() => write(new Writer(), v), String(v)).toThrow(RangeError)
    }
  })

  it('i64 refuses to write fractions and non-numbers', () => {
    for (const bad of [0.5, -1.25, NaN, Infinity]) expect(() => new Writer().i64(bad)).toThrow(RangeError)
  })
})

describe('floats', () => {
  it('f32 round-trips every float32 (incl. -0, ±Infinity, NaN)', () => {
    fc.assert(
      fc.property(fc.float(), (v) => {
        expect(Object.is(roundTripped('f32', v), v)).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it('f64 round-trips every double (incl. -0, ±Infinity, NaN)', () => {
    fc.assert(
      fc.property(fc.double(), (v) => {
        const b = Buffer.alloc(8)
        b.writeDoubleBE(v)
        expect(enc((w) => w.f64(v))).toEqual(b)
        expect(Object.is(roundTripped('f64', v), v)).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('datetime', () => {
  const ticks = fc.oneof(
    fc.bigInt({ min: 1n, max: BigInt(MAX_TICKS) }).map(Number),
    fc.integer({ min: -50_000_000, max: 50_000_000 }).map((d) => TICKS_AT_UNIX_EPOCH + 17_720_000_000_000 + d),
    fc.constantFrom(1, MAX_TICKS, TICKS_AT_UNIX_EPOCH, TICKS_AT_UNIX_EPOCH - 1, TICKS_AT_UNIX_EPOCH + 1),
  )

  it('any tick count survives bytes → ServerTime → bytes, sub-millisecond ticks included', () => {
    fc.assert(
      fc.property(ticks, (t) => {
        const bytes = enc((w) => w.i64(t))
        const time = dec(bytes, (r) => r.datetime())
        expect(time).not.toBeNull()
        expect(serverTimeToTicks(time)).toBe(t)
        expect(enc((w) => w.datetime(time))).toEqual(bytes)
      }),
      { numRuns: 5000 },
    )
  })

  it('0 ticks is the empty date', () => {
    expect(dec(Buffer.alloc(8), (r) => r.datetime())).toBeNull()
    expect(enc((w) => w.datetime(null))).toEqual(Buffer.alloc(8))
  })

  it('is the naive wall clock: whole milliseconds map to Date.UTC of the same fields', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0001-01-02T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (d) => {
          const ms = d.getTime()
          expect(ticksToServerTime(serverTimeToTicks(ms))).toBe(ms)
          expect(serverTimeToTicks(ms)).toBe(ms * 10 + TICKS_AT_UNIX_EPOCH)
        },
      ),
      { numRuns: 2000 },
    )
    expect(serverTimeToTicks(Date.UTC(2026, 1, 23) + 0.3)).toBe(Date.UTC(2026, 1, 23) * 10 + TICKS_AT_UNIX_EPOCH + 3)
  })
})

describe('datetime outside 0001–9999', () => {
  /** 0001-01-01 00:00:00.0001 … 9999-12-31 23:59:59.9999 as ServerTime. */
  const first = ticksToServerTime(1)!
  const last = ticksToServerTime(MAX_TICKS)!
  const anyI64 = fc.oneof(
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.constantFrom(2n ** 63n - 1n, -(2n ** 63n), -1n, 0n, 1n, BigInt(MAX_TICKS), BigInt(MAX_TICKS) + 1n),
    fc.bigInt({ min: BigInt(MAX_TICKS) - 1000n, max: BigInt(MAX_TICKS) + 1000n }),
  )

  it('any i64 decodes without throwing, to empty or a date a Date can print; it re-encodes', () => {
    fc.assert(
      fc.property(anyI64, (ticks) => {
        const bytes = Buffer.alloc(8)
        bytes.writeBigInt64BE(ticks)
        const time = dec(bytes, (r) => r.datetime())
        if (ticks <= 0n || ticks > BigInt(MAX_TICKS)) {
          expect(time).toBeNull()
        } else {
          expect(time).not.toBeNull()
          expect(time!).toBeGreaterThanOrEqual(first)
          expect(time!).toBeLessThanOrEqual(last)
          expect(() => new Date(time!).toISOString()).not.toThrow()
          expect(enc((w) => w.datetime(time))).toEqual(bytes) // in range: the same bytes back
        }
        expect(enc((w) => w.datetime(time))).toHaveLength(8)
      }),
      { numRuns: 5000 },
    )
  })

  it('INT64_MAX and negative ticks read as empty, field by field', () => {
    const max = Buffer.from('7fffffffffffffff', 'hex')
    const min = Buffer.from('8000000000000000', 'hex')
    expect(dec(max, (r) => r.datetime())).toBeNull()
    expect(dec(min, (r) => r.datetime())).toBeNull()
    expect(dec(Buffer.from('ffffffffffffffff', 'hex'), (r) => r.datetime())).toBeNull()
    expect(
      dec(Buffer.concat([max, enc((w) => w.datetime(Date.UTC(2026, 1, 23)))]), (r) => [r.datetime(), r.datetime()]),
    ).toEqual([null, Date.UTC(2026, 1, 23)])
  })
})

describe('typed values and parameter maps', () => {
  const typed: fc.Arbitrary<TypedValue> = fc.oneof(
    fc.boolean().map((value) => ({ tag: TypeTag.Boolean, value })),
    fc.integer({ min: 0, max: 255 }).map((value) => ({ tag: TypeTag.Byte, value })),
    fc.integer({ min: 0, max: 255 }).map((value) => ({ tag: TypeTag.Type, value })),
    fc.integer({ min: -32768, max: 32767 }).map((value) => ({ tag: TypeTag.Short, value })),
    fc.integer().map((value) => ({ tag: TypeTag.Int, value })),
    i64.map((value) => ({ tag: TypeTag.Long, value })),
    fc.float({ noNaN: true }).map((value) => ({ tag: TypeTag.Float, value })),
    fc.double({ noNaN: true }).map((value) => ({ tag: TypeTag.Double, value })),
    sizes.map((value) => ({ tag: TypeTag.Size, value })),
    fc.option(sizes, { nil: null }).map((value) => ({ tag: TypeTag.NullableSize, value })),
    fc.option(sizes, { nil: null }).map((value) => ({ tag: TypeTag.EndpointId, value })),
    fc.option(text(), { nil: null }).map((value) => ({ tag: TypeTag.String, value })),
    fc.uuid().map((value) => ({ tag: TypeTag.Uuid, value: value.toLowerCase() })),
  )

  it('every typed value round-trips with its tag', () => {
    fc.assert(
      fc.property(typed, (v) => {
        const bytes = enc((w) => w.typed(v))
        expect(bytes[0]).toBe(v.tag)
        expect(dec(bytes, (r) => r.typed())).toEqual(v)
      }),
      { numRuns: 3000 },
    )
    expect(dec(Buffer.from([0x80]), (r) => r.typed())).toBeNull()
  })

  it('parameter maps round-trip, any key included', () => {
    const key = fc.oneof(text(20), fc.constantFrom('connect.timeout', '__proto__', 'constructor', 'toString'))
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(key, typed), { selector: ([k]) => k, minLength: 1, maxLength: 6 }),
        (entries) => {
          const map: Record<string, TypedValue> = {}
          for (const [k, v] of entries)
            Object.defineProperty(map, k, { value: v, enumerable: true, writable: true, configurable: true })
          const bytes = enc((w) => w.params(map))
          const back = dec(bytes, (r) => r.params()) as NonNullable<ParamMap>
          expect(Object.getPrototypeOf(back)).toBe(Object.prototype)
          expect(Object.keys(back).sort()).toEqual(entries.map(([k]) => k).sort())
          for (const [k, v] of entries) expect(Object.getOwnPropertyDescriptor(back, k)?.value).toEqual(v)
        },
      ),
      { numRuns: 1500 },
    )
  })

  it('null and empty maps are written as 80, like rac', () => {
    expect(enc((w) => w.params(null))).toEqual(Buffer.from([0x80]))
    expect(enc((w) => w.params({}))).toEqual(Buffer.from([0x80]))
    expect(dec(Buffer.from([0x80]), (r) => r.params())).toBeNull()
    expect(dec(Buffer.from([0x00]), (r) => r.params())).toEqual({})
  })

  it('an unknown tag is a protocol error', () => {
    for (const tag of [0, 14, 0x7f, 0x81, 0xff])
      protocolErrorOf(() => new Reader(Buffer.from([tag, 0, 0, 0, 0])).typed())
  })
})

/**
 * Property tests for the codec primitives (docs/protocol.md §2): every value a field can hold survives
 * encode → decode, the bytes match an independent reference encoding, and malformed input fails
 * with a protocol RasError.
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
import { RasError } from '../../../src-main/ras/errors'
import { MAX_TICKS, i64, text } from './arbitraries'

const enc = (f: (w: Writer) => unknown): Buffer => {
  const w = new Writer(4)
  f(w)
  return Buffer.from(w.bytes())
}

/** Decodes `bytes` with `f` and checks that every byte was consumed. */
function dec<T>(bytes: Buffer, f: (r: Reader) => T): T {
  const r = new Reader(bytes)
  const v = f(r)
  r.expectEnd('value')
  return v
}

function expectProtocolError(f: () => unknown): void {
  let caught: unknown
  try {
    f()
  } catch (e) {
    caught = e
  }
  expect(caught).toBeInstanceOf(RasError)
  expect((caught as RasError).kind).toBe('protocol')
}

/** Reference LEB128 with BigInt, written from docs/protocol.md §2.2 independently of the codec. */
function refSize(v: bigint): Buffer {
  const out: number[] = []
  do {
    const b = Number(v & 0x7fn)
    v >>= 7n
    out.push(v ? b | 0x80 : b)
  } while (v)
  return Buffer.from(out)
}

/** Reference nullable size (docs/protocol.md §2.3). */
function refNsize(v: bigint): Buffer {
  const out: number[] = []
  const first = Number(v & 0x3fn)
  v >>= 6n
  out.push(v ? first | 0x40 : first)
  while (v) {
    const b = Number(v & 0x7fn)
    v >>= 7n
    out.push(v ? b | 0x80 : b)
  }
  return Buffer.from(out)
}

const sizes = fc.oneof(
  fc.integer({ min: 0, max: 200 }),
  fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }).map(Number),
  fc.constantFrom(63, 64, 127, 128, 4095, 4096, 8191, 8192, 2 ** 35 - 1, 2 ** 35, Number.MAX_SAFE_INTEGER),
)

describe('size and nsize', () => {
  it('size round-trips every safe integer and matches LEB128', () => {
    fc.assert(
      fc.property(sizes, (v) => {
        const bytes = enc((w) => w.size(v))
        expect(bytes).toEqual(refSize(BigInt(v)))
        expect(dec(bytes, (r) => r.size())).toBe(v)
      }),
      { numRuns: 2000 },
    )
  })

  it('nsize round-trips every safe integer and null', () => {
    fc.assert(
      fc.property(fc.option(sizes, { nil: null }), (v) => {
        const bytes = enc((w) => w.nsize(v))
        expect(bytes).toEqual(v === null ? Buffer.from([0x80]) : refNsize(BigInt(v)))
        expect(dec(bytes, (r) => r.nsize())).toBe(v)
      }),
      { numRuns: 2000 },
    )
  })

  it('nsize rejects a first byte with the null bit and other bits set', () => {
    for (let b = 0x81; b <= 0xff; b++) expectProtocolError(() => new Reader(Buffer.from([b, 0, 0, 0])).nsize())
  })

  it('truncated and endless varints fail with a protocol error', () => {
    expectProtocolError(() => new Reader(Buffer.from([0x80])).size())
    expectProtocolError(() => new Reader(Buffer.from([0x40])).nsize())
    expectProtocolError(() => new Reader(Buffer.alloc(12, 0xff)).size())
    expectProtocolError(() => new Reader(Buffer.from([0x7f, ...Buffer.alloc(12, 0xff)])).nsize())
  })

  it('writers refuse what no reader could read', () => {
    for (const bad of [-1, 0.5, NaN, Infinity, 2 ** 53]) {
      expect(() => new Writer().size(bad)).toThrow(RangeError)
      expect(() => new Writer().nsize(bad)).toThrow(RangeError)
    }
  })
})

describe('strings', () => {
  it('round-trip any Unicode text with a byte-length nsize prefix', () => {
    fc.assert(
      fc.property(text(200), (s) => {
        const bytes = enc((w) => w.str(s))
        const utf8 = Buffer.from(s, 'utf8')
        expect(bytes).toEqual(Buffer.concat([refNsize(BigInt(utf8.length)), utf8]))
        expect(dec(bytes, (r) => r.str())).toBe(s)
        expect(dec(bytes, (r) => r.nullableStr())).toBe(s)
      }),
      { numRuns: 1500 },
    )
  })

  it('round-trip long strings (≥ 4096 bytes, multi-byte nsize)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: fc.constantFrom('ж', 'Я', 'a', ' ', '€', '😀'), minLength: 2100, maxLength: 9000 }),
          fc.string({ unit: 'binary', minLength: 1100, maxLength: 5000 }),
        ),
        (s) => {
          fc.pre(Buffer.byteLength(s) >= 4096)
          const bytes = enc((w) => w.str(s))
          expect(dec(bytes, (r) => r.str())).toBe(s)
        },
      ),
      { numRuns: 60 },
    )
    const big = 'Сеанс '.repeat(20_000) // 220 KB, a 3-byte nsize
    expect(
      dec(
        enc((w) => w.str(big)),
        (r) => r.str(),
      ),
    ).toBe(big)
  })

  it('null and empty are different values on the wire', () => {
    expect(enc((w) => w.nullableStr(null))).toEqual(Buffer.from([0x80]))
    expect(enc((w) => w.nullableStr(''))).toEqual(Buffer.from([0x00]))
    expect(dec(Buffer.from([0x80]), (r) => r.nullableStr())).toBeNull()
    expect(dec(Buffer.from([0x00]), (r) => r.nullableStr())).toBe('')
    expect(dec(Buffer.from([0x80]), (r) => r.str())).toBe('') // record fields read null as ""
  })

  it('Cyrillic is UTF-8 with the byte count as length (docs/protocol.md §9.4)', () => {
    const msg = 'Сеанс с указанным идентификатором не найден'
    const bytes = enc((w) => w.str(msg))
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x51, 0x01])) // 81 bytes
    expect(dec(bytes, (r) => r.str())).toBe(msg)
  })

  it('decode any bytes exactly like a strict UTF-8 decoder, or fail with a protocol error', () => {
    const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
    const bytesArb = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc
        .array(
          fc.constantFrom(0x41, 0xd0, 0x9f, 0xbf, 0x80, 0xe0, 0xed, 0xa0, 0xf0, 0xf4, 0x90, 0x8f, 0xc0, 0xc2, 0xff),
          {
            maxLength: 40,
          },
        )
        .map((a) => Uint8Array.from(a)),
      text(30).map((s) => Uint8Array.from(Buffer.from(s, 'utf8'))),
    )
    fc.assert(
      fc.property(bytesArb, (raw) => {
        const payload = Buffer.from(raw)
        const bytes = Buffer.concat([refNsize(BigInt(payload.length)), payload])
        let expected: string | Error
        try {
          expected = strict.decode(payload)
        } catch (e) {
          expected = e as Error
        }
        if (typeof expected === 'string') expect(dec(bytes, (r) => r.str())).toBe(expected)
        else expectProtocolError(() => dec(bytes, (r) => r.str()))
      }),
      { numRuns: 3000 },
    )
  })

  it('a string longer than the bytes left is a protocol error, not a short read', () => {
    expectProtocolError(() => new Reader(Buffer.from([0x05, 0x61, 0x62])).str())
    expectProtocolError(() => new Reader(Buffer.from([0x40, 0x40, 0x61])).str())
  })
})

describe('uuid', () => {
  it('round-trips any uuid as 16 raw bytes in textual order', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (raw) => {
        const bytes = Buffer.from(raw)
        const s = dec(bytes, (r) => r.uuid())
        expect(s).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
        expect(s.replace(/-/g, '')).toBe(bytes.toString('hex'))
        expect(enc((w) => w.uuid(s))).toEqual(bytes)
      }),
      { numRuns: 1000 },
    )
    fc.assert(
      fc.property(fc.uuid(), (u) => {
        expect(
          dec(
            enc((w) => w.uuid(u)),
            (r) => r.uuid(),
          ),
        ).toBe(u.toLowerCase())
      }),
    )
  })

  it('refuses to write something that is not a uuid', () => {
    for (const bad of ['', 'x', '1619820a-d36f-4d8a-a716-1516b1dea07', '1619820a-d36f-4d8a-a716-1516b1dea0777'])
      expect(() => new Writer().uuid(bad)).toThrow(RangeError)
  })
})

describe('bool', () => {
  it('reads 0 and 1 and writes them back', () => {
    for (const v of [false, true])
      expect(
        dec(
          enc((w) => w.bool(v)),
          (r) => r.bool(),
        ),
      ).toBe(v)
  })

  it('rejects 2..255 with a protocol RasError', () => {
    for (let b = 2; b <= 255; b++) expectProtocolError(() => new Reader(Buffer.from([b])).bool())
  })
})

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
      fc.property(fc.oneof(i64, fc.constantFrom(-(2 ** 53), 2 ** 53, -1, -47080, 0, 2 ** 32, -(2 ** 32))), (v) => {
        const { b, dv } = view(8)
        dv.setBigInt64(0, BigInt(v))
        expect(enc((w) => w.i64(v))).toEqual(b)
        expect(dec(b, (r) => r.i64())).toBe(v)
      }),
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
        expect(
          Object.is(
            dec(
              enc((w) => w.f32(v)),
              (r) => r.f32(),
            ),
            v,
          ),
        ).toBe(true)
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
        expect(
          Object.is(
            dec(b, (r) => r.f64()),
            v,
          ),
        ).toBe(true)
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
      expectProtocolError(() => new Reader(Buffer.from([tag, 0, 0, 0, 0])).typed())
  })
})

/**
 * Property tests for the codec's varints, strings, uuids and bools (docs/protocol.md §2.1–§2.3,
 * §2.7): every value a field can hold survives encode → decode, the bytes match an independent
 * reference encoding, and malformed input fails with a protocol RasError. Numbers, datetimes and
 * typed values: `numbers.test.ts`.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Reader, Writer } from '../../../src-main/ras/codec'
import { protocolErrorOf } from '../../support/ras-failures'
import { sizes, text } from './arbitraries'
import { decodedExactly as dec, encoded as enc, roundTripped } from './exact-codec'

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
    for (let b = 0x81; b <= 0xff; b++) protocolErrorOf(() => new Reader(Buffer.from([b, 0, 0, 0])).nsize())
  })

  it('truncated and endless varints fail with a protocol error', () => {
    protocolErrorOf(() => new Reader(Buffer.from([0x80])).size())
    protocolErrorOf(() => new Reader(Buffer.from([0x40])).nsize())
    protocolErrorOf(() => new Reader(Buffer.alloc(12, 0xff)).size())
    protocolErrorOf(() => new Reader(Buffer.from([0x7f, ...Buffer.alloc(12, 0xff)])).nsize())
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
          expect(roundTripped('str', s)).toBe(s)
        },
      ),
      { numRuns: 60 },
    )
    const big = 'Сеанс '.repeat(20_000) // 220 KB, a 3-byte nsize
    expect(roundTripped('str', big)).toBe(big)
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
          fc.constantFrom(
            0x41,
            0xd0,
            0x9f,
            0xbf,
            0x80,
            0xe0,
            0xed,
            0xa0,
            0xf0,
            0xf4,
            0x90,
            0x8f,
            0xc0,
            0xc2,
            0xff,
            0xef,
            0xbd,
          ),
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
        else protocolErrorOf(() => dec(bytes, (r) => r.str()))
      }),
      { numRuns: 3000 },
    )
  })

  it('U+FFFD sent as such is text; beside bytes that are not UTF-8 it is still an error', () => {
    // The decoder trusts a text without U+FFFD and checks byte by byte one with it (utf8-text.ts).
    const replacement = Buffer.from('Журнал \uFFFD регистрации', 'utf8')
    expect(dec(Buffer.concat([refNsize(BigInt(replacement.length)), replacement]), (r) => r.str())).toBe(
      'Журнал \uFFFD регистрации',
    )
    const mixed = Buffer.concat([replacement, Buffer.from([0xed, 0xa0, 0x80])])
    protocolErrorOf(() => dec(Buffer.concat([refNsize(BigInt(mixed.length)), mixed]), (r) => r.str()))
  })

  it('a string longer than the bytes left is a protocol error, not a short read', () => {
    protocolErrorOf(() => new Reader(Buffer.from([0x05, 0x61, 0x62])).str())
    protocolErrorOf(() => new Reader(Buffer.from([0x40, 0x40, 0x61])).str())
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
        expect(roundTripped('uuid', u)).toBe(u.toLowerCase())
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
    for (const v of [false, true]) expect(roundTripped('bool', v)).toBe(v)
  })

  it('rejects 2..255 with a protocol RasError', () => {
    for (let b = 2; b <= 255; b++) protocolErrorOf(() => new Reader(Buffer.from([b])).bool())
  })
})

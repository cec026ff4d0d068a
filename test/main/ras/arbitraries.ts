/**
 * fast-check arbitraries for RAS values, derived from the record declarations themselves, so a
 * new field or record is covered by the round-trip and fuzz tests without touching them.
 */
import fc from 'fast-check'
import { TICKS_AT_UNIX_EPOCH, ticksToServerTime, type ServerTime } from '../../../src-main/ras/codec'
import type { FieldType, RecordDef } from '../../../src-main/ras/record'

/** 9999-12-31 23:59:59.9999 in ticks: the largest date a 1C server can hold. */
export const MAX_TICKS = 3155378975999999

const CYRILLIC = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ'
const ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-_:/\\'()#"

/** Text as RAS carries it: ASCII, Cyrillic, anything else in Unicode (never lone surrogates). */
export function text(maxLength = 40): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: fc.constantFrom(...ASCII), maxLength }),
    fc.string({ unit: fc.constantFrom(...(CYRILLIC + ' ,.')), maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.constantFrom(
      '',
      "''",
      '1CV8C',
      'Designer',
      'ru_RU',
      '127.0.0.1',
      '\uFFFD',
      '\uFEFFbom',
      'Клиент, 500000125530 4 4',
    ),
  )
}

/** A non-zero tick count (0 is the empty date) as the ServerTime the codec returns for it. */
export const serverTime: fc.Arbitrary<ServerTime> = fc.oneof(
  fc.constant(null),
  fc
    .integer({ min: 1, max: 2 ** 31 - 1 })
    .map((low) => ticksToServerTime(TICKS_AT_UNIX_EPOCH + 17_720_000_000_000 + low)), // around 2026
  fc.bigInt({ min: 1n, max: BigInt(MAX_TICKS) }).map((t) => ticksToServerTime(Number(t))),
)

/** Counts and lengths: small, 32-bit and any safe integer, with the varint byte boundaries. */
export const sizes: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 200 }),
  fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }).map(Number),
  fc.constantFrom(63, 64, 127, 128, 4095, 4096, 8191, 8192, 2 ** 35 - 1, 2 ** 35, Number.MAX_SAFE_INTEGER),
)

export const i64: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -100_000, max: 10_000_000 }),
  fc.bigInt({ min: -(2n ** 53n), max: 2n ** 53n }).map(Number),
)

function valueOf(type: FieldType, depth: number): fc.Arbitrary<unknown> {
  if (typeof type === 'object') {
    return fc.array(recordValue(type.list, depth + 1), { maxLength: depth > 0 ? 1 : 3 })
  }
  switch (type) {
    case 'u8':
      return fc.integer({ min: 0, max: 255 })
    case 'bool':
      return fc.boolean()
    case 'i16':
      return fc.integer({ min: -32768, max: 32767 })
    case 'u16':
      return fc.integer({ min: 0, max: 65535 })
    case 'i32':
      return fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }))
    case 'i64':
      return i64
    case 'f32':
      return fc.float({ noNaN: true })
    case 'f64':
      return fc.oneof(fc.double({ noNaN: true }), fc.double({ min: 0, max: 10_000, noNaN: true }))
    case 'str':
      return text()
    case 'uuid':
      return fc.oneof(fc.uuid({ version: 4 }), fc.constant('00000000-0000-0000-0000-000000000000'))
    case 'datetime':
      return serverTime
    case 'tail':
      return fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b).toString('hex'))
  }
}

/** Any value of a record as its declaration describes it (every field, whatever the version). */
export function recordValue(record: RecordDef, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {}
  for (const f of record.fields) shape[f.name] = valueOf(f.type, depth)
  return fc.record(shape)
}

/**
 * The JSON transcoder (bytes of a reply straight to JSON bytes) prints exactly what the row writer
 * prints for the decoded records — itself held to JSON.stringify in json-output.test.ts — at every
 * service version, and fails on the bytes a decoder refuses with the decoder's own error.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { JsonBytes } from '../../../src-main/cli/json-bytes'
import { compileRowWriter } from '../../../src-main/cli/json-rows'
import { compileTranscoder, type DerivedColumn } from '../../../src-main/cli/json-transcoder'
import type { Column, Kind, Row } from '../../../src-main/cli/output'
import { Reader, Writer } from '../../../src-main/ras/codec'
import { decodeList, encodeList, fieldsAt, readEach, type RecordValue } from '../../../src-main/ras/record'
import { SessionInfo } from '../../../src-main/ras/records'
import { recordValue } from '../ras/arbitraries'

type Session = RecordValue<typeof SessionInfo>

const VERSIONS = [3, 9, 10, 11, 16]
const CLUSTER = 'c0ffee00-0000-4000-8000-000000000001'

function kindOf(type: unknown): Kind {
  if (type === 'datetime') return 'datetime'
  if (type === 'bool') return 'boolean'
  if (type === 'str' || type === 'uuid' || type === 'tail') return 'string'
  return typeof type === 'object' ? 'string' : 'number'
}

/** The `sessions --json` columns: cluster, every field in wire order, the infobase name after the infobase. */
function columnsAt(version: number, withLists: boolean): Column[] {
  const columns: Column[] = [{ key: 'cluster', kind: 'string' }]
  for (const f of fieldsAt(SessionInfo, version)) {
    if (!withLists && typeof f.type === 'object') continue
    columns.push({ key: f.name, kind: kindOf(f.type) })
    if (f.name === 'infobase') columns.push({ key: 'infobaseName', kind: 'string' })
  }
  return columns
}

function listBytes(sessions: Session[], version: number): Buffer {
  return encodeList(new Writer(), SessionInfo, sessions, version).bytes()
}

function collect(write: (w: JsonBytes) => void): string {
  const chunks: Buffer[] = []
  const w = new JsonBytes((chunk) => chunks.push(Buffer.from(chunk)))
  write(w)
  w.flush()
  return Buffer.concat(chunks).toString('utf8')
}

function transcoded(buf: Buffer, version: number, columns: Column[], names: Map<string, string>): string {
  const derived: Record<string, DerivedColumn> = {
    infobaseName: { from: 'infobase', value: (id) => names.get(id as string) ?? '' },
  }
  const transcode = compileTranscoder(SessionInfo, version, columns, derived)
  return collect((w) => readEach(new Reader(buf), SessionInfo, (r) => transcode(r, w, { cluster: CLUSTER })))
}

function written(buf: Buffer, version: number, columns: Column[], names: Map<string, string>): string {
  const writeRow = compileRowWriter(columns)
  const sessions = decodeList(new Reader(buf), SessionInfo, version)
  return collect((w) => {
    for (const s of sessions) {
      const row: Row = { ...s, cluster: CLUSTER, infobaseName: names.get(s.infobase) ?? '' }
      writeRow(w, row, row)
    }
  })
}

function errorOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (e) {
    return (e as Error).message
  }
  return undefined
}

describe('JSON transcoder', () => {
  it('prints what the row writer prints for the decoded sessions, at every version, lists left out or in', () => {
    fc.assert(
      fc.property(
        fc.array(recordValue(SessionInfo), { maxLength: 5 }),
        fc.constantFrom(...VERSIONS),
        fc.boolean(),
        (sessions, version, withLists) => {
          const buf = listBytes(sessions as Session[], version)
          const names = new Map(sessions.slice(0, 2).map((s, i) => [s.infobase as string, `База ${i} "q"`]))
          const columns = columnsAt(version, withLists)
          const out = transcoded(buf, version, columns, names)
          expect(out).toBe(written(buf, version, columns, names))
          // and it is JSON: the objects parse, one per session, with every column
          const parsed = JSON.parse(`[${out.replaceAll('}{', '},{')}]`) as Row[]
          expect(parsed).toHaveLength(sessions.length)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('prints the fields a version lacks as the decoder fills them, when the columns are a newer version’s', () => {
    const sessions = fc.sample(recordValue(SessionInfo), { numRuns: 3, seed: 11 }) as Session[]
    const buf = listBytes(sessions, 9)
    const columns = columnsAt(16, false)
    expect(transcoded(buf, 9, columns, new Map())).toBe(written(buf, 9, columns, new Map()))
  })

  it('fails on every truncation, and on invalid UTF-8, with the error decoding gives', () => {
    const sessions = fc.sample(recordValue(SessionInfo), { numRuns: 3, seed: 7 }) as Session[]
    const buf = listBytes(sessions, 16)
    const columns = columnsAt(16, false)
    for (let len = 0; len < buf.length; len += 5) {
      const cut = buf.subarray(0, len)
      const expected = errorOf(() => decodeList(new Reader(cut), SessionInfo, 16))
      expect(expected, `cut at ${len}`).toBeDefined()
      expect(
        errorOf(() => transcoded(cut, 16, columns, new Map())),
        `cut at ${len}`,
      ).toBe(expected)
    }
    // A user name whose bytes are no UTF-8: an overlong form, a surrogate, a cut sequence.
    for (const bad of [Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0x41, 0xd0])]) {
      const marker = 'UUUUUUUUUUUU'
      const one = listBytes([{ ...sessions[0]!, userName: marker }], 16)
      const at = one.indexOf(marker)
      const broken = Buffer.concat([one.subarray(0, at - 1), Buffer.from([bad.length]), bad, one.subarray(at + 12)])
      const expected = errorOf(() => decodeList(new Reader(broken), SessionInfo, 16))
      expect(expected).toMatch(/invalid UTF-8/)
      expect(errorOf(() => transcoded(broken, 16, columns, new Map()))).toBe(expected)
    }
  })

  it('on random bytes, fails exactly where decoding fails and otherwise prints the same', () => {
    const columns = columnsAt(16, false)
    const valid = listBytes(fc.sample(recordValue(SessionInfo), { numRuns: 2, seed: 3 }) as Session[], 16)
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }),
          // a valid list with bytes flipped: deep into the records before anything breaks
          fc
            .array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 })
            .map((flips) => {
              const copy = Uint8Array.from(valid)
              for (const [at, value] of flips) copy[at] = value
              return copy
            }),
        ),
        (bytes) => {
          const buf = Buffer.from(bytes)
          const expected = errorOf(() => decodeList(new Reader(buf), SessionInfo, 16))
          if (expected !== undefined) expect(errorOf(() => transcoded(buf, 16, columns, new Map()))).toBe(expected)
          else expect(transcoded(buf, 16, columns, new Map())).toBe(written(buf, 16, columns, new Map()))
        },
      ),
      { numRuns: 400 },
    )
  })

  it('refuses columns it cannot print in one pass', () => {
    const swapped = columnsAt(16, false)
    const host = swapped.findIndex((c) => c.key === 'host')
    ;[swapped[1], swapped[host]] = [swapped[host]!, swapped[1]!]
    expect(() => compileTranscoder(SessionInfo, 16, swapped)).toThrow(/not in wire order/)
    const early: Column[] = [{ key: 'infobaseName', kind: 'string' }, ...columnsAt(16, false).slice(1)]
    expect(() =>
      compileTranscoder(SessionInfo, 16, early, { infobaseName: { from: 'infobase', value: () => '' } }),
    ).toThrow(/derived from infobase/)
  })
})

/**
 * `decodeEach` (and RasClient.eachSession over it) hands out the very records `decodeList` returns,
 * one at a time, and fails on the same bytes with the same error.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Reader, Writer } from '../../../src-main/ras/codec'
import { decodeEach, decodeList, encodeList, type RecordValue } from '../../../src-main/ras/record'
import { SessionInfo } from '../../../src-main/ras/records'
import { recordValue } from './arbitraries'

type Session = RecordValue<typeof SessionInfo>

function listBytes(sessions: Session[], version: number): Buffer {
  return encodeList(new Writer(), SessionInfo, sessions, version).bytes()
}

function each(buf: Buffer, version: number): Session[] {
  const seen: Session[] = []
  const count = decodeEach(new Reader(buf), SessionInfo, version, (s) => seen.push(s))
  expect(count).toBe(seen.length)
  return seen
}

describe('decodeEach', () => {
  it('visits exactly the records decodeList returns, in order', () => {
    fc.assert(
      fc.property(
        fc.array(recordValue(SessionInfo), { maxLength: 6 }),
        fc.constantFrom(3, 10, 16),
        (sessions, version) => {
          const buf = listBytes(sessions as Session[], version)
          expect(each(buf, version)).toEqual(decodeList(new Reader(buf), SessionInfo, version))
        },
      ),
      { numRuns: 100 },
    )
  })

  it('fails on every truncation with the error decodeList gives', () => {
    const sample = fc.sample(recordValue(SessionInfo), { numRuns: 3, seed: 7 }) as Session[]
    const buf = listBytes(sample, 16)
    for (let len = 0; len < buf.length; len += 7) {
      const cut = buf.subarray(0, len)
      let expected: unknown
      try {
        decodeList(new Reader(cut), SessionInfo, 16)
      } catch (e) {
        expected = e
      }
      expect(expected, `cut at ${len}`).toBeDefined()
      expect(() => each(cut, 16)).toThrow((expected as Error).message)
    }
  })
})

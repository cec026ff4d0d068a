/**
 * The one text of a ServerTime (src-shared/server-time.ts): the services' and the CLI's
 * `YYYY-MM-DD HH:mm:ss` and ISO form (the renderer's formatter: test/renderer/server-time-text.test.ts).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MAX_SERVER_TIME,
  MIN_SERVER_TIME,
  isShowableServerTime,
  serverTimeIso,
  serverTimeText,
} from '../../../src-shared/server-time'

const pad = (n: number, w = 2) => String(n).padStart(w, '0')
const showable = fc.integer({ min: MIN_SERVER_TIME, max: MAX_SERVER_TIME })

describe('server time text', () => {
  it('is the wall clock read with getUTC*, whatever zone the process runs in', () => {
    fc.assert(
      fc.property(showable, (t) => {
        const d = new Date(t)
        const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
        const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
        expect(serverTimeIso(t)).toBe(`${date}T${time}`)
        expect(serverTimeText(t)).toBe(`${date} ${time}`)
      }),
      { numRuns: 3000 },
    )
  })

  it('the edges of RAS datetimes show; beyond them, null, NaN and non-numbers give nothing and never throw', () => {
    expect(serverTimeText(MIN_SERVER_TIME)).toBe('0001-01-01 00:00:00')
    expect(serverTimeText(MAX_SERVER_TIME)).toBe('9999-12-31 23:59:59')
    expect(serverTimeText(Date.UTC(2026, 10, 25, 23, 5, 9))).toBe('2026-11-25 23:05:09')
    for (const odd of [
      MIN_SERVER_TIME - 1,
      MAX_SERVER_TIME + 1,
      9.2e17,
      -9.2e17,
      NaN,
      Infinity,
      null,
      '0',
      undefined,
    ]) {
      expect(isShowableServerTime(odd)).toBe(false)
      expect(serverTimeIso(odd)).toBeNull()
      expect(serverTimeText(odd)).toBe('')
    }
    fc.assert(
      fc.property(fc.double(), (t) => {
        expect(() => serverTimeText(t)).not.toThrow()
      }),
    )
  })
})

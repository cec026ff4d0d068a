/** The renderer's locale-aware server-time formatter is the shared text (src-shared/server-time.ts) in the locale's date order. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_SERVER_TIME, MIN_SERVER_TIME, serverTimeText } from '../../src-shared/server-time'
import { formatServerTime, serverTimeOfDay } from '../../src-renderer/src/format/server-time'

describe('formatServerTime on the shared core', () => {
  it('property: en is the shared text, ru the same date day-first, the time of day its tail', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_SERVER_TIME, max: MAX_SERVER_TIME }), (t) => {
        const [date, time] = serverTimeText(t).split(' ') as [string, string]
        const [y, m, d] = date.split('-')
        expect(formatServerTime(t, 'en')).toBe(`${date} ${time}`)
        expect(formatServerTime(t, 'ru')).toBe(`${d}.${m}.${y} ${time}`)
        expect(serverTimeOfDay(t)).toBe(time)
      }),
      { numRuns: 1000 },
    )
  })

  it('shows nothing for null or a value no four-digit year holds', () => {
    expect(formatServerTime(null, 'ru')).toBe('')
    expect(formatServerTime(MAX_SERVER_TIME + 1, 'en')).toBe('')
    expect(formatServerTime(Number.NaN, 'en')).toBe('')
    expect(formatServerTime(MIN_SERVER_TIME, 'ru')).toBe('01.01.0001 00:00:00')
  })
})

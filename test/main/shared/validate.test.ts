/** The one host, port and UUID rule (src-shared/validate.ts) that the API, import, CLI and form share. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PORT } from '../../../src-main/ras/connection'
import { DEFAULT_RAS_PORT, hostProblem, isRasPort, isUuid, portProblem } from '../../../src-shared/validate'

describe('hostProblem', () => {
  it.each([
    ['srv-1c-01', null],
    ['10.0.0.5', null],
    ['  srv  ', null], // the caller keeps the trimmed text
    ['[::1]', null],
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['two words', 'is not a host name or IP address'],
    ['admin@srv', 'is not a host name or IP address'],
    ['http://srv/', 'is not a host name or IP address'],
    ['srv\\share', 'is not a host name or IP address'],
    ['srv?x', 'is not a host name or IP address'],
    ['srv#1', 'is not a host name or IP address'],
    ['x'.repeat(256), 'is longer than 255 characters'],
    ['srv\u001b', 'contains a control character (U+001B); remove it'],
    ['srv\u2066', 'contains a bidirectional override character (U+2066); remove it'],
  ])('%j → %j', (host, why) => {
    expect(hostProblem(host)).toBe(why)
  })

  it('property: refused exactly when empty, too long, or holding a control, bidi, space or URL character', () => {
    const piece = fc.oneof(
      fc.constantFrom(...'aБ1.-:[ \t@/\\?#'.split(''), '\u001b', '\u202e', '\u0085'),
      fc.string({ unit: 'binary', maxLength: 3 }),
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), (pieces, long) => {
        const host = pieces.join('') + (long ? 'h'.repeat(255) : '')
        const trimmed = host.trim()
        const refused =
          /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(host) ||
          trimmed === '' ||
          trimmed.length > 255 ||
          /[\s/\\?#@]/.test(trimmed)
        expect(hostProblem(host) !== null, JSON.stringify(host)).toBe(refused)
      }),
      { numRuns: 3000 },
    )
  })
})

describe('ports', () => {
  it('1–65535 integers only, as numbers', () => {
    for (const ok of [1, 1545, 65535]) expect([isRasPort(ok), portProblem(ok)]).toEqual([true, null])
    for (const bad of [0, -1, 65536, 15.5, NaN, Infinity, '1545', null, undefined]) {
      expect([isRasPort(bad), portProblem(bad)]).toEqual([false, 'is not 1–65535'])
    }
  })

  it('the app default is the protocol default the RAS client connects to', () => {
    expect(DEFAULT_RAS_PORT).toBe(1545)
    expect(DEFAULT_PORT).toBe(DEFAULT_RAS_PORT)
  })
})

describe('isUuid', () => {
  it('8-4-4-4-12 hex in either case, nothing around it', () => {
    expect(isUuid('bc9e8fae-32f1-4e90-94cc-4312e65cc07d')).toBe(true)
    expect(isUuid('BC9E8FAE-32F1-4E90-94CC-4312E65CC07D')).toBe(true)
    for (const bad of ['', 'nope', 'bc9e8fae32f14e9094cc4312e65cc07d', '{bc9e8fae-32f1-4e90-94cc-4312e65cc07d}']) {
      expect(isUuid(bad)).toBe(false)
    }
    expect(isUuid('bc9e8fae-32f1-4e90-94cc-4312e65cc07d\n')).toBe(false)
    expect(isUuid(5)).toBe(false)
  })

  it('property: every UUID fast-check makes passes, and breaking one character of it fails', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.nat(35), (id, at) => {
        expect(isUuid(id)).toBe(true)
        expect(isUuid(id.slice(0, at) + 'g' + id.slice(at + 1))).toBe(false)
      }),
    )
  })
})

/** Small pure parts: search folding, the server clock estimate, the app-id table. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isServiceAppId, appIdInfo, APP_IDS } from '../../../src-main/ras/app-ids'
import { ServerClock } from '../../../src-main/services/server-clock'
import { foldSearchText, searchSessions, sessionMatches, searchTerms } from '../../../src-main/services/session-search'

const row = (over: Partial<Record<string, string>> = {}) => ({
  userName: 'Семёнов Пётр',
  infobaseName: 'Бухгалтерия_КОРП',
  infobase: 'bc9e8fae-32f1-4e90-94cc-4312e65cc07d',
  host: 'WS-Kassa-01',
  clientIp: '10.0.5.22',
  appId: '1CV8C',
  ...over,
})

describe('session search', () => {
  it('folds case, ё and Unicode forms', () => {
    expect(foldSearchText('ЁЛКА Ёж')).toBe('елка еж')
    expect(foldSearchText('ﬁ')).toBe('fi') // NFKC
    expect(foldSearchText('e\u0301')).toBe('é')
    expect(searchTerms('  Семенов   КОРП ')).toEqual(['семенов', 'корп'])
  })

  it('matches any searchable field, every word, case-insensitively', () => {
    const r = row()
    for (const q of [
      'семенов',
      'СЕМЁНОВ',
      'пётр семенов',
      'корп',
      'BC9E8FAE-32F1',
      'ws-kassa',
      '10.0.5',
      '1cv8c',
      'корп 1cv8c',
    ]) {
      expect(sessionMatches(r, searchTerms(q)), q).toBe(true)
    }
    for (const q of ['иванов', 'семенов иванов', '10.0.6']) expect(sessionMatches(r, searchTerms(q)), q).toBe(false)
    expect(searchSessions([r, row({ userName: 'Иванов' })], '')).toHaveLength(2)
  })

  it('property: any piece of a field, in any case, finds the row', () => {
    const field = fc.constantFrom('userName', 'infobaseName', 'infobase', 'host', 'clientIp', 'appId')
    const text = fc.string({
      unit: fc.constantFrom(...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяABCdef01-_. '),
      minLength: 1,
      maxLength: 20,
    })
    fc.assert(
      fc.property(field, text, fc.nat(), fc.nat(), fc.boolean(), (key, value, a, b, upper) => {
        const r = row({ [key]: value })
        const start = a % value.length
        const piece = value.slice(start, start + 1 + (b % (value.length - start)))
        if (piece.trim() === '') return true
        const query = upper ? piece.toLocaleUpperCase('ru-RU') : piece
        return searchSessions([r], query).length === 1
      }),
    )
  })
})

describe('ServerClock', () => {
  const desktop = Date.UTC(2026, 10, 25, 9, 0, 0)
  it('learns a Moscow server (+3 h) from its newest session times, tolerating skew and idle minutes', () => {
    const clock = new ServerClock({ now: () => desktop })
    const serverNow = desktop + 3 * 3_600_000
    clock.observe('srv:1545', [serverNow - 7 * 60_000, null, serverNow - 3_600_000])
    expect(clock.now('srv:1545')).toBe(serverNow)
    const ahead = new ServerClock({ now: () => desktop })
    ahead.observe('srv:1545', [serverNow + 30_000]) // server clock 30 s fast
    expect(ahead.now('srv:1545')).toBe(serverNow)
    expect(ahead.knows('srv:1545')).toBe(true)
    expect(ahead.knows('other:1545')).toBe(false)
  })
  it('falls back to the desktop zone, and only ever raises a learned offset', () => {
    const clock = new ServerClock({ now: () => desktop })
    expect(clock.now('x')).toBe(desktop - new Date(desktop).getTimezoneOffset() * 60_000)
    clock.observe('x', [desktop + 2 * 3_600_000 - 20 * 60_000]) // stale: looks like +1:45
    clock.observe('x', [desktop + 3 * 3_600_000 - 60_000]) // fresh: +3
    expect(clock.now('x')).toBe(desktop + 3 * 3_600_000)
    clock.observe('x', [desktop])
    expect(clock.now('x')).toBe(desktop + 3 * 3_600_000)
    clock.observe('x', [])
    expect(clock.now('x')).toBe(desktop + 3 * 3_600_000)
  })
})

describe('app-id table (spec §7)', () => {
  it('classifies service sessions', () => {
    for (const id of [
      'BackgroundJob',
      'SystemBackgroundJob',
      'JobScheduler',
      'AgentStandardCall',
      'RAS',
      'SrvrConsole',
    ]) {
      expect(isServiceAppId(id), id).toBe(true)
    }
    for (const id of [
      '1CV8',
      '1CV8C',
      'WebClient',
      'Designer',
      'COMConnection',
      'WSConnection',
      'HTTPServiceConnection',
      'SomethingNew',
      '',
    ]) {
      expect(isServiceAppId(id), id).toBe(false)
    }
    expect(isServiceAppId('backgroundjob')).toBe(true)
    expect(appIdInfo('1cv8c')?.ru).toBe('Тонкий клиент')
    expect(appIdInfo('Unknown')).toBeUndefined()
    expect(new Set(APP_IDS.map((a) => a.id)).size).toBe(APP_IDS.length)
  })
})

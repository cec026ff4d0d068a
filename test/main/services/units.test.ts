/** Small pure parts: search folding, the server clock estimate, the app-id table. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isServiceAppId, appIdInfo, APP_IDS } from '../../../src-main/ras/app-ids'
import { estimateOffset, lockPhase, ServerClock, timesOf } from '../../../src-main/services/server-clock'
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

  it("lower-cases every character as the Russian locale does (toLowerCase, not toLocaleLowerCase's slow path)", () => {
    const all: string[] = []
    for (let cp = 0; cp <= 0x2ffff; cp++) if (cp < 0xd800 || cp > 0xdfff) all.push(String.fromCodePoint(cp))
    const text = all.join(' ')
    expect(foldSearchText(text)).toBe(text.normalize('NFKC').toLocaleLowerCase('ru-RU').replace(/ё/g, 'е'))
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
  const MIN = 60_000
  const HOUR = 3_600_000
  const serverNow = desktop + 3 * HOUR // a Moscow server, desktop in any zone
  let n = 0
  /** Sessions with these newest times (lastActiveAt; startedAt an hour earlier). */
  const sessions = (...times: Array<number | null>) =>
    times.map((t) => ({ session: `s${++n}`, lastActiveAt: t, startedAt: t === null ? null : t - HOUR }))
  /** Ten ordinary sessions: active in the last few minutes, a few idle for longer. */
  const ordinary = () => sessions(...[1, 2, 3, 4, 6, 9, 40, 90, 200, 600].map((m) => serverNow - m * MIN))

  it('learns a Moscow server (+3 h) from its newest session times, tolerating drift and idle minutes', () => {
    const clock = new ServerClock({ now: () => desktop })
    clock.observe('srv:1545', timesOf([...ordinary(), ...sessions(null)]))
    expect(clock.now('srv:1545')).toBe(serverNow)
    expect(clock.knows('srv:1545')).toBe(true)
    expect(clock.knows('other:1545')).toBe(false)
    const ahead = new ServerClock({ now: () => desktop })
    ahead.observe('srv:1545', timesOf(sessions(serverNow + 30_000, serverNow, serverNow - MIN))) // server clock 30 s fast
    expect(ahead.now('srv:1545')).toBe(serverNow)
  })

  it('uses startedAt when lastActiveAt is empty, and the newer of the two', () => {
    const clock = new ServerClock({ now: () => desktop })
    clock.observe(
      'x',
      timesOf([
        { session: 'a', lastActiveAt: null, startedAt: serverNow - MIN },
        { session: 'b', lastActiveAt: serverNow - 5 * HOUR, startedAt: serverNow - 2 * MIN },
        { session: 'c', lastActiveAt: serverNow - 3 * MIN, startedAt: null },
      ]),
    )
    expect(clock.now('x')).toBe(serverNow)
  })

  it("one session 40 minutes ahead (another working server's clock) does not move it", () => {
    const clock = new ServerClock({ now: () => desktop })
    clock.observe('x', timesOf([...ordinary(), ...sessions(serverNow + 40 * MIN)]))
    expect(clock.now('x')).toBe(serverNow)
    const few = new ServerClock({ now: () => desktop })
    few.observe('x', timesOf(sessions(serverNow + 40 * MIN, serverNow - MIN, serverNow - 2 * MIN)))
    expect(few.now('x')).toBe(serverNow)
    // two sessions that disagree: the earlier one wins, never the one ahead
    const two = new ServerClock({ now: () => desktop })
    two.observe('x', timesOf(sessions(serverNow + 40 * MIN, serverNow - MIN)))
    expect(two.now('x')).toBe(serverNow)
  })

  it('a year-2200 value is dropped, even when it is the only one', () => {
    const clock = new ServerClock({ now: () => desktop })
    clock.observe('x', timesOf([...ordinary(), ...sessions(Date.UTC(2200, 0, 1))]))
    expect(clock.now('x')).toBe(serverNow)
    const alone = new ServerClock({ now: () => desktop })
    alone.observe('x', timesOf(sessions(Date.UTC(2200, 0, 1), Number.NaN)))
    expect(alone.knows('x')).toBe(false)
    expect(alone.now('x')).toBe(desktop - new Date(desktop).getTimezoneOffset() * 60_000)
  })

  it('several outliers ahead (skewed servers, hostile values within a day) cannot move it', () => {
    const clock = new ServerClock({ now: () => desktop })
    clock.observe(
      'x',
      timesOf([
        ...ordinary(),
        ...sessions(serverNow + 40 * MIN, serverNow + 2 * HOUR, serverNow + 10 * HOUR, Date.UTC(2200, 0, 1)),
      ]),
    )
    expect(clock.now('x')).toBe(serverNow)
    // with many sessions, a tenth of them may be wrong
    const big = new ServerClock({ now: () => desktop })
    const honest = Array.from({ length: 90 }, (_, i) => serverNow - (i % 30) * MIN)
    const skewed = Array.from({ length: 9 }, (_, i) => serverNow + (20 + i * 60) * MIN)
    big.observe('x', timesOf(sessions(...honest, ...skewed)))
    expect(big.now('x')).toBe(serverNow)
  })

  it('pools the last 1,000 usable sessions of a long list: those decide, earlier ones are forgotten', () => {
    const clock = new ServerClock({ now: () => desktop })
    // 2,000 sessions of a server two hours ahead, then 1,000 of the Moscow one and 50 unusable.
    const early = Array.from({ length: 2_000 }, (_, i) => serverNow + 2 * HOUR - (i % 30) * MIN)
    const late = Array.from({ length: 1_000 }, (_, i) => serverNow - (i % 30) * MIN)
    clock.observe('x', timesOf([...sessions(...early, ...late), ...sessions(...Array<null>(50).fill(null))]))
    expect(clock.now('x')).toBe(serverNow)
    // The same list in the other order is decided by the server ahead.
    const reversed = new ServerClock({ now: () => desktop })
    reversed.observe('x', timesOf(sessions(...late, ...early)))
    expect(reversed.now('x')).toBe(serverNow + 2 * HOUR)
  })

  it('keeps at most 1,000 sessions, dropping those read longest ago, even when the clock stands still', () => {
    const clock = new ServerClock({ now: () => desktop })
    // Two infobase lists read at the same instant: 800 of a server 2 h ahead, then 800 of Moscow.
    clock.observe('x', timesOf(sessions(...Array.from({ length: 800 }, () => serverNow + 2 * HOUR))))
    clock.observe('x', timesOf(sessions(...Array.from({ length: 800 }, (_, i) => serverNow - (i % 30) * MIN))))
    // The 200 of the first list that remain are more than the tenth tolerated, so they decide.
    expect(clock.now('x')).toBe(serverNow + 2 * HOUR)
    // 1,000 more of Moscow push the first list out entirely; kept, its 800 would outvote them.
    clock.observe('x', timesOf(sessions(...Array.from({ length: 1_000 }, (_, i) => serverNow - (i % 30) * MIN))))
    expect(clock.now('x')).toBe(serverNow)
  })

  it('stays within real zones (UTC−12 … UTC+14)', () => {
    const clock = new ServerClock({ now: () => desktop })
    clock.observe('x', timesOf(sessions(desktop + 14 * HOUR, desktop + 14 * HOUR, desktop + 14 * HOUR + 30_000)))
    expect(clock.now('x')).toBe(desktop + 14 * HOUR)
    const old = new ServerClock({ now: () => desktop })
    old.observe('x', timesOf(sessions(Date.UTC(2001, 0, 1), Date.UTC(2001, 0, 1))))
    expect(old.now('x')).toBe(desktop - 12 * HOUR)
  })

  it('falls back to the desktop zone; empty or all-empty lists change nothing', () => {
    const clock = new ServerClock({ now: () => desktop })
    expect(clock.now('x')).toBe(desktop - new Date(desktop).getTimezoneOffset() * 60_000)
    clock.observe('x', timesOf([]))
    clock.observe('x', timesOf(sessions(null, null)))
    expect(clock.knows('x')).toBe(false)
    clock.observe('x', timesOf(ordinary()))
    expect(clock.now('x')).toBe(serverNow)
    clock.observe('x', timesOf([]))
    clock.observe('x', timesOf(sessions(null)))
    expect(clock.now('x')).toBe(serverNow)
  })

  it('is recomputed from fresh observations, down as well as up, forgetting sessions after ten minutes', () => {
    let now = desktop
    const clock = new ServerClock({ now: () => now })
    clock.observe('x', timesOf(sessions(serverNow + 40 * MIN))) // one skewed session, nothing else yet
    expect(clock.now('x')).toBe(serverNow + 45 * MIN)
    clock.observe('x', timesOf(ordinary())) // the rest of the server outvotes it at once
    expect(clock.now('x')).toBe(serverNow)
    now += 11 * MIN
    clock.observe('x', timesOf(sessions(serverNow + 11 * MIN - 5 * MIN))) // the old ones are forgotten
    expect(clock.now('x')).toBe(serverNow + 11 * MIN)
    expect(clock.knows('x', 60_000)).toBe(true)
    now += 2 * MIN
    expect(clock.knows('x', 60_000)).toBe(false)
    expect(clock.knows('x')).toBe(true)
  })

  it('a list of one infobase adds to what the full list showed instead of replacing it', () => {
    const clock = new ServerClock({ now: () => desktop })
    clock.observe('x', timesOf(ordinary()))
    clock.observe('x', timesOf(sessions(serverNow - 5 * HOUR))) // one infobase, one long-idle session
    expect(clock.now('x')).toBe(serverNow)
  })

  it('the estimate itself: zone of all but a few, bounded', () => {
    expect(estimateOffset([])).toBeNull()
    expect(estimateOffset([3 * HOUR - MIN])).toBe(3 * HOUR)
    expect(estimateOffset([3 * HOUR - MIN, 3 * HOUR - 2 * MIN, 1e15])).toBe(3 * HOUR)
    expect(estimateOffset([-1e15])).toBe(-12 * HOUR)
  })
})

describe('lockPhase', () => {
  const at = Date.UTC(2026, 10, 25, 12)
  it.each([
    [false, null, null, 'off'],
    [false, at - 1, at + 1, 'off'],
    [true, null, null, 'active'],
    [true, at, at, 'active'],
    [true, at - 1, null, 'active'],
    [true, null, at + 1, 'active'],
    [true, at + 1, null, 'scheduled'],
    [true, at + 1, at + 2, 'scheduled'],
    [true, null, at - 1, 'expired'],
    [true, at - 2, at - 1, 'expired'],
  ] as const)('sessionsDeny %s, %s … %s → %s', (deny, from, to, phase) => {
    expect(lockPhase(deny, from, to, at)).toBe(phase)
  })
})

describe('app-id table (docs/protocol.md §7)', () => {
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

import { beforeAll, describe, expect, it } from 'vitest'
import type { SessionRow } from '../../src-shared/contract'
import {
  compileRule,
  emptyRule,
  estimateServerNow,
  maskToRegExp,
  matchSessions,
  MB,
  ruleHasCondition,
  formatIdle,
  type SessionRule,
} from '../../src-renderer/src/format/session-rules'
import type { ChainLink } from '../../src-shared/around-contract'
import { chainText, chainsByHead, headOf } from '../../src-renderer/src/format/around'
import { headOfWait, lockWaits, longCalls, topBy, waitChainText } from '../../src-renderer/src/format/hotspots'
import { buildCsv, buildTsv, exportColumns, exportFileName, guardFormula } from '../../src-renderer/src/format/export'
import { COLUMN_BY_ID } from '../../src-renderer/src/grid/column-defs'
import { simulatedRows } from '../support/renderer-world'

let base: SessionRow
const NOW = Date.UTC(2026, 10, 25, 10, 0, 0)
let n = 0
function row(over: Partial<SessionRow> = {}): SessionRow {
  n++
  return {
    ...base,
    session: `s-${n}`,
    sessionId: n,
    infobase: 'ib-1',
    userName: `user${n}`,
    appId: '1CV8C',
    isService: false,
    hibernate: false,
    startedAt: NOW - 3_600_000,
    lastActiveAt: NOW - 60_000,
    cpuTimeCurrent: 0,
    cpuTimeLast5min: 0,
    memoryCurrent: 0,
    memoryLast5min: 0,
    durationCurrent: 0,
    durationCurrentDbms: 0,
    durationLast5minDbms: 0,
    callsLast5min: 0,
    blockedByDbms: 0,
    blockedByLs: 0,
    ...over,
  }
}
const rule = (over: Partial<SessionRule>): SessionRule => ({ ...emptyRule(), ...over })

beforeAll(() => {
  base = simulatedRows({ sessions: 1 })[0]!
})

describe('session rules', () => {
  it('masks: * and ?, case-insensitive, Cyrillic and ё-folding, regex specials literal', () => {
    const re = maskToRegExp('CORP\\temp*')!
    expect(re.test('corp\\temp01')).toBe(true)
    expect(re.test('corp\\tem')).toBe(false)
    expect(re.test('xcorp\\temp01')).toBe(false)
    const q = maskToRegExp('Иванов?')!
    expect(q.test('иванова')).toBe(true)
    expect(q.test('иванов')).toBe(false)
    expect(maskToRegExp('Фёдоров*')!.test('федоров и.и.')).toBe(true)
    expect(maskToRegExp('a.b')!.test('axb')).toBe(false)
    const several = maskToRegExp('temp*, test?')!
    expect(several.test('temp9')).toBe(true)
    expect(several.test('test1')).toBe(true)
    expect(several.test('test12')).toBe(false)
    expect(maskToRegExp('  ')).toBeNull()
  })

  it('a rule without conditions selects nothing; service sessions only when asked', () => {
    const rows = [row(), row({ isService: true, appId: 'BackgroundJob' })]
    expect(ruleHasCondition(emptyRule())).toBe(false)
    expect(matchSessions(rows, rule({ includeService: true }), NOW)).toEqual([])
    expect(matchSessions(rows, rule({ userMask: '*' }), NOW)).toEqual([rows[0]])
    expect(matchSessions(rows, rule({ userMask: '*', includeService: true }), NOW)).toEqual(rows)
  })

  it('combines user mask, app ids, infobases and sleeping with AND', () => {
    const a = row({ userName: 'CORP\\temp01', appId: '1CV8C', infobase: 'ib-1', hibernate: true })
    const b = row({ userName: 'CORP\\temp02', appId: 'WebClient', infobase: 'ib-1' })
    const c = row({ userName: 'CORP\\temp03', appId: '1CV8C', infobase: 'ib-2' })
    const d = row({ userName: 'CORP\\ivanov', appId: '1CV8C', infobase: 'ib-1' })
    const rows = [a, b, c, d]
    expect(matchSessions(rows, rule({ userMask: 'corp\\TEMP*', appIds: ['1CV8C'] }), NOW)).toEqual([a, c])
    expect(matchSessions(rows, rule({ userMask: 'corp\\temp*', infobases: ['ib-1'] }), NOW)).toEqual([a, b])
    expect(matchSessions(rows, rule({ sleepingOnly: true }), NOW)).toEqual([a])
  })

  it('idle is measured against the estimated server now, not the desktop clock', () => {
    const fresh = Array.from({ length: 9 }, (_, i) => row({ lastActiveAt: NOW - (5 + i) * 60_000 }))
    const old = row({ lastActiveAt: NOW - 45 * 60_000 })
    const never = row({ lastActiveAt: null, startedAt: NOW - 2 * 3_600_000 })
    const rows = [...fresh, old, never]
    const now = estimateServerNow(rows, NOW)
    // All but the 3 newest reach NOW - 8 min: a little behind, never ahead.
    expect(now).toBe(NOW - 60_000 * 8)
    expect(matchSessions(rows, rule({ idleMinutes: 30 }), now)).toEqual([old, never])
    expect(matchSessions(rows, rule({ idleMinutes: 30 }), null)).toEqual([])
    expect(estimateServerNow([row({ lastActiveAt: null, startedAt: NOW })])).toBe(NOW)
    expect(estimateServerNow([])).toBeNull()
  })

  it('one session with a skewed or corrupt clock does not make the others look idle', () => {
    const working = Array.from({ length: 20 }, (_, i) => row({ lastActiveAt: NOW - i * 60_000 }))
    const ahead = row({ lastActiveAt: NOW + 40 * 60_000 })
    const year2200 = row({ lastActiveAt: Date.UTC(2200, 0, 1), startedAt: Date.UTC(2200, 0, 1) })
    const rows = [ahead, ...working, year2200]
    const now = estimateServerNow(rows, NOW)
    // 2200 is beyond any zone and dropped; of the rest all but the 3 newest reach NOW - 2 min.
    expect(now).toBe(NOW - 2 * 60_000)
    // With the newest value as "now", every working session would be idle for 174 years.
    expect(matchSessions(rows, rule({ idleMinutes: 30 }), now)).toEqual([])
    expect(estimateServerNow([row({ lastActiveAt: NOW }), year2200], NOW)).toBe(NOW)
    // Two of three in 2200: beyond any zone's lead over the desktop clock, so they are dropped.
    expect(estimateServerNow([row({ lastActiveAt: NOW }), year2200, year2200], NOW - 3 * 3_600_000)).toBe(NOW)
    expect(estimateServerNow([year2200], NOW)).toBeNull()
  })

  it('CPU and memory thresholds by window, strictly above', () => {
    const cpu = row({ cpuTimeCurrent: 5000, cpuTimeLast5min: 100 })
    const mem = row({ memoryCurrent: 10, memoryLast5min: 300 * MB })
    const rows = [cpu, mem]
    expect(matchSessions(rows, rule({ cpuMs: 1000 }), NOW)).toEqual([cpu])
    expect(matchSessions(rows, rule({ cpuMs: 1000, cpuWindow: 'last5min' }), NOW)).toEqual([])
    expect(matchSessions(rows, rule({ cpuMs: 5000 }), NOW)).toEqual([])
    expect(matchSessions(rows, rule({ memoryMb: 200, memoryWindow: 'last5min' }), NOW)).toEqual([mem])
    expect(matchSessions(rows, rule({ memoryMb: 200 }), NOW)).toEqual([])
    expect(compileRule(rule({ memoryMb: 299, memoryWindow: 'last5min' }), NOW)(mem)).toBe(true)
  })
})

describe('idle text', () => {
  it('seconds, minutes, hours', () => {
    expect(formatIdle(null, 'en')).toBe('')
    expect(formatIdle(45_500, 'en')).toBe('45 s')
    expect(formatIdle(12 * 60_000 + 5_000, 'ru')).toBe('12 мин')
    expect(formatIdle(3 * 3_600_000 + 5 * 60_000, 'en')).toBe('3 h 05 min')
  })
})

describe('hotspots', () => {
  it('top N by a metric, largest first, zeros left out', () => {
    const rows = Array.from({ length: 15 }, (_, i) => row({ cpuTimeCurrent: i * 10 }))
    const top = topBy(rows, 'cpuTimeCurrent', 10)
    expect(top).toHaveLength(10)
    expect(top[0]!.cpuTimeCurrent).toBe(140)
    expect(top[9]!.cpuTimeCurrent).toBe(50)
    expect(topBy(rows, 'callsLast5min')).toEqual([])
  })
  it('long calls over the threshold and who waits on whom', () => {
    const holder = row({ durationCurrent: 600_000, infobase: 'ib-9' })
    const short = row({ durationCurrent: 2_000 })
    const w1 = row({ blockedByDbms: holder.sessionId, infobase: 'ib-9', durationCurrent: 30_000 })
    const w2 = row({ blockedByLs: holder.sessionId, infobase: 'ib-9' })
    const orphan = row({ blockedByLs: 99_999 })
    const rows = [short, holder, w1, w2, orphan]
    expect(longCalls(rows, 60_000)).toEqual([holder])
    expect(longCalls(rows, 1_000)).toEqual([holder, w1, short])
    const waits = lockWaits(rows)
    expect(waits.map((w) => [w.waiter.session, w.kind, w.blocker?.session ?? null])).toEqual([
      [w1.session, 'dbms', holder.session],
      [w2.session, 'ls', holder.session],
      [orphan.session, 'ls', null],
    ])
  })
  it('a wait lists its chain up to the head blocker; an ended head and a circle are said so', () => {
    const head = row({ durationCurrent: 600_000, infobase: 'ib-1' })
    const middle = row({ blockedByLs: head.sessionId, infobase: 'ib-1' })
    const tail = row({ blockedByDbms: middle.sessionId, infobase: 'ib-1' })
    const orphan = row({ blockedByLs: 99_999 })
    const a = row({ infobase: 'ib-2' })
    const b = row({ blockedByDbms: a.sessionId, infobase: 'ib-2' })
    a.blockedByLs = b.sessionId
    const waits = lockWaits([head, middle, tail, orphan, a, b])
    const of = (r: typeof tail) => waits.find((w) => w.waiter === r)!
    expect(waitChainText(of(tail))).toBe(`${tail.sessionId} → ${middle.sessionId} → ${head.sessionId}`)
    expect(headOfWait(of(tail))).toBe(head)
    expect(headOfWait(of(middle))).toBe(head)
    expect(waitChainText(of(orphan))).toBe(`${orphan.sessionId} → 99999`)
    expect(headOfWait(of(orphan))).toBeNull()
    expect(of(b).cycle).toBe(true)
    expect(waitChainText(of(b))).toBe(`${b.sessionId} → ${a.sessionId}`)
  })
})

describe('export', () => {
  const defs = ['userName', 'cpuTime', 'memory', 'startedAt', 'connectionType'].map((id) => COLUMN_BY_ID.get(id)!)
  const title = (d: { id: string }, l: { key: string; sub?: string }) => (l.sub ? `${d.id} ${l.key}` : d.id)

  it('CSV for Russian: BOM, ; separator, decimal comma, quoted, CRLF, formula guard', () => {
    const rows = [
      row({ userName: '=HYPERLINK("x")', cpuTimeCurrent: 1234, memoryCurrent: 2048, startedAt: NOW }),
      row({ userName: 'Иванов; "Пётр"', cpuTimeCurrent: 0 }),
    ]
    const cols = exportColumns(defs, title, 'ru', 'время сервера')
    const csv = buildCsv(rows, cols, 'ru', 'Да')
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const lines = csv.slice(1).split('\r\n')
    expect(lines).toHaveLength(4) // header, 2 rows, trailing empty
    expect(lines[3]).toBe('')
    expect(lines[0]).toBe(
      '"userName";"cpuTime cpuTimeCurrent, с";"cpuTime cpuTimeLast5min, с";"cpuTime cpuTimeTotal, с";' +
        '"memory memoryCurrent, байт";"memory memoryLast5min, байт";"memory memoryTotal, байт";' +
        '"startedAt (время сервера)";"connectionType"',
    )
    const first = lines[1]!.split(';')
    expect(first[0]).toBe(`"'=HYPERLINK(""x"")"`)
    expect(first[1]).toBe('"1,234"')
    expect(first[4]).toBe('"2048"')
    expect(first[7]).toBe('"25.11.2026 10:00:00"')
    expect(first[8]).toBe('"Тонкий клиент"')
    expect(lines[2]!.startsWith('"Иванов; ""Пётр"""')).toBe(true)
  })

  it('CSV for English: comma separator and decimal point', () => {
    const cols = exportColumns(defs.slice(0, 2), title, 'en', 'server time')
    const csv = buildCsv([row({ userName: 'a', cpuTimeCurrent: 1500 })], cols, 'en', 'Yes')
    expect(csv).toBe(
      '\uFEFF"userName","cpuTime cpuTimeCurrent, s","cpuTime cpuTimeLast5min, s","cpuTime cpuTimeTotal, s"\r\n' +
        `"a","1.5","0","${base.cpuTimeTotal / 1000}"\r\n`,
    )
  })

  it('formula guard and TSV for the clipboard', () => {
    expect(guardFormula('+7 900')).toBe("'+7 900")
    expect(guardFormula('-x')).toBe("'-x")
    expect(guardFormula('@SUM')).toBe("'@SUM")
    expect(guardFormula('plain')).toBe('plain')
    const tsv = buildTsv(
      [row({ userName: 'a\tb\nc' })],
      exportColumns(defs.slice(0, 1), title, 'en', 'server time'),
      'en',
      'Yes',
    )
    expect(tsv).toBe('userName\na b c\n')
  })

  it('file names are safe', () => {
    expect(exportFileName('Main / Бухгалтерия', NOW, 'csv')).toBe('Main-Бухгалтерия-2026-11-25-1000.csv')
  })
})

describe('around: chains by head', () => {
  const link = (sessionId: number, waitsOn: ChainLink['waitsOn'] = 'managed'): ChainLink => ({
    session: `s-${sessionId}`,
    sessionId,
    userName: `u${sessionId}`,
    infobaseName: 'ib',
    appId: '1CV8C',
    host: 'pc',
    waitsOn,
    durationCurrent: 0,
    durationCurrentDbms: 0,
    dbProcTook: 0,
    currentServiceName: '',
    lastActiveAt: null,
  })
  it('groups chains by their head, an ended head by its number; the text runs to the head', () => {
    const head = link(4, null)
    const deep = { links: [link(17, 'dbms'), link(12), head], missingHead: 0, cycle: false }
    const short = { links: [link(12), head], missingHead: 0, cycle: false }
    const gone = { links: [link(30)], missingHead: 9, cycle: false }
    const groups = chainsByHead([deep, short, gone])
    expect(groups.map((g) => [g.head?.sessionId ?? null, g.missingHead, g.chains.length])).toEqual([
      [4, 0, 2],
      [null, 9, 1],
    ])
    expect(chainText(deep)).toBe('17 → 12 → 4')
    expect(chainText(gone)).toBe('30 → 9')
    expect(headOf(gone)).toBeNull()
  })
})

/** The CLI's pure parts: argument rules and the three output forms. */
import { describe, expect, it } from 'vitest'
import { parseCli, parseServerTime, UsageError } from '../../../src-main/cli/args'
import { lockStatus } from '../../../src-main/cli/lock-commands'
import type { LockState } from '../../../src-shared/contract'
import fc from 'fast-check'
import { serverTimeIso } from '../../../src-shared/server-time'
import { counted, terminalText, toCsv, toJson, toKeyValues, toTable, type Column } from '../../../src-main/cli/output'

const C = '11111111-2222-4333-8444-555555555555'

describe('parseCli', () => {
  it('parses rac-like options', () => {
    const p = parseCli([
      'terminate',
      '--host=srv',
      '--port',
      '1645',
      '--cluster',
      C.toUpperCase(),
      '--session',
      C,
      '--session',
      C.replace('1111', 'aaaa'),
      '--message',
      'Пока',
      '--timeout',
      '2.5',
    ])
    expect(p).toMatchObject({
      kind: 'run',
      options: {
        command: 'terminate',
        host: 'srv',
        port: 1645,
        cluster: C,
        sessions: [C, C.replace('1111', 'aaaa')],
        message: 'Пока',
        timeoutMs: 2500,
        format: 'table',
      },
    })
    expect(parseCli(['sessions', '--profile', 'Прод', '--csv'])).toMatchObject({
      options: { profile: 'Прод', format: 'csv', port: 1545 },
    })
    expect(parseCli(['simulator', '--port', '0'])).toEqual({ kind: 'simulator', argv: ['--port', '0'] })
    expect(parseCli(['--help'])).toEqual({ kind: 'help', command: undefined })
    expect(parseCli(['lock', '-h'])).toEqual({ kind: 'help', command: 'lock' })
  })

  it.each([
    [
      [
        'lock',
        '--host',
        'h',
        '--cluster',
        C,
        '--infobase',
        C,
        '--from',
        '2026-01-02 10:00',
        '--to',
        '2026-01-02 09:00',
      ],
      /--to must be later/,
    ],
    [['unlock', '--host', 'h', '--cluster', C, '--infobase', C, '--message', 'x'], /does not apply/],
    [['terminate', '--host', 'h', '--cluster', C, '--session', C, '--all'], /either --session or --all/],
    [['terminate', '--host', 'h', '--cluster', C, '--session', C, '--include-service'], /goes with --all/],
    [['sessions', '--host', 'h', '--timeout', '0'], /--timeout/],
    [['sessions', '--host', 'h', 'extra'], /unexpected argument/],
    [['sessions', '--profile', 'p', '--port', '1'], /from the profile/],
    [['sessions', '--profile', 'Prod\u001b[2J'], /--profile "Prod\\x1b\[2J" contains a control character \(U\+001B\)/],
    [['sessions', '--profile', 'Prod\u0000'], /control character \(U\+0000\)/],
    [['sessions', '--profile', 'доc\u202etxt'], /bidirectional override character \(U\+202E\)/],
    [['sessions', '--host', 'srv\u2066'], /--host .* bidirectional override character \(U\+2066\)/],
    [['sessions', '--host', 'srv\u009b'], /control character \(U\+009B\)/],
    // the host, port and UUID rules are the API's (src-shared/validate.ts)
    [['sessions', '--host', 'admin@srv'], /--host "admin@srv" is not a host name or IP address/],
    [['sessions', '--host', 'srv', '--port', '70000'], /--port must be 1–65535 \(got "70000"\)/],
    [['infobases', '--host', 'srv', '--cluster', `${C}x`], /--cluster must be a UUID/],
  ])('%j → usage error', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError)
    expect(() => parseCli(argv)).toThrow(message)
  })

  it("reads lock times as the server's wall clock, whatever zone the desktop is in", () => {
    const zone = process.env.TZ
    try {
      for (const tz of ['Asia/Vladivostok', 'America/Los_Angeles', 'UTC']) {
        process.env.TZ = tz
        expect(parseServerTime('2026-12-01 22:00', 'to'), tz).toBe(Date.UTC(2026, 11, 1, 22))
      }
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })

  it("says a lock's phase in words, on the server's clock", () => {
    const serverNow = Date.UTC(2026, 11, 1, 21, 30, 5)
    const state = (over: Partial<LockState>): LockState => ({
      infobase: C,
      name: 'ib',
      sessionsDeny: true,
      active: false,
      phase: 'off',
      serverNow,
      deniedFrom: null,
      deniedTo: null,
      deniedMessage: '',
      permissionCode: '',
      deniedParameter: '',
      scheduledJobsDeny: false,
      ...over,
    })
    const now = '(server time now 2026-12-01 21:30:05)'
    expect(lockStatus(state({ sessionsDeny: false }))).toBe('off: sessions allowed')
    expect(lockStatus(state({ phase: 'active', active: true }))).toBe(`in effect now ${now}`)
    expect(lockStatus(state({ phase: 'active', active: true, deniedTo: Date.UTC(2026, 11, 2, 6) }))).toBe(
      `in effect now until 2026-12-02 06:00:00 ${now}`,
    )
    expect(lockStatus(state({ phase: 'scheduled', deniedFrom: Date.UTC(2026, 11, 1, 22) }))).toBe(
      `scheduled: starts at 2026-12-01 22:00:00 ${now}`,
    )
    expect(lockStatus(state({ phase: 'expired', deniedTo: Date.UTC(2026, 11, 1, 21) }))).toBe(
      `expired: ended at 2026-12-01 21:00:00 ${now}`,
    )
  })

  it('reads lock times as server wall-clock times', () => {
    expect(parseServerTime('2026-03-01 08:30', 'from')).toBe(Date.UTC(2026, 2, 1, 8, 30))
    expect(parseServerTime('2026-03-01T08:30:15', 'from')).toBe(Date.UTC(2026, 2, 1, 8, 30, 15))
    expect(parseServerTime('2026-03-01', 'from')).toBe(Date.UTC(2026, 2, 1))
    expect(parseServerTime(undefined, 'from')).toBeNull()
    for (const bad of ['2026-02-30 10:00', '2026-03-01 24:00', '01.03.2026 10:00', 'now']) {
      expect(() => parseServerTime(bad, 'from'), bad).toThrow(UsageError)
    }
  })
})

describe('output', () => {
  const columns: Column[] = [
    { key: 'name', kind: 'string' },
    { key: 'n', kind: 'number' },
    { key: 'ok', kind: 'boolean' },
    { key: 'at', kind: 'datetime' },
  ]
  const rows = () => [
    { name: 'Иванов "Ваня"; =1+1', n: -5, ok: true, at: Date.UTC(2026, 1, 26, 5, 15, 55), extra: 'x' },
    { name: 'line\nbreak', n: 0, ok: false, at: null },
  ]

  it('JSON: picked keys in order, server times as text, null for empty', () => {
    expect(JSON.parse(toJson(rows(), columns))).toEqual([
      { name: 'Иванов "Ваня"; =1+1', n: -5, ok: true, at: '2026-02-26T05:15:55' },
      { name: 'line\nbreak', n: 0, ok: false, at: null },
    ])
    expect(toJson([], columns)).toBe('[]\n')
  })

  it('CSV: BOM, ";" separated, CRLF, quoted, quotes doubled, formulas kept as text', () => {
    expect(toCsv(rows(), columns)).toBe(
      '\uFEFF"name";"n";"ok";"at"\r\n' +
        '"Иванов ""Ваня""; =1+1";"-5";"true";"2026-02-26 05:15:55"\r\n' +
        '"line\nbreak";"0";"false";""\r\n',
    )
    expect(toCsv([{ name: '=HYPERLINK("x")', n: 1, ok: true, at: null }], columns)).toContain(`"'=HYPERLINK(""x"")"`)
  })

  it('table and key/value forms', () => {
    const t = toTable(
      rows(),
      columns.map((c) => ({ ...c, title: c.key })),
    )
    expect(t.split('\n')[0]).toBe('name                 n   ok   at')
    expect(t).toContain('line break')
    expect(t).toContain('2026-02-26 05:15:55')
    expect(toKeyValues(rows()[0]!, columns)).toBe(
      'name : Иванов "Ваня"; =1+1\nn    : -5\nok   : yes\nat   : 2026-02-26 05:15:55\n',
    )
  })
})

describe('counts in words', () => {
  it('agree with their number', () => {
    expect([0, 1, 2, 21].map((n) => counted(n, 'session'))).toEqual([
      '0 sessions',
      '1 session',
      '2 sessions',
      '21 sessions',
    ])
    expect(counted(1, 'unique user')).toBe('1 unique user')
  })
})

describe('terminal-safe table text', () => {
  const columns: Column[] = [
    { key: 'name', kind: 'string' },
    { key: 'at', kind: 'datetime' },
  ]
  const UNSAFE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

  it('escape sequences, C0/C1 controls and bidi overrides show as visible escapes', () => {
    const name = 'a\x1b]0;title\x07b\x1b[2J\x1b[Hc\x9b31m\x7f\u202egnp.exe\u2066x\u2069\ttab\x00'
    const t = toTable([{ name, at: null }], [{ key: 'name', kind: 'string', title: 'user' }])
    expect(t).toBe(
      'user\n' + 'a\\x1b]0;title\\x07b\\x1b[2J\\x1b[Hc\\x9b31m\\x7f\\u202egnp.exe\\u2066x\\u2069\\x09tab\\x00\n',
    )
    expect(toKeyValues({ name, at: null }, columns)).not.toMatch(UNSAFE)
    // the machine formats stay exact
    expect(JSON.parse(toJson([{ name, at: null }], columns))[0].name).toBe(name)
    expect(toCsv([{ name, at: null }], columns)).toContain(`"${name}"`)
  })

  it('line breaks of any kind become one space; plain text, Cyrillic and backslashes are untouched', () => {
    expect(terminalText('one\r\n  two\rthree\n\nfour')).toBe('one two three four')
    expect(terminalText('CORP\\Иванов И.И. — ok')).toBe('CORP\\Иванов И.И. — ok')
  })

  it('no string, whatever it holds, reaches the table with a control character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (name) => {
        const t = toTable([{ name }], [{ key: 'name', kind: 'string', title: 'user' }])
        expect(t.slice(0, -1).split('\n')).toHaveLength(2)
        expect(t).not.toMatch(UNSAFE)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('server times in the output', () => {
  it('never throw: out-of-range, huge, fractional or non-finite times print as empty', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.constantFrom(9.2e17, -9.2e17, 8.64e15 + 1)), (t) => {
        const iso = serverTimeIso(t)
        if (iso !== null) expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/)
        expect(() => toTable([{ at: t }], [{ key: 'at', kind: 'datetime', title: 'at' }])).not.toThrow()
        expect(() => toCsv([{ at: t }], [{ key: 'at', kind: 'datetime' }])).not.toThrow()
        expect(() => toJson([{ at: t }], [{ key: 'at', kind: 'datetime' }])).not.toThrow()
      }),
      { numRuns: 3000 },
    )
    expect(serverTimeIso(9.2e17)).toBeNull()
    expect(serverTimeIso(Date.UTC(9999, 11, 31, 23, 59, 59))).toBe('9999-12-31T23:59:59')
    expect(serverTimeIso(-62_135_596_800_000)).toBe('0001-01-01T00:00:00')
  })
})

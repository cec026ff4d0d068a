/** The CLI's pure parts: argument rules and the three output forms. */
import { describe, expect, it } from 'vitest'
import { parseCli, parseServerTime, UsageError } from '../../../src-main/cli/args'
import { toCsv, toJson, toKeyValues, toTable, type Column } from '../../../src-main/cli/output'

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
  ])('%j → usage error', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError)
    expect(() => parseCli(argv)).toThrow(message)
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

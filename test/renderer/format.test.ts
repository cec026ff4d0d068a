import { describe, expect, it, vi } from 'vitest'
import fc from 'fast-check'
import { formatBytes, formatCount, formatMsExact, formatSeconds } from '../../src-renderer/src/format/units'
import {
  desktopWallClockNow,
  formatServerTime,
  pickerToServerTime,
  serverTimeToPicker,
} from '../../src-renderer/src/format/server-time'
import { appIdLabel } from '../../src-renderer/src/format/app-id'
import { countdownText } from '../../src-renderer/src/format/lock-period'
import { filterByQuery, foldText, searchKey } from '../../src-renderer/src/format/search'
import { rowsFromTable, SESSION_FIELDS } from '../../src-shared/session-table'
import type { SessionRow, SessionTable } from '../../src-shared/contract'
import { renderCell } from '../../src-renderer/src/grid/cells'
import type { LeafDef } from '../../src-renderer/src/grid/column-defs'

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ')

describe('units', () => {
  it('formats bytes in binary steps with locale units', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1000)).toBe('1,000 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB')
    expect(formatBytes(3.25 * 1024 ** 3)).toBe('3.3 GB')
    expect(nbsp(formatBytes(1536, 'ru'))).toBe('1,5 КБ')
    expect(nbsp(formatBytes(2 * 1024 ** 3, 'ru'))).toBe('2,0 ГБ')
    expect(formatBytes(-2048)).toBe('-2.0 KB')
  })
  it('formats milliseconds as seconds, exact ms for the tooltip', () => {
    expect(formatSeconds(0)).toBe('0 s')
    expect(formatSeconds(1234)).toBe('1.23 s')
    expect(formatSeconds(45)).toBe('0.045 s')
    expect(formatSeconds(12_345)).toBe('12.3 s')
    expect(formatSeconds(3_600_000)).toBe('3,600 s')
    expect(nbsp(formatSeconds(1234, 'ru'))).toBe('1,23 с')
    expect(formatMsExact(1234)).toBe('1,234 ms')
    expect(nbsp(formatMsExact(1234, 'ru'))).toBe('1 234 мс')
    expect(nbsp(formatCount(12345, 'ru'))).toBe('12 345')
  })
})

describe('bytes at a unit boundary', () => {
  const UNIT_POWER: Record<string, number> = { B: 0, KB: 1, MB: 2, GB: 3, TB: 4 }
  /** "1,011.0 KB" → { n: 1011, unit: 'KB', bytes: 1011 * 1024 } (what a reader takes from the text). */
  function read(s: string) {
    const [num = '', unit = ''] = s.split(' ')
    const n = Number(num.replace(/,/g, ''))
    return { n, unit, bytes: n * 1024 ** UNIT_POWER[unit]! }
  }

  it('moves to the next unit before a value prints four digits', () => {
    expect(formatBytes(1023)).toBe('1,023 B')
    expect(formatBytes(1011 * 1024)).toBe('1.0 MB')
    expect(formatBytes(1023.9 * 1024)).toBe('1.0 MB')
    expect(formatBytes(999.9 * 1024)).toBe('999.9 KB')
    expect(formatBytes(999.96 * 1024)).toBe('1.0 MB')
    expect(formatBytes(1000 * 1024 ** 3)).toBe('1.0 TB')
    expect(formatBytes(5000 * 1024 ** 4)).toBe('5,000.0 TB')
    expect(nbsp(formatBytes(1011 * 1024, 'ru'))).toBe('1,0 МБ')
  })

  it('property: the number is under 1000 unless in bytes or the largest unit', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1024 ** 5 * 4, noNaN: true }), (bytes) => {
        const { n, unit } = read(formatBytes(bytes))
        if (unit !== 'B' && unit !== 'TB') expect(n).toBeLessThan(1000)
      }),
    )
  })

  it('property: a larger value never prints as a smaller one', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1024 ** 5, noNaN: true }),
        fc.double({ min: 0, max: 1024 ** 5, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a]
          expect(read(formatBytes(lo)).bytes).toBeLessThanOrEqual(read(formatBytes(hi)).bytes)
        },
      ),
    )
  })
})

describe('counter cells', () => {
  it('show a zero as 0, like the byte and second columns beside them', () => {
    const row = { callsLast5min: 0, callsAll: 12345 } as unknown as SessionRow
    const c = { locale: 'en' as const, yes: 'Yes', serverTime: 'server time' }
    expect(renderCell(row, { field: 'callsLast5min', kind: 'count' } as LeafDef, c)).toBe('0')
    expect(renderCell(row, { field: 'callsAll', kind: 'count' } as LeafDef, c)).toBe('12,345')
  })
})

describe('server time', () => {
  it('formats with UTC getters regardless of the desktop zone', () => {
    const t = Date.UTC(2026, 10, 25, 23, 5, 9)
    expect(formatServerTime(t, 'en')).toBe('2026-11-25 23:05:09')
    expect(formatServerTime(t, 'ru')).toBe('25.11.2026 23:05:09')
    expect(formatServerTime(null)).toBe('')
  })
  it('round-trips through picker values in a non-UTC zone', () => {
    vi.stubEnv('TZ', 'America/New_York')
    try {
      expect(new Date(2026, 10, 25).getTimezoneOffset()).toBe(300)
      const server = Date.UTC(2026, 2, 8, 2, 30, 0) // wall clock 02:30 (a DST gap in New York)
      const picker = serverTimeToPicker(server)!
      const d = new Date(picker)
      // The picker (local getters) shows the server's wall clock, not a shifted one...
      expect([d.getHours(), d.getMinutes()]).not.toEqual([21, 30])
      const plain = Date.UTC(2026, 10, 25, 9, 15, 0)
      const p2 = new Date(serverTimeToPicker(plain)!)
      expect([p2.getFullYear(), p2.getMonth(), p2.getDate(), p2.getHours(), p2.getMinutes()]).toEqual([
        2026, 10, 25, 9, 15,
      ])
      // ...and reads back to the same ServerTime.
      expect(pickerToServerTime(serverTimeToPicker(plain))).toBe(plain)
      expect(pickerToServerTime(null)).toBeNull()
      const now = new Date(2026, 10, 25, 10, 0, 0).getTime()
      expect(desktopWallClockNow(now)).toBe(Date.UTC(2026, 10, 25, 10, 0, 0))
    } finally {
      vi.unstubAllEnvs()
    }
  })
})

describe('app-id labels', () => {
  it('maps known ids per locale and shows unknown ids verbatim', () => {
    expect(appIdLabel('1CV8C', 'ru')).toBe('Тонкий клиент')
    expect(appIdLabel('1CV8C', 'en')).toBe('Thin client')
    expect(appIdLabel('BackgroundJob', 'ru')).toBe('Фоновое задание')
    expect(appIdLabel('Designer', 'ru')).toBe('Конфигуратор')
    expect(appIdLabel('MyCustomApp', 'ru')).toBe('MyCustomApp')
  })
})

describe('search', () => {
  const rows = [
    { userName: 'Иванов И.И.', infobaseName: 'buh_prod', infobase: 'AAAA-1111', host: 'WS-001', clientIp: '10.0.0.1' },
    { userName: 'Фёдоров П.С.', infobaseName: 'ЗУП', infobase: 'bbbb-2222', host: 'WS-002', clientIp: '10.0.0.2' },
    { userName: 'Smith', infobaseName: 'erp', infobase: 'cccc-3333', host: 'LAPTOP-7', clientIp: '' },
  ] as never[]
  const keys = rows.map(searchKey)
  const q = (s: string) => filterByQuery(rows, keys, s).map((r: { userName: string }) => r.userName)

  it('matches user, infobase name, UUID, host and IP case-insensitively (Cyrillic too)', () => {
    expect(q('иванов')).toEqual(['Иванов И.И.'])
    expect(q('ИВАНОВ')).toEqual(['Иванов И.И.'])
    expect(q('зуп')).toEqual(['Фёдоров П.С.'])
    expect(q('aaaa-1111')).toEqual(['Иванов И.И.'])
    expect(q('laptop')).toEqual(['Smith'])
    expect(q('10.0.0.2')).toEqual(['Фёдоров П.С.'])
    expect(q('')).toHaveLength(3)
  })
  it('folds ё into е and needs every term', () => {
    expect(q('федоров')).toEqual(['Фёдоров П.С.'])
    expect(foldText('Ёлкин')).toBe('елкин')
    expect(q('иванов erp')).toEqual([])
    expect(q('ws- 001')).toEqual(['Иванов И.И.'])
  })
})

describe('rowsFromTable', () => {
  it('turns the columnar table main sends back into the rows it was made from', () => {
    const row = (i: number) => Object.fromEntries(SESSION_FIELDS.map((f) => [f, `${f}-${i}`])) as unknown as SessionRow
    const rows = [row(1), row(2)]
    const columns = Object.fromEntries(SESSION_FIELDS.map((f) => [f, rows.map((r) => r[f])]))
    const table = { count: rows.length, columns } as unknown as SessionTable
    expect(table.count).toBe(2)
    expect(table.columns.userName).toEqual(['userName-1', 'userName-2'])
    expect(rowsFromTable(table)).toEqual(rows)
  })
})

describe('countdownText (a scheduled lock)', () => {
  it('shows M:SS under an hour, H:MM:SS above, rounds up partial seconds and never goes negative', () => {
    expect(countdownText(14 * 60_000 + 59_000)).toBe('14:59')
    expect(countdownText(3_600_000 + 5 * 60_000 + 9_000)).toBe('1:05:09')
    expect(countdownText(1)).toBe('0:01')
    expect(countdownText(0)).toBe('0:00')
    expect(countdownText(-5_000)).toBe('0:00')
  })
})

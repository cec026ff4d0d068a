/**
 * The history views' pure parts: server-time axis text (getUTC*, whatever the desktop's zone),
 * min/max decimation, periods, sparkline paths, lanes of a user's sessions and the export tables.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ClusterTimeline, TopConsumers, UserTimeline } from '../../src-shared/history-contract'
import { axisLabels, serverClock, serverDay } from '../../src-renderer/src/history/server-time-axis'
import { minMaxPerColumn } from '../../src-renderer/src/history/downsample'
import { normalizePeriod, presetPeriod } from '../../src-renderer/src/history/ranges'
import { sparklinePath } from '../../src-renderer/src/history/sparkline-path'
import { userLanes } from '../../src-renderer/src/history/user-lanes'
import { appIdsByPeak, eventsNear, locksAt } from '../../src-renderer/src/history/marks'
import { formatMetric, peakOf, timelinePeak } from '../../src-renderer/src/history/metrics'
import {
  sessionSeriesTable,
  timelineTable,
  topUsersTable,
  userSessionsTable,
  type HistoryLabels,
} from '../../src-renderer/src/history/export-rows'
import { historyCsv, historyFileName } from '../../src-renderer/src/history/export-files'

beforeAll(() => vi.stubEnv('TZ', 'Asia/Vladivostok')) // UTC+10: local getters would be 10 h off
afterAll(() => vi.unstubAllEnvs())

const T0 = Date.UTC(2026, 10, 25, 23, 30) // server wall clock 25.11.2026 23:30
const MIN = 60_000

describe('server-time axis', () => {
  it('reads the server wall clock with getUTC*, not the desktop zone', () => {
    expect(new Date(T0).getHours()).not.toBe(23) // the desktop zone is elsewhere
    expect(serverClock(T0)).toBe('23:30')
    expect(serverDay(T0, 'ru')).toBe('25.11')
    expect(serverDay(T0, 'en')).toBe('11-25')
  })

  it('says the day on the first tick and where a new day starts; days alone for daily steps', () => {
    const ticks = [T0, T0 + 30 * MIN, T0 + 60 * MIN]
    expect(axisLabels(ticks, 30 * MIN, 'ru')).toEqual(['25.11\n23:30', '26.11\n00:00', '00:30'])
    expect(axisLabels([T0, T0 + 86_400_000], 86_400_000, 'en')).toEqual(['11-25', '11-26'])
  })
})

describe('min/max per pixel column', () => {
  it('keeps a spike and every series’ extremes in time order', () => {
    const at = Array.from({ length: 1000 }, (_, i) => i * 1000)
    const flat = at.map(() => 5)
    flat[503] = 99
    const down = at.map((_, i) => 1000 - i)
    const out = minMaxPerColumn(at, [flat, down], 10)
    expect(out.at.length).toBeLessThanOrEqual(20)
    expect(Math.max(...out.series[0]!)).toBe(99)
    expect(Math.min(...out.series[1]!)).toBe(1)
    expect(Math.max(...out.series[1]!)).toBe(1000)
    expect(out.at).toEqual([...out.at].sort((a, b) => a - b))
    for (const s of out.series) expect(s).toHaveLength(out.at.length)
  })

  it('returns the input as it is when there are no more points than two per column', () => {
    const at = [1, 2, 3]
    const series = [[4, 5, 6]]
    const out = minMaxPerColumn(at, series, 100)
    expect(out.at).toBe(at)
    expect(out.series).toBe(series)
  })

  it('decimates 43,200 samples (30 days) to about two per column', () => {
    const at = Array.from({ length: 43_200 }, (_, i) => T0 + i * MIN)
    const out = minMaxPerColumn(at, [at.map((_, i) => i % 97)], 1200)
    expect(out.at.length).toBeLessThanOrEqual(2400)
    expect(out.at.length).toBeGreaterThan(1200)
  })
})

describe('periods', () => {
  it('presets end just after the newest sample', () => {
    expect(presetPeriod('hour', T0)).toEqual({ from: T0 + 1 - 3_600_000, to: T0 + 1 })
    expect(presetPeriod('month', T0).to - presetPeriod('month', T0).from).toBe(30 * 86_400_000)
  })
  it('orders a picked pair and refuses an empty one', () => {
    expect(normalizePeriod(T0 + MIN, T0)).toEqual({ from: T0, to: T0 + MIN })
    expect(normalizePeriod(T0, T0 + 10)).toBeNull()
    expect(normalizePeriod(null, T0)).toBeNull()
  })
})

describe('sparkline path', () => {
  it('scales 0 to the bottom and the max to the top', () => {
    expect(sparklinePath([0, 10], 100, 20, 0)).toBe('M0,20L100,0')
    expect(sparklinePath([], 100, 20)).toBe('')
  })
})

const timeline: ClusterTimeline = {
  cluster: 'c1',
  clusterName: 'Main',
  period: { from: T0, to: T0 + 3 * MIN },
  step: 0,
  samples: 3,
  peaks: null,
  totals: {
    at: [T0, T0 + MIN, T0 + 2 * MIN],
    sessions: [3, 4, 2],
    active: [1, 2, 1],
    sleeping: [2, 2, 1],
    byAppId: { '1CV8C': [2, 3, 1], BackgroundJob: [1, 1, 1] },
    cpu: [1500, 0, 250.5],
    memory: [1024, 2048, 4096],
    dbms: [0, 10, 0],
    calls: [5, 6, 7],
  },
  locks: [{ infobaseName: 'buh', from: T0 + MIN, to: null, message: 'update' }],
  events: [{ at: T0 + MIN, kind: 'terminate', infobaseName: 'buh', detail: '=Иванов #3', auditTime: 'x' }],
  newest: T0 + 2 * MIN,
}

const labels: HistoryLabels = {
  time: 'Time (server time)',
  metric: (m) => `M:${m}`,
  sessions: 'Sessions',
  active: 'Active',
  sleeping: 'Sleeping',
  appId: (id) => `A:${id}`,
  user: 'User',
  session: 'Session',
  infobase: 'Infobase',
  computer: 'Computer',
  app: 'App',
  users: 'Users',
  appeared: 'Appeared',
  ended: 'Ended',
}

describe('export tables', () => {
  it('timeline: server time written out, raw counters, one column per app id', () => {
    const t = timelineTable(timeline, labels)
    expect(t.header).toEqual([
      'Time (server time)',
      'Sessions',
      'Active',
      'Sleeping',
      'A:1CV8C',
      'A:BackgroundJob',
      'M:cpu',
      'M:memory',
      'M:dbms',
      'M:calls',
    ])
    expect(t.rows[0]).toEqual(['2026-11-25 23:30:00', 3, 1, 2, 2, 1, 1500, 1024, 0, 5])
    expect(t.rows).toHaveLength(3)
  })

  it('CSV: BOM, ";" and decimal comma for Russian, formula guard', () => {
    const csv = historyCsv(timelineTable(timeline, labels), 'ru')
    expect(csv.startsWith('\uFEFF"Time (server time)";"Sessions"')).toBe(true)
    expect(csv).toContain('"2026-11-25 23:32:00";"2";"1";"1";"1";"1";"250,5"')
    const top: TopConsumers = {
      period: timeline.period,
      by: 'cpu',
      users: [{ userName: '=cmd', sessions: 1, consumption: { cpu: 1, memory: 2, dbms: 3, calls: 4 } }],
      sessions: [],
      infobases: [],
      samples: 3,
    }
    expect(historyCsv(topUsersTable(top, labels), 'en')).toContain(`"'=cmd","1","1","2","3","4"`)
  })

  it('a user’s sessions and a session’s series', () => {
    const user: UserTimeline = {
      userName: 'Иванов',
      period: timeline.period,
      sessions: [
        {
          session: 's1',
          sessionId: 7,
          infobaseName: 'buh',
          host: 'pc-1',
          appId: '1CV8C',
          appeared: T0,
          ended: null,
          consumption: { cpu: 1, memory: 2, dbms: 3, calls: 4 },
        },
      ],
      series: [{ session: 's1', at: [T0], cpu: [1], memory: [2], dbms: [3], calls: [4] }],
    }
    expect(userSessionsTable(user, labels).rows[0]).toEqual([
      7,
      'buh',
      'pc-1',
      'A:1CV8C',
      '2026-11-25 23:30:00',
      '',
      1,
      2,
      3,
      4,
    ])
    expect(sessionSeriesTable(user.series[0]!, labels).rows).toEqual([['2026-11-25 23:30:00', 1, 2, 3, 4]])
    expect(historyFileName('Прод Main', timelineTable(timeline, labels), T0, 'xlsx')).toBe(
      'history-Прод-Main-timeline-2026-11-25-2330.xlsx',
    )
  })
})

describe('marks, lanes, metrics', () => {
  it('finds actions near a moment and locks in effect (an open lock lasts to the end)', () => {
    expect(eventsNear(timeline.events, T0 + MIN + 500, 1000)).toHaveLength(1)
    expect(eventsNear(timeline.events, T0, 1000)).toHaveLength(0)
    expect(locksAt(timeline.locks, T0 + 2 * MIN, T0 + 3 * MIN)).toHaveLength(1)
    expect(locksAt(timeline.locks, T0, T0 + 3 * MIN)).toHaveLength(0)
    expect(appIdsByPeak(timeline.totals.byAppId, 1)).toEqual(['1CV8C'])
  })

  it('lays sessions out per infobase and computer, as fractions of the period', () => {
    const span = (session: string, host: string, appeared: number, ended: number | null) => ({
      session,
      sessionId: 1,
      infobaseName: 'buh',
      host,
      appId: '1CV8C',
      appeared,
      ended,
      consumption: { cpu: 0, memory: 0, dbms: 0, calls: 0 },
    })
    const period = { from: T0, to: T0 + 100 * MIN }
    const lanes = userLanes(
      [span('b', 'pc-2', T0 + 50 * MIN, null), span('a', 'pc-1', T0 - MIN, T0 + 10 * MIN)],
      period,
    )
    expect(lanes.map((l) => l.host)).toEqual(['pc-1', 'pc-2'])
    expect(lanes[0]!.bars[0]).toMatchObject({ left: 0, width: 0.1 })
    expect(lanes[1]!.bars[0]).toMatchObject({ left: 0.5, width: 0.5 })
  })

  it('formats like the grid: seconds, bytes, counts', () => {
    expect(formatMetric('cpu', 1500, 'en')).toBe('1.50 s')
    expect(formatMetric('memory', 1536, 'ru')).toBe('1,5 КБ')
    expect(formatMetric('calls', 12345, 'en')).toBe('12,345')
    expect(peakOf([1, 9, 3])).toEqual({ index: 1, value: 9 })
  })

  it('a timeline’s peak: the highest sample’s when every sample is there, main’s exact one when folded', () => {
    expect(timelinePeak(timeline, 'memory')).toEqual({ value: 4096, at: T0 + 2 * MIN })
    expect(timelinePeak(timeline, 'cpu')).toEqual({ value: 1500, at: T0 })
    const exact = { value: 4096, at: T0 + 2 * MIN - 25_000 }
    const folded: ClusterTimeline = {
      ...timeline,
      step: 3 * MIN,
      peaks: { cpu: exact, memory: exact, dbms: exact, calls: exact },
    }
    expect(timelinePeak(folded, 'memory')).toEqual(exact)
    const empty: ClusterTimeline = { ...timeline, totals: { ...timeline.totals, at: [], memory: [] } }
    expect(timelinePeak(empty, 'memory')).toBeNull()
  })
})

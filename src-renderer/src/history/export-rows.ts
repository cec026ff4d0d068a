/**
 * The data behind each history chart as a table (header + rows) for "Show as table", CSV and
 * XLSX. Times are server time written out (YYYY-MM-DD HH:mm:ss), their column labelled so;
 * counters stay raw numbers (ms, bytes, calls) with the unit in the header, so a spreadsheet can
 * sum them. Labels come from the caller (i18n), keeping this pure.
 */
import type {
  ClusterTimeline,
  HistoryMetric,
  SessionSeries,
  TopConsumers,
  UserTimeline,
} from '../../../src-shared/history-contract'
import { HISTORY_METRICS } from '../../../src-shared/history-contract'
import { serverTimeText } from '../../../src-shared/server-time'

export type HistoryCell = string | number

export interface HistoryTable {
  /** File and sheet name part: "timeline", "top-users" … */
  name: string
  header: string[]
  rows: HistoryCell[][]
}

export interface HistoryLabels {
  /** "Time (server time)". */
  time: string
  /** A metric's column title with its raw unit, e.g. "CPU, ms". */
  metric: (m: HistoryMetric) => string
  sessions: string
  active: string
  sleeping: string
  appId: (id: string) => string
  user: string
  session: string
  infobase: string
  computer: string
  app: string
  users: string
  appeared: string
  ended: string
}

const metricCells = (c: Record<HistoryMetric, number>) => HISTORY_METRICS.map((m) => c[m])

export function timelineTable(tl: ClusterTimeline, l: HistoryLabels): HistoryTable {
  const t = tl.totals
  const apps = Object.keys(t.byAppId).sort()
  return {
    name: 'timeline',
    header: [l.time, l.sessions, l.active, l.sleeping, ...apps.map(l.appId), ...HISTORY_METRICS.map(l.metric)],
    rows: t.at.map((at, i) => [
      serverTimeText(at),
      t.sessions[i]!,
      t.active[i]!,
      t.sleeping[i]!,
      ...apps.map((a) => t.byAppId[a]![i]!),
      ...HISTORY_METRICS.map((m) => t[m][i]!),
    ]),
  }
}

export function topUsersTable(top: TopConsumers, l: HistoryLabels): HistoryTable {
  return {
    name: 'top-users',
    header: [l.user, l.sessions, ...HISTORY_METRICS.map(l.metric)],
    rows: top.users.map((u) => [u.userName, u.sessions, ...metricCells(u.consumption)]),
  }
}

export function topSessionsTable(top: TopConsumers, l: HistoryLabels): HistoryTable {
  return {
    name: 'top-sessions',
    header: [l.session, l.user, l.infobase, l.app, l.computer, ...HISTORY_METRICS.map(l.metric)],
    rows: top.sessions.map((s) => [
      s.sessionId,
      s.userName,
      s.infobaseName,
      l.appId(s.appId),
      s.host,
      ...metricCells(s.consumption),
    ]),
  }
}

export function topInfobasesTable(top: TopConsumers, l: HistoryLabels): HistoryTable {
  return {
    name: 'top-infobases',
    header: [l.infobase, l.sessions, l.users, ...HISTORY_METRICS.map(l.metric)],
    rows: top.infobases.map((b) => [b.infobaseName, b.sessions, b.users, ...metricCells(b.consumption)]),
  }
}

export function userSessionsTable(user: UserTimeline, l: HistoryLabels): HistoryTable {
  return {
    name: 'user-sessions',
    header: [l.session, l.infobase, l.computer, l.app, l.appeared, l.ended, ...HISTORY_METRICS.map(l.metric)],
    rows: user.sessions.map((s) => [
      s.sessionId,
      s.infobaseName,
      s.host,
      l.appId(s.appId),
      serverTimeText(s.appeared),
      s.ended === null ? '' : serverTimeText(s.ended),
      ...metricCells(s.consumption),
    ]),
  }
}

export function sessionSeriesTable(series: SessionSeries, l: HistoryLabels, name = 'session'): HistoryTable {
  return {
    name,
    header: [l.time, ...HISTORY_METRICS.map(l.metric)],
    rows: series.at.map((at, i) => [serverTimeText(at), ...HISTORY_METRICS.map((m) => series[m][i]!)]),
  }
}

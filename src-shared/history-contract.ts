/**
 * What the renderer asks of the history (issue 17), over the same seam as every other call
 * (contract.ts): plain JSON-shaped values, every time a ServerTime — ms of the **server's wall
 * clock** (docs/architecture.md §5), formatted with getUTC* and labelled "server time".
 * Series travel column by column (one array per figure), like session tables, so a 30-day
 * timeline of 43,200 samples clones as a handful of arrays.
 */
import type { Result } from './contract'

export const HISTORY_METRICS = ['cpu', 'memory', 'dbms', 'calls'] as const
/** cpu: ms of CPU · memory: bytes · dbms: ms of DBMS time · calls: server calls (5-minute counters). */
export type HistoryMetric = (typeof HISTORY_METRICS)[number]

export interface HistoryPeriod {
  /** Server time, inclusive. */
  from: number
  /** Server time, exclusive. */
  to: number
}

/** A cluster's totals over a period, oldest first; index i of every array is one sample. */
export interface TotalsSeries {
  at: number[]
  sessions: number[]
  active: number[]
  sleeping: number[]
  /** Sessions per app id (RAS's connection type: 1CV8C, WebClient, BackgroundJob, …). */
  byAppId: Record<string, number[]>
  /** Sums of the sessions' 5-minute counters at each sample. */
  cpu: number[]
  memory: number[]
  dbms: number[]
  calls: number[]
}

/** A lock of an infobase as the history saw it: from when it was in effect to when it ended. */
export interface LockPeriod {
  infobaseName: string
  from: number
  /** null: still in effect at the end of the period. */
  to: number | null
  message: string
}

/** One of the app's own actions (from the audit log) or a lock change seen by a refresh. */
export interface HistoryEvent {
  at: number
  kind: 'terminate' | 'interrupt' | 'lock' | 'unlock' | 'lock-seen' | 'unlock-seen'
  infobaseName: string
  /** Users and session numbers touched, or the lock's message: one line for a tooltip. */
  detail: string
  /** The audit entry's desktop ISO time, so the UI can open it in the audit log; absent for `*-seen`. */
  auditTime?: string
}

/** A timeline's period, and how many points its chart can show (about two per pixel column). */
export interface TimelineQuery extends HistoryPeriod {
  /**
   * When the period holds more samples than this, it comes as `points / 2` columns of equal time,
   * each its first and last moment with every figure's lowest then highest value: the envelope a
   * chart of that width draws anyway, at a fraction of the data. Absent: every sample (exports).
   */
  points?: number
}

/** A metric's highest value in a period, and when (server time) it first had it. */
export interface TimelinePeak {
  value: number
  at: number
}

export interface ClusterTimeline {
  cluster: string
  clusterName: string
  period: HistoryPeriod
  totals: TotalsSeries
  /** The columns' width in ms when `totals` are lowest and highest per column; 0: every sample. */
  step: number
  /** Samples recorded in the period (as many points as that when `step` is 0). */
  samples: number
  /**
   * When `step` > 0: each metric's exact highest value and the moment of the first sample that had
   * it — a column only says its peak fell somewhere in its step. null at step 0 (every sample is
   * there) or without samples.
   */
  peaks: Record<HistoryMetric, TimelinePeak> | null
  locks: LockPeriod[]
  events: HistoryEvent[]
  /** The server's now as the history last saw it (newest sample); null when nothing is recorded. */
  newest: number | null
}

export interface TopQueryInput extends HistoryPeriod {
  by: HistoryMetric
  /** Rows of each list, 1…100 (default 10). */
  limit?: number
}

export type Consumption = Record<HistoryMetric, number>

export interface TopUserRow {
  userName: string
  sessions: number
  consumption: Consumption
}

export interface TopSessionRow {
  session: string
  sessionId: number
  userName: string
  infobaseName: string
  appId: string
  host: string
  consumption: Consumption
}

export interface TopInfobaseRow {
  infobaseName: string
  sessions: number
  users: number
  consumption: Consumption
}

/** "Who consumed it": the top users, sessions and infobases of a period by one metric. */
export interface TopConsumers {
  period: HistoryPeriod
  by: HistoryMetric
  users: TopUserRow[]
  sessions: TopSessionRow[]
  infobases: TopInfobaseRow[]
  /** Samples the answer was computed from (0: nothing recorded in the period). */
  samples: number
}

/** A session of a user's timeline: when it lived and what it consumed in the period. */
export interface UserSessionSpan {
  session: string
  sessionId: number
  infobaseName: string
  host: string
  appId: string
  appeared: number
  /** null: still alive at the newest sample. */
  ended: number | null
  consumption: Consumption
}

/** A session's counters at each sample (or 5-minute bucket, older than 48 h), oldest first. */
export interface SessionSeries {
  session: string
  at: number[]
  cpu: number[]
  memory: number[]
  dbms: number[]
  calls: number[]
}

export interface UserTimeline {
  userName: string
  period: HistoryPeriod
  sessions: UserSessionSpan[]
  series: SessionSeries[]
}

/** The last 30 minutes of a few sessions' CPU and memory (grid and session details). */
export interface SessionTrends {
  /** The window's end: the newest sample of the cluster (server time); null when nothing recorded. */
  newest: number | null
  trends: SessionSeries[]
}

export interface HistorySettings {
  /** Raw per-session samples, hours (default 48). */
  rawHours: number
  /** 5-minute per-session aggregates, days (default 90). */
  aggregateDays: number
  /** Cluster totals, days (default 365). */
  totalsDays: number
  /** File size cap, MB (default 1024): the oldest data goes first. */
  maxMegabytes: number
  /** Background recorder interval for profiles marked "Record history", seconds (default 60). */
  everySeconds: number
}

/** Where the history is and how it stands; `keptAside` when a damaged file was moved away. */
export interface HistoryStatus {
  file: string
  /** Bytes on disk (database + WAL); 0 before the first sample. */
  bytes: number
  settings: HistorySettings
  /** Set once, when this run found the file damaged and moved it aside (shown as a notice). */
  keptAside: { movedTo: string; why: string } | null
  /** null when the store could not be opened at all (why, for the notice). */
  unavailable: string | null
  /** Profiles recorded in the background right now (ids), and when each last recorded (server time). */
  background: Array<{ profileId: string; lastSample: number | null; error: string | null }>
}

export interface HistoryApi {
  historyStatus(): Promise<Result<HistoryStatus>>
  setHistorySettings(settings: HistorySettings): Promise<Result<HistoryStatus>>
  historyTimeline(profileId: string, clusterId: string, query: TimelineQuery): Promise<Result<ClusterTimeline>>
  historyTop(profileId: string, clusterId: string, query: TopQueryInput): Promise<Result<TopConsumers>>
  historyUser(
    profileId: string,
    clusterId: string,
    userName: string,
    period: HistoryPeriod,
  ): Promise<Result<UserTimeline>>
  /** At most 200 sessions (the rows on screen), the 30 minutes up to the cluster's newest sample. */
  historyTrends(profileId: string, clusterId: string, sessionIds: string[]): Promise<Result<SessionTrends>>
}

/**
 * The history port (issue 17): what the app, the CLI, the web preview and the tests need of a
 * store of cluster samples. One implementation, `sqlite-history.ts`; callers depend on this file
 * only. Every time here is a ServerTime: ms of the **server's wall clock** (docs/architecture.md §5).
 */

/** The four per-session counters kept: each is the session's figure for the last 5 minutes. */
export const METRICS = ['cpu', 'memory', 'dbms', 'calls'] as const
export type Metric = (typeof METRICS)[number]

/** cpu: cpuTimeLast5min (ms) · memory: memoryLast5min (bytes) · dbms: durationLast5minDbms (ms) · calls: callsLast5min. */
export type Counters = Record<Metric, number>

/** Cluster-wide figures of one sample. */
export interface SampleTotals {
  sessions: number
  /** Not sleeping (`hibernate` false). */
  active: number
  sleeping: number
  /** Sessions per app id (RAS's "connection type": 1CV8C, WebClient, BackgroundJob, …). */
  byAppId: Record<string, number>
  /** Sums of the sessions' 5-minute counters. */
  cpu: number
  memory: number
  dbms: number
  calls: number
}

/** The sessions of a sample, column by column (index i is one session). */
export interface SampleSessions {
  session: string[]
  sessionId: number[]
  userName: string[]
  infobaseName: string[]
  host: string[]
  appId: string[]
  cpu: number[]
  memory: number[]
  dbms: number[]
  calls: number[]
}

/** One cluster at one moment. */
export interface ClusterSample {
  /** Cluster UUID. */
  cluster: string
  /** The RAS server it was read from (`host:port`), so a profile finds its clusters offline. */
  server: string
  clusterName: string
  /** The server time the sample represents. */
  at: number
  totals: SampleTotals
  sessions: SampleSessions
}

export interface Period {
  /** Server time, inclusive. */
  from: number
  /** Server time, exclusive. */
  to: number
}

export interface TopQuery extends Period {
  /** One cluster, or every cluster in the store … */
  cluster?: string
  /** … or every cluster read from this RAS server (`host:port`). */
  server?: string
  by: Metric
  /** Rows of each list (default 10). */
  limit?: number
}

/**
 * What a user or a session consumed in a period, in the counters' units (ms of CPU, bytes, ms of
 * DBMS, calls). Estimated from the 5-minute counters: each sample contributes the share of its
 * 5-minute figure that falls after the sample before it (see `sqlite-history.ts`).
 */
export type Consumption = Counters

export interface TopUser {
  cluster: string
  userName: string
  /** Sessions of the user seen in the period. */
  sessions: number
  consumption: Consumption
}

export interface TopSession {
  cluster: string
  session: string
  sessionId: number
  userName: string
  infobaseName: string
  appId: string
  host: string
  consumption: Consumption
}

export interface TopInfobase {
  cluster: string
  infobaseName: string
  /** Sessions of the infobase seen in the period, and their distinct users. */
  sessions: number
  users: number
  consumption: Consumption
}

export interface TopResult {
  from: number
  to: number
  by: Metric
  users: TopUser[]
  sessions: TopSession[]
  infobases: TopInfobase[]
  /** Samples read for the answer (raw samples plus 5-minute aggregates). */
  samples: number
}

export interface TotalsPoint extends SampleTotals {
  at: number
}

/** The timeline's totals (history-totals.ts): per sample (step 0), or lowest and highest per step ms. */
export interface TimelineTotals {
  totals: TotalsColumns
  step: number
  /** Samples in the period, however many points stand for them. */
  samples: number
  /** When folded (step > 0): each metric's exact peak (history-peaks.ts); null at step 0 or without samples. */
  peaks: TotalsPeaks | null
}

/** A metric's highest value in a period and the moment of the first sample that had it. */
export interface TotalsPeak {
  value: number
  at: number
}
export type TotalsPeaks = Record<Metric, TotalsPeak>

/** A cluster's totals column by column (index i of every array is one sample), oldest first. */
export interface TotalsColumns {
  at: number[]
  sessions: number[]
  active: number[]
  sleeping: number[]
  byAppId: Record<string, number[]>
  cpu: number[]
  memory: number[]
  dbms: number[]
  calls: number[]
}

/** What the store knows of a cluster (null from `cluster` when it knows nothing). */
export interface ClusterEntry {
  cluster: string
  server: string
  name: string
  /** Its newest sample's server time; null before the first. */
  newest: number | null
}

/** A session as the store knows it: when it appeared and ended (server times). */
export interface SessionSpan {
  cluster: string
  session: string
  sessionId: number
  userName: string
  infobaseName: string
  appId: string
  host: string
  /** The first sample that saw it. */
  appeared: number
  /** The first sample that no longer saw it; null while it is alive (or the store stopped). */
  ended: number | null
}

/** A session's counters at one sample (raw, within 48 h) or summed over a 5-minute bucket. */
export interface SessionPoint extends Counters {
  session: string
  at: number
  /** 'sample': the 5-minute counters as read; 'bucket': consumption over the 5 minutes from `at`. */
  kind: 'sample' | 'bucket'
}

export interface SessionQuery extends Period {
  cluster: string
  /** One session (UUID) … */
  session?: string
  /** … or a few (UUIDs, at most a few hundred) … */
  sessions?: readonly string[]
  /** … or every session of a user. */
  userName?: string
}

/** A session of a period with what it consumed in it. */
export interface SessionUse extends SessionSpan {
  consumption: Consumption
}

/** A lock of an infobase as read (by a lock probe or an open lock dialog), in server time. */
export interface LockObservation {
  cluster: string
  server: string
  infobase: string
  infobaseName: string
  /** When it was read. */
  at: number
  /** In effect at `at` (phase 'active'). */
  active: boolean
  /** The lock's own period as the server keeps it (null: from now / open-ended). */
  deniedFrom: number | null
  deniedTo: number | null
  message: string
}

export interface LockSpan {
  infobaseName: string
  from: number
  /** null: in effect when last read. */
  to: number | null
  message: string
}

export const EVENT_KINDS = ['terminate', 'interrupt', 'lock', 'unlock', 'lock-seen', 'unlock-seen'] as const
export type EventKind = (typeof EVENT_KINDS)[number]

export interface StoredEvent {
  cluster: string
  server: string
  at: number
  kind: EventKind
  infobaseName: string
  detail: string
  /** The audit entry's desktop ISO time (the app's own actions). */
  auditTime?: string
}

/** What the user chose (HistorySettings of the contract), kept in the file for the app and the CLI. */
export interface StoredSettings {
  rawHours: number
  aggregateDays: number
  totalsDays: number
  maxMegabytes: number
  everySeconds: number
}

export { DEFAULT_HISTORY_SETTINGS as DEFAULT_SETTINGS } from '../../src-shared/history-settings'

export function retentionOf(s: StoredSettings): RetentionOptions {
  return {
    rawMs: s.rawHours * 3_600_000,
    aggregateMs: s.aggregateDays * 86_400_000,
    totalsMs: s.totalsDays * 86_400_000,
    maxBytes: s.maxMegabytes * 1024 * 1024,
  }
}

export interface SessionHistory {
  sessions: SessionSpan[]
  points: SessionPoint[]
}

export interface RecordOutcome {
  /** Sessions written in full or as changed; the others carry their last values forward. */
  written: number
  keyframe: boolean
}

export interface HistoryStore {
  readonly file: string
  /** Writes one sample in one transaction; folds and prunes what retention says. */
  record(sample: ClusterSample): RecordOutcome
  /** Top users and sessions of a period by one metric. */
  top(q: TopQuery): TopResult
  /** A cluster's totals over a period, oldest first. */
  totals(cluster: string, period: Period): TotalsPoint[]
  /** A session's or a user's samples over a period. */
  sessionHistory(q: SessionQuery): SessionHistory
  /** The newest sample's server time (of one RAS server's clusters, or of all); null when empty. */
  newest(server?: string): number | null
  /** What the store knows of one cluster (UUID); null: nothing recorded. */
  cluster(cluster: string): ClusterEntry | null
  /**
   * A cluster's totals over a period, column by column (the timeline's data); with `points`, a
   * longer one as lowest and highest per `step` ms (history-totals.ts), step 0 for every sample.
   */
  totalsColumns(cluster: string, period: Period, points?: number): TimelineTotals
  /** The sessions of a query alive in the period, each with what it consumed in it. */
  sessionUse(q: SessionQuery): SessionUse[]
  /** Records a lock as read: a period opens when it is first seen in effect and closes when seen lifted. */
  observeLock(o: LockObservation): void
  /** Records one of the app's own actions (or any event) on a cluster's timeline. */
  recordEvent(e: StoredEvent): void
  /** The lock periods overlapping a period, and the events in it, oldest first. */
  locks(cluster: string, period: Period): LockSpan[]
  events(cluster: string, period: Period): StoredEvent[]
  /** The settings kept in the file (defaults when none were saved). */
  settings(): StoredSettings
  /** Saves the settings and applies their retention from the next sample on. */
  saveSettings(s: StoredSettings): void
  /** Runs `fn` (records, marks) in one write transaction: many samples at once, e.g. the demo's past. */
  batch<T>(fn: () => T): T
  /** Bytes on disk: the database and its WAL. */
  bytesOnDisk(): number
  close(): void
}

/** A damaged database file the open call moved aside (as profiles do, docs/architecture.md §7.1). */
export interface HistoryKeptAside {
  file: string
  movedTo: string
  why: string
}

export interface OpenedHistory {
  store: HistoryStore
  keptAside: HistoryKeptAside | null
}

export interface RetentionOptions {
  /** Raw per-session samples, ms (default 48 h). */
  rawMs: number
  /** 5-minute per-session aggregates, ms (default 90 days). */
  aggregateMs: number
  /** Cluster totals, ms (default 1 year). */
  totalsMs: number
  /** File size cap, bytes (default 1 GB): the oldest data goes first. */
  maxBytes: number
}

export const DEFAULT_RETENTION: RetentionOptions = {
  rawMs: 48 * 3_600_000,
  aggregateMs: 90 * 86_400_000,
  totalsMs: 365 * 86_400_000,
  maxBytes: 1e9,
}

export const HISTORY_FILE_NAME = 'history.sqlite'

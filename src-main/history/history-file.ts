/**
 * The history file: one SQLite file, WAL and a busy timeout (two writers share it), the schema
 * (PRAGMA user_version), and a damaged file moved aside rather than lost.
 *
 * Layout (PRAGMA user_version = 4; an older file gets the tables it lacks when opened):
 * - `dict`: every repeated text (user, infobase, host, app id) once; rows refer to it by id.
 * - `sessions`: one row per session of a cluster, with when it appeared and ended (server time),
 *   so a user's sessions form a timeline.
 * - `samples`: one row per cluster sample with its totals (kept 1 year).
 * - `raw`: the sample's per-session counters (kept 48 h) as ONE packed blob of varints per
 *   sample, not one SQLite row per session. Budget: 10,000 sessions every 60 s is 14.4 M
 *   session-samples a day, 300 MB/day allows ~20 bytes each. A SQLite row of five integers costs
 *   ~25–30 bytes with its key, cell pointer and page slack; a blob entry is 6–12 bytes.
 *   Only sessions whose counters CHANGED since the cluster's previous sample are written
 *   (a sleeping session's zeros are not repeated each minute), with a tombstone for a session that
 *   went away. That still answers every query exactly: values carry forward, and a full
 *   keyframe is written at the first sample of every 10 minutes (at the latest every
 *   KEYFRAME_EVERY samples), on a writer's first sample, and whenever
 *   another writer wrote this cluster's previous sample (the delta would be against a state this
 *   writer did not write). Replaying from the keyframe at or before a period gives every
 *   session's exact counters at every sample.
 * - `buckets`: after 48 h, raw samples are folded per session into 5-minute sums (kept 90 days),
 *   again one blob per cluster and bucket, only sessions that consumed something.
 *
 * - `locks`, `events` (schema 2): lock periods as the app saw them and the timeline's marks (lock
 *   changes seen, the app's own actions with their audit entry's time); history-marks.ts.
 * - `hours` (schema 2): each complete hour's per-session consumption summed from its raw samples,
 *   so a day's "who consumed it" reads 24 sums, not 1,440 samples; history-sums.ts.
 * - `settings` (schema 2): the user's retention, cap and background interval, so the app and the
 *   CLI recorder share them; history-settings.ts.
 * - `totals_10m` (schema 3): each 10 minutes' lowest and highest totals, kept with the samples, so
 *   a timeline of 30 days or a year reads one row per 10 minutes; history-totals.ts.
 * - `tens` (schema 4): each complete 10 minutes' per-session consumption, like `hours`, so a
 *   period's ragged edges replay at most 10 minutes of raw samples; history-sums.ts.
 *
 * Consumption: a sample's 5-minute counter describes the 5 minutes before it; the part that falls
 * after the previous sample is value × w / 300, w = the seconds since the previous sample of the
 * cluster (rounded, 0…300; 300 for the first sample). A bucket stores Σ value × w of its samples,
 * so a period's consumption is the same whether its samples are raw or folded.
 */
import { existsSync, mkdirSync, renameSync, copyFileSync, constants } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import {
  DEFAULT_RETENTION,
  type HistoryKeptAside,
  type HistoryStore,
  type OpenedHistory,
  type RetentionOptions,
  retentionOf,
} from './history-port'
import { hasSettings, readSettings } from './history-settings'
import { rollAll } from './history-totals'
import { SqliteHistory } from './sqlite-history'

const SCHEMA_VERSION = 4
const BUSY_TIMEOUT_MS = 20_000

const SCHEMA = `
CREATE TABLE dict (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE clusters (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, server TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '', folded_until INTEGER NOT NULL DEFAULT 0);
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY, cluster INTEGER NOT NULL, uuid TEXT NOT NULL, session_id INTEGER NOT NULL,
  user INTEGER NOT NULL, infobase INTEGER NOT NULL, host INTEGER NOT NULL, app INTEGER NOT NULL,
  appeared INTEGER NOT NULL, ended INTEGER, UNIQUE (cluster, uuid));
CREATE INDEX sessions_user ON sessions (cluster, user);
CREATE TABLE samples (
  id INTEGER PRIMARY KEY AUTOINCREMENT, cluster INTEGER NOT NULL, at INTEGER NOT NULL,
  sessions INTEGER NOT NULL, active INTEGER NOT NULL, sleeping INTEGER NOT NULL,
  cpu INTEGER NOT NULL, memory INTEGER NOT NULL, dbms INTEGER NOT NULL, calls INTEGER NOT NULL,
  apps TEXT NOT NULL);
CREATE INDEX samples_at ON samples (cluster, at);
CREATE TABLE raw (sample INTEGER PRIMARY KEY, full INTEGER NOT NULL, data BLOB NOT NULL);
CREATE TABLE buckets (id INTEGER PRIMARY KEY, cluster INTEGER NOT NULL, start INTEGER NOT NULL,
  data BLOB NOT NULL, UNIQUE (cluster, start));
`

/**
 * What schema 2 adds to 1: lock periods, timeline events, settings; and two indexes every sample's
 * write uses — a cluster's latest sample, and its open sessions — which in schema 1 cost a scan of
 * all the cluster's samples (a year of them) or sessions (90 days of them).
 */
const SCHEMA_2 = `
CREATE INDEX samples_latest ON samples (cluster, id);
CREATE INDEX sessions_open ON sessions (cluster) WHERE ended IS NULL;
CREATE TABLE locks (id INTEGER PRIMARY KEY, cluster INTEGER NOT NULL, infobase TEXT NOT NULL,
  infobase_name TEXT NOT NULL, from_at INTEGER NOT NULL, to_at INTEGER, message TEXT NOT NULL);
CREATE INDEX locks_of ON locks (cluster, infobase, to_at);
CREATE TABLE events (id INTEGER PRIMARY KEY, cluster INTEGER NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL,
  infobase_name TEXT NOT NULL, detail TEXT NOT NULL, audit_time TEXT);
CREATE INDEX events_at ON events (cluster, at);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE hours (id INTEGER PRIMARY KEY, cluster INTEGER NOT NULL, start INTEGER NOT NULL,
  samples INTEGER NOT NULL, data BLOB NOT NULL, UNIQUE (cluster, start));
`

/**
 * What schema 3 adds: the timeline's 10-minute lowest and highest totals (history-totals.ts), and
 * raw blobs of format 2 (history-blob.ts; the older ones stay format 1 until retention drops them).
 */
const SCHEMA_3 = `
ALTER TABLE raw ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
CREATE TABLE totals_10m (cluster INTEGER NOT NULL, start INTEGER NOT NULL, samples INTEGER NOT NULL,
  first_at INTEGER NOT NULL, last_at INTEGER NOT NULL, lo TEXT NOT NULL, hi TEXT NOT NULL, apps TEXT NOT NULL,
  PRIMARY KEY (cluster, start)) WITHOUT ROWID;
`

/**
 * What schema 4 adds: 10-minute consumption sums beside the hourly ones (history-sums.ts). An older
 * file's raw samples have none and keyframes every 60 samples: their edges are replayed as before.
 */
const SCHEMA_4 = `
CREATE TABLE tens (cluster INTEGER NOT NULL, start INTEGER NOT NULL, samples INTEGER NOT NULL,
  data BLOB NOT NULL, PRIMARY KEY (cluster, start)) WITHOUT ROWID;
`

/**
 * Creates the tables in a new file, adds the later schemas' to an older file (a version-2 file's
 * samples are rolled into 10-minute rows once); refuses a file a newer ClusterDesk wrote.
 */
export function ensureSchema(db: Database.Database, file: string): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number
    if (version === 0) {
      db.exec(SCHEMA + SCHEMA_2 + SCHEMA_3 + SCHEMA_4)
      db.pragma(`user_version = ${SCHEMA_VERSION}`)
    } else if (version < SCHEMA_VERSION) {
      if (version < 2) db.exec(SCHEMA_2)
      if (version < 3) {
        db.exec(SCHEMA_3)
        rollAll(db)
      }
      db.exec(SCHEMA_4)
      db.pragma(`user_version = ${SCHEMA_VERSION}`)
    } else if (version > SCHEMA_VERSION) {
      throw new Error(
        `the history file ${file} was written by a newer ClusterDesk (schema ${version}); update ClusterDesk`,
      )
    }
  }).immediate()
}

export interface OpenHistoryOptions {
  /** Overrides the retention the file's saved settings (or the defaults) give (tests, bench). */
  retention?: Partial<RetentionOptions>
  /** For the kept-aside file's name (tests); default Date.now. */
  now?: () => number
}

/** A fault of the file itself, not of the moment (busy, no access): the file is kept aside. */
function damageOf(e: unknown): string | null {
  const code = (e as { code?: string }).code ?? ''
  if (code === 'SQLITE_NOTADB') return 'it is not an SQLite database'
  if (code.startsWith('SQLITE_CORRUPT')) return 'SQLite reports it corrupt'
  return null
}

function keepAside(file: string, now: number): string {
  const base = `${file}.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}`
  let target = base
  for (let i = 2; existsSync(target); i++) target = `${base}-${i}`
  try {
    renameSync(file, target)
  } catch {
    copyFileSync(file, target, constants.COPYFILE_EXCL)
  }
  for (const suffix of ['-wal', '-shm']) {
    try {
      if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix)
    } catch {
      // a stale journal of a damaged file: best effort
    }
  }
  return target
}

function connect(file: string): Database.Database {
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS })
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    db.pragma('auto_vacuum = INCREMENTAL') // takes effect only on a new, empty file
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL') // WAL: durable at checkpoints, never corrupt
    return db
  } catch (e) {
    db.close()
    throw e
  }
}

/**
 * Opens (or creates) the history file. A file that is not SQLite or fails `PRAGMA quick_check`
 * is moved aside to `<file>.corrupt-<time>` (never deleted) and a fresh one is created; the
 * result says so, for the UI or the CLI to tell the user.
 */
export function openHistory(file: string, o: OpenHistoryOptions = {}): OpenedHistory {
  mkdirSync(dirname(file), { recursive: true })
  let keptAside: HistoryKeptAside | null = null
  if (existsSync(file)) {
    // Checked read-only first, so a damaged file is kept aside exactly as it was found.
    let check: Database.Database | null = null
    try {
      check = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS })
      const result = check.pragma('quick_check', { simple: true })
      if (result !== 'ok') throw Object.assign(new Error(String(result)), { code: 'SQLITE_CORRUPT', check: result })
    } catch (e) {
      const why = damageOf(e)
      if (why === null) throw e
      check?.close()
      check = null
      const detail = String((e as { check?: unknown }).check ?? '')
        .split('\n')
        .filter((line) => line && !line.startsWith('***'))[0]
      const movedTo = keepAside(file, (o.now ?? Date.now)())
      keptAside = { file, movedTo, why: detail ? `quick_check: ${detail.slice(0, 200)}` : why }
    } finally {
      check?.close()
    }
  }
  const db = connect(file)
  ensureSchema(db, file)
  const base = hasSettings(db) ? retentionOf(readSettings(db)) : DEFAULT_RETENTION
  return { store: new SqliteHistory(file, db, { ...base, ...o.retention }), keptAside }
}

/**
 * The app's and the web preview's history: opened at the first use, or why not (logged) — e.g.
 * better-sqlite3 built for Node rather than Electron in a development run. A damaged file is kept
 * aside, logged and said (historyStatus) for the UI's notice.
 */
export function openHistoryForApp(
  file: string,
  log: (line: string) => void,
): { file: string; store: HistoryStore | null; keptAside: HistoryKeptAside | null; unavailable: string | null } {
  try {
    const { store, keptAside } = openHistory(file)
    if (keptAside) log(`history: ${keptAside.file} was damaged (${keptAside.why}); moved to ${keptAside.movedTo}`)
    return { file, store, keptAside, unavailable: null }
  } catch (e) {
    const why = (e as Error).message
    log(`history: not recorded, ${file} cannot be opened: ${why}`)
    return { file, store: null, keptAside: null, unavailable: why }
  }
}

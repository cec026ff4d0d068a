/**
 * The history store on SQLite (better-sqlite3): one file, WAL, a busy timeout, every write in one
 * IMMEDIATE transaction, so the app and a `clusterdesk record` can write the same file at once.
 *
 * Layout (PRAGMA user_version = 1):
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
 *   keyframe is written every KEYFRAME_EVERY samples, on a writer's first sample, and whenever
 *   another writer wrote this cluster's previous sample (the delta would be against a state this
 *   writer did not write). Replaying from the keyframe at or before a period gives every
 *   session's exact counters at every sample.
 * - `buckets`: after 48 h, raw samples are folded per session into 5-minute sums (kept 90 days),
 *   again one blob per cluster and bucket, only sessions that consumed something.
 *
 * Consumption: a sample's 5-minute counter describes the 5 minutes before it; the part that falls
 * after the previous sample is value × w / 300, w = the seconds since the previous sample of the
 * cluster (rounded, 0…300; 300 for the first sample). A bucket stores Σ value × w of its samples,
 * so a period's consumption is the same whether its samples are raw or folded.
 */
import { existsSync, mkdirSync, renameSync, copyFileSync, constants } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type {
  ClusterSample,
  Counters,
  HistoryKeptAside,
  HistoryStore,
  Metric,
  OpenedHistory,
  Period,
  RecordOutcome,
  RetentionOptions,
  SessionHistory,
  SessionPoint,
  SessionQuery,
  SessionSpan,
  TopQuery,
  TopResult,
  TopSession,
  TopUser,
  TotalsPoint,
} from './history-port'
import { DEFAULT_RETENTION } from './history-port'

const SCHEMA_VERSION = 1
export const KEYFRAME_EVERY = 60
export const BUCKET_MS = 5 * 60_000
const WINDOW_S = 300
/** Fold when this much raw data is past its 48 h (so folding runs about hourly, not every sample). */
const FOLD_STEP_MS = 3_600_000
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

// --- packed varints -----------------------------------------------------------------------------

class Writer {
  buf = new Uint8Array(4096)
  len = 0
  private room(n: number) {
    if (this.len + n <= this.buf.length) return
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n))
    next.set(this.buf.subarray(0, this.len))
    this.buf = next
  }
  /** An unsigned integer up to 2^53. */
  uint(n: number) {
    this.room(8)
    while (n >= 0x80) {
      this.buf[this.len++] = (n % 0x80) | 0x80
      n = Math.floor(n / 0x80)
    }
    this.buf[this.len++] = n
  }
  /** A signed integer (zigzag). */
  int(n: number) {
    this.uint(n >= 0 ? n * 2 : -n * 2 - 1)
  }
  bytes(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len))
  }
}

class Reader {
  pos = 0
  constructor(readonly buf: Uint8Array) {}
  get done() {
    return this.pos >= this.buf.length
  }
  uint(): number {
    let n = 0
    let scale = 1
    for (;;) {
      const b = this.buf[this.pos++]!
      n += (b & 0x7f) * scale
      if (b < 0x80) return n
      scale *= 0x80
    }
  }
  int(): number {
    const z = this.uint()
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2
  }
}

type Values = [cpu: number, memory: number, dbms: number, calls: number]
const METRIC_INDEX: Record<Metric, number> = { cpu: 0, memory: 1, dbms: 2, calls: 3 }

/** Entries of a raw blob: (ref delta << 1 | gone), then four counters unless gone. */
function encodeRaw(entries: Array<[ref: number, values: Values | null]>): Buffer {
  entries.sort((a, b) => a[0] - b[0])
  const w = new Writer()
  let last = 0
  for (const [ref, v] of entries) {
    w.uint((ref - last) * 2 + (v === null ? 1 : 0))
    last = ref
    if (v) for (let k = 0; k < 4; k++) w.int(v[k]!)
  }
  return w.bytes()
}

function applyRaw(state: Map<number, Values>, data: Uint8Array, full: boolean): void {
  if (full) state.clear()
  const r = new Reader(data)
  let ref = 0
  while (!r.done) {
    const head = r.uint()
    ref += Math.floor(head / 2)
    if (head % 2 === 1) state.delete(ref)
    else state.set(ref, [r.int(), r.int(), r.int(), r.int()])
  }
}

function encodeBucket(sums: Map<number, Values>): Buffer {
  const refs = [...sums.keys()].sort((a, b) => a - b)
  const w = new Writer()
  let last = 0
  for (const ref of refs) {
    w.uint(ref - last)
    last = ref
    for (const x of sums.get(ref)!) w.int(x)
  }
  return w.bytes()
}

function* decodeBucket(data: Uint8Array): Generator<[number, Values]> {
  const r = new Reader(data)
  let ref = 0
  while (!r.done) {
    ref += r.uint()
    yield [ref, [r.int(), r.int(), r.int(), r.int()]]
  }
}

/** Seconds of a sample's 5-minute window that fall after the previous sample. */
export function sampleWeight(at: number, prevAt: number | null): number {
  if (prevAt === null) return WINDOW_S
  return Math.min(WINDOW_S, Math.max(0, Math.round((at - prevAt) / 1000)))
}

export const bucketOf = (at: number): number => Math.floor(at / BUCKET_MS) * BUCKET_MS

// --- opening --------------------------------------------------------------------------------------

export interface OpenHistoryOptions {
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
  return { store: new SqliteHistory(file, db, { ...DEFAULT_RETENTION, ...o.retention }), keptAside }
}

// --- the store ------------------------------------------------------------------------------------

interface ClusterWriterState {
  lastSampleId: number | null
  sinceKeyframe: number
  values: Map<number, Values>
}

interface SessionRowDb {
  id: number
  cluster: string
  uuid: string
  session_id: number
  user: string
  infobase: string
  host: string
  app: string
  appeared: number
  ended: number | null
}

export class SqliteHistory implements HistoryStore {
  private readonly dictCache = new Map<string, number>()
  private readonly clusterRefs = new Map<string, number>()
  /** `${clusterRef}\n${uuid}` → session ref (refs never change once given). */
  private readonly sessionRefs = new Map<string, number>()
  private readonly writers = new Map<number, ClusterWriterState>()
  private readonly st: Record<string, Database.Statement>

  constructor(
    readonly file: string,
    private readonly db: Database.Database,
    private readonly retention: RetentionOptions,
  ) {
    db.transaction(() => {
      const version = db.pragma('user_version', { simple: true }) as number
      if (version === 0) {
        db.exec(SCHEMA)
        db.pragma(`user_version = ${SCHEMA_VERSION}`)
      } else if (version > SCHEMA_VERSION) {
        throw new Error(
          `the history file ${file} was written by a newer ClusterDesk (schema ${version}); update ClusterDesk`,
        )
      }
    }).immediate()
    const p = (sql: string) => db.prepare(sql)
    this.st = {
      dictGet: p('SELECT id FROM dict WHERE text = ?'),
      dictPut: p('INSERT OR IGNORE INTO dict (text) VALUES (?)'),
      clusterGet: p('SELECT id FROM clusters WHERE uuid = ?'),
      clusterPut: p('INSERT OR IGNORE INTO clusters (uuid) VALUES (?)'),
      sessionGet: p('SELECT id FROM sessions WHERE cluster = ? AND uuid = ?'),
      sessionPut: p(
        'INSERT OR IGNORE INTO sessions (cluster, uuid, session_id, user, infobase, host, app, appeared) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
      ),
      sessionEnd: p('UPDATE sessions SET ended = ? WHERE id = ? AND ended IS NULL'),
      openSessions: p('SELECT id FROM sessions WHERE cluster = ? AND ended IS NULL'),
      latest: p('SELECT id, at FROM samples WHERE cluster = ? ORDER BY id DESC LIMIT 1'),
      samplePut: p(
        'INSERT INTO samples (cluster, at, sessions, active, sleeping, cpu, memory, dbms, calls, apps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      rawPut: p('INSERT INTO raw (sample, full, data) VALUES (?, ?, ?)'),
      foldedUntil: p('SELECT folded_until AS f FROM clusters WHERE id = ?'),
    }
  }

  // --- dictionaries ---------------------------------------------------------------------------

  private text(t: string): number {
    let id = this.dictCache.get(t)
    if (id === undefined) {
      this.st.dictPut!.run(t)
      id = (this.st.dictGet!.get(t) as { id: number }).id
      this.dictCache.set(t, id)
    }
    return id
  }

  private readonly clusterLabels = new Map<number, string>()

  private clusterRef(uuid: string, create: boolean): number | null {
    let id = this.clusterRefs.get(uuid)
    if (id === undefined) {
      if (create) this.st.clusterPut!.run(uuid)
      const row = this.st.clusterGet!.get(uuid) as { id: number } | undefined
      if (!row) return null
      id = row.id
      this.clusterRefs.set(uuid, id)
    }
    return id
  }

  // --- writing ----------------------------------------------------------------------------------

  record(sample: ClusterSample): RecordOutcome {
    const run = this.db.transaction(() => this.write(sample))
    const outcome = run.immediate()
    this.maintain(sample.cluster, sample.at)
    return outcome
  }

  private write(sample: ClusterSample): RecordOutcome {
    const cref = this.clusterRef(sample.cluster, true)!
    const label = `${sample.server}\n${sample.clusterName}`
    if (this.clusterLabels.get(cref) !== label) {
      this.db
        .prepare('UPDATE clusters SET server = ?, name = ? WHERE id = ?')
        .run(sample.server, sample.clusterName, cref)
      this.clusterLabels.set(cref, label)
    }
    let w = this.writers.get(cref)
    if (!w) this.writers.set(cref, (w = { lastSampleId: null, sinceKeyframe: 0, values: new Map() }))
    const latest = this.st.latest!.get(cref) as { id: number; at: number } | undefined
    const keyframe = w.lastSampleId === null || latest?.id !== w.lastSampleId || w.sinceKeyframe + 1 >= KEYFRAME_EVERY
    const s = sample.sessions
    const n = s.session.length
    const now = new Map<number, Values>()
    const entries: Array<[number, Values | null]> = []
    for (let i = 0; i < n; i++) {
      const key = `${cref}\n${s.session[i]}`
      let ref = this.sessionRefs.get(key)
      if (ref === undefined) {
        const put = this.st.sessionPut!.get(
          cref,
          s.session[i],
          s.sessionId[i],
          this.text(s.userName[i]!),
          this.text(s.infobaseName[i]!),
          this.text(s.host[i]!),
          this.text(s.appId[i]!),
          sample.at,
        ) as { id: number } | undefined
        // Ignored: another writer (or an earlier run) already knows the session.
        ref = put?.id ?? (this.st.sessionGet!.get(cref, s.session[i]) as { id: number }).id
        this.sessionRefs.set(key, ref)
      }
      const v: Values = [s.cpu[i]!, s.memory[i]!, s.dbms[i]!, s.calls[i]!]
      now.set(ref, v)
      if (keyframe) {
        entries.push([ref, v])
        continue
      }
      const was = w.values.get(ref)
      if (!was || was[0] !== v[0] || was[1] !== v[1] || was[2] !== v[2] || was[3] !== v[3]) entries.push([ref, v])
    }
    // Sessions gone since this writer's last sample end now; on a keyframe, so does every session
    // the file still has open that this sample does not show (a writer that stopped, another writer).
    const gone = keyframe
      ? (this.st.openSessions!.all(cref) as Array<{ id: number }>).map((r) => r.id).filter((id) => !now.has(id))
      : [...w.values.keys()].filter((id) => !now.has(id))
    for (const id of gone) {
      this.st.sessionEnd!.run(sample.at, id)
      if (!keyframe) entries.push([id, null])
    }
    const t = sample.totals
    const apps: number[] = []
    for (const [app, count] of Object.entries(t.byAppId)) apps.push(this.text(app), count)
    const info = this.st.samplePut!.run(
      cref,
      sample.at,
      t.sessions,
      t.active,
      t.sleeping,
      t.cpu,
      t.memory,
      t.dbms,
      t.calls,
      JSON.stringify(apps),
    )
    const id = Number(info.lastInsertRowid)
    this.st.rawPut!.run(id, keyframe ? 1 : 0, encodeRaw(entries))
    w.lastSampleId = id
    w.sinceKeyframe = keyframe ? 0 : w.sinceKeyframe + 1
    w.values = now
    return { written: entries.length, keyframe }
  }

  // --- replay -----------------------------------------------------------------------------------

  /**
   * Every raw sample of a cluster with at in [from, to), with the exact counters of every session
   * at it, oldest first, and its weight (seconds since the previous sample, 0…300).
   */
  private *replay(
    cref: number,
    from: number,
    to: number,
  ): Generator<{ at: number; w: number; state: Map<number, Values> }> {
    const key = this.db
      .prepare(
        'SELECT max(s.id) AS id FROM samples s JOIN raw r ON r.sample = s.id WHERE s.cluster = ? AND r.full = 1 AND s.at <= ?',
      )
      .get(cref, from) as { id: number | null }
    const first =
      key.id ??
      (
        this.db
          .prepare('SELECT min(s.id) AS id FROM samples s JOIN raw r ON r.sample = s.id WHERE s.cluster = ?')
          .get(cref) as {
          id: number | null
        }
      ).id
    if (first === null) return
    const prev = this.db
      .prepare('SELECT at FROM samples WHERE cluster = ? AND id < ? ORDER BY id DESC LIMIT 1')
      .get(cref, first) as { at: number } | undefined
    let prevAt = prev?.at ?? null
    const state = new Map<number, Values>()
    const rows = this.db
      .prepare(
        'SELECT s.at AS at, r.full AS full, r.data AS data FROM samples s JOIN raw r ON r.sample = s.id WHERE s.cluster = ? AND s.id >= ? ORDER BY s.id',
      )
      .iterate(cref, first) as IterableIterator<{ at: number; full: number; data: Buffer }>
    for (const row of rows) {
      applyRaw(state, row.data, row.full === 1)
      const w = sampleWeight(row.at, prevAt)
      prevAt = row.at
      if (row.at >= to) {
        // Samples are in id order; one at or past `to` ends the period (a late one may follow
        // from another writer, but never by more than its clock's jitter).
        rows.return?.()
        return
      }
      if (row.at >= from) yield { at: row.at, w, state }
    }
  }

  private *buckets(
    cref: number,
    from: number,
    to: number,
  ): Generator<{ start: number; sums: Generator<[number, Values]> }> {
    const rows = this.db
      .prepare('SELECT start, data FROM buckets WHERE cluster = ? AND start >= ? AND start < ? ORDER BY start')
      .iterate(cref, from, to) as IterableIterator<{ start: number; data: Buffer }>
    for (const row of rows) yield { start: row.start, sums: decodeBucket(row.data) }
  }

  /** Σ value × w per session over a period: folded buckets before `folded_until`, raw after. */
  private consumption(cref: number, from: number, to: number): { sums: Map<number, Values>; samples: number } {
    const folded = (this.st.foldedUntil!.get(cref) as { f: number }).f
    const sums = new Map<number, Values>()
    const add = (ref: number, v: Values, w: number) => {
      let s = sums.get(ref)
      if (!s) sums.set(ref, (s = [0, 0, 0, 0]))
      for (let k = 0; k < 4; k++) s[k]! += v[k]! * w
    }
    let samples = 0
    if (from < folded) {
      for (const b of this.buckets(cref, from, Math.min(to, folded))) {
        samples++
        for (const [ref, v] of b.sums) add(ref, v, 1)
      }
    }
    for (const { w, state } of this.replay(cref, Math.max(from, folded), to)) {
      samples++
      if (w === 0) continue
      for (const [ref, v] of state) if (v[0] || v[1] || v[2] || v[3]) add(ref, v, w)
    }
    return { sums, samples }
  }

  // --- queries ----------------------------------------------------------------------------------

  private clustersOf(cluster: string | undefined, server?: string): Array<[string, number]> {
    if (cluster !== undefined) {
      const ref = this.clusterRef(cluster.toLowerCase(), false)
      return ref === null ? [] : [[cluster.toLowerCase(), ref]]
    }
    const rows =
      server === undefined
        ? this.db.prepare('SELECT uuid, id FROM clusters ORDER BY uuid').all()
        : this.db.prepare('SELECT uuid, id FROM clusters WHERE server = ? ORDER BY uuid').all(server)
    return (rows as Array<{ uuid: string; id: number }>).map((r) => [r.uuid, r.id])
  }

  newest(server?: string): number | null {
    const row = (
      server === undefined
        ? this.db.prepare('SELECT max(at) AS t FROM samples').get()
        : this.db
            .prepare('SELECT max(s.at) AS t FROM samples s JOIN clusters c ON c.id = s.cluster WHERE c.server = ?')
            .get(server)
    ) as { t: number | null }
    return row.t
  }

  private spans(where: string, ...args: unknown[]): SessionRowDb[] {
    return this.db
      .prepare(
        `SELECT s.id, c.uuid AS cluster, s.uuid, s.session_id, u.text AS user, i.text AS infobase, h.text AS host,
                a.text AS app, s.appeared, s.ended
         FROM sessions s JOIN clusters c ON c.id = s.cluster JOIN dict u ON u.id = s.user
         JOIN dict i ON i.id = s.infobase JOIN dict h ON h.id = s.host JOIN dict a ON a.id = s.app
         WHERE ${where} ORDER BY s.appeared, s.id`,
      )
      .all(...args) as SessionRowDb[]
  }

  top(q: TopQuery): TopResult {
    const limit = q.limit ?? 10
    const k = METRIC_INDEX[q.by]
    const users = new Map<string, TopUser>()
    const sessions: TopSession[] = []
    let samples = 0
    const read = this.db.transaction(() => {
      for (const [uuid, cref] of this.clustersOf(q.cluster, q.server)) {
        const { sums, samples: n } = this.consumption(cref, q.from, q.to)
        samples += n
        // Every session alive in the period counts for its user, consuming or not.
        const alive = this.spans(
          's.cluster = ? AND s.appeared < ? AND (s.ended IS NULL OR s.ended > ?)',
          cref,
          q.to,
          q.from,
        )
        for (const s of alive) {
          const v = sums.get(s.id) ?? [0, 0, 0, 0]
          const consumption = toConsumption(v)
          const key = `${uuid}\n${s.user}`
          let u = users.get(key)
          if (!u) {
            u = { cluster: uuid, userName: s.user, sessions: 0, consumption: toConsumption([0, 0, 0, 0]) }
            users.set(key, u)
          }
          u.sessions++
          for (const m of ['cpu', 'memory', 'dbms', 'calls'] as const) u.consumption[m] += consumption[m]
          if (v[k] !== 0) {
            sessions.push({
              cluster: uuid,
              session: s.uuid,
              sessionId: s.session_id,
              userName: s.user,
              infobaseName: s.infobase,
              appId: s.app,
              host: s.host,
              consumption,
            })
          }
        }
      }
    })
    read.deferred()
    const byMetric = <T extends { consumption: Counters }>(a: T, b: T) => b.consumption[q.by] - a.consumption[q.by]
    return {
      from: q.from,
      to: q.to,
      by: q.by,
      users: [...users.values()]
        .filter((u) => u.consumption[q.by] !== 0)
        .sort((a, b) => byMetric(a, b) || a.userName.localeCompare(b.userName))
        .slice(0, limit),
      sessions: sessions.sort((a, b) => byMetric(a, b) || a.session.localeCompare(b.session)).slice(0, limit),
      samples,
    }
  }

  totals(cluster: string, period: Period): TotalsPoint[] {
    const cref = this.clusterRef(cluster.toLowerCase(), false)
    if (cref === null) return []
    const names = new Map(
      (this.db.prepare('SELECT id, text FROM dict').all() as Array<{ id: number; text: string }>).map((r) => [
        r.id,
        r.text,
      ]),
    )
    const rows = this.db
      .prepare(
        'SELECT at, sessions, active, sleeping, cpu, memory, dbms, calls, apps FROM samples WHERE cluster = ? AND at >= ? AND at < ? ORDER BY at, id',
      )
      .all(cref, period.from, period.to) as Array<Omit<TotalsPoint, 'byAppId'> & { apps: string }>
    return rows.map(({ apps, ...r }) => {
      const list = JSON.parse(apps) as number[]
      const byAppId: Record<string, number> = {}
      for (let i = 0; i < list.length; i += 2) byAppId[names.get(list[i]!) ?? '?'] = list[i + 1]!
      return { ...r, byAppId }
    })
  }

  sessionHistory(q: SessionQuery): SessionHistory {
    const cref = this.clusterRef(q.cluster.toLowerCase(), false)
    if (cref === null) return { sessions: [], points: [] }
    return this.db
      .transaction((): SessionHistory => {
        const alive = 's.cluster = ? AND s.appeared < ? AND (s.ended IS NULL OR s.ended > ?)'
        const rows =
          q.session !== undefined
            ? this.spans(`${alive} AND s.uuid = ?`, cref, q.to, q.from, q.session.toLowerCase())
            : this.spans(`${alive} AND u.text = ?`, cref, q.to, q.from, q.userName ?? '')
        const refs = new Map(rows.map((r) => [r.id, r.uuid]))
        const points: SessionPoint[] = []
        const folded = (this.st.foldedUntil!.get(cref) as { f: number }).f
        if (q.from < folded) {
          for (const b of this.buckets(cref, q.from, Math.min(q.to, folded))) {
            for (const [ref, v] of b.sums) {
              const session = refs.get(ref)
              if (session !== undefined) points.push({ session, at: b.start, kind: 'bucket', ...toConsumption(v) })
            }
          }
        }
        for (const { at, state } of this.replay(cref, Math.max(q.from, folded), q.to)) {
          for (const [ref, session] of refs) {
            const v = state.get(ref)
            if (v) points.push({ session, at, kind: 'sample', cpu: v[0], memory: v[1], dbms: v[2], calls: v[3] })
          }
        }
        const sessions: SessionSpan[] = rows.map((r) => ({
          cluster: r.cluster,
          session: r.uuid,
          sessionId: r.session_id,
          userName: r.user,
          infobaseName: r.infobase,
          appId: r.app,
          host: r.host,
          appeared: r.appeared,
          ended: r.ended,
        }))
        return { sessions, points }
      })
      .deferred()
  }

  // --- retention ----------------------------------------------------------------------------------

  /** Folds raw data past its 48 h, drops what is past its keep time, and keeps the file under its cap. */
  private maintain(cluster: string, newest: number): void {
    const cref = this.clusterRef(cluster, false)!
    const cutoff = bucketOf(newest - this.retention.rawMs)
    const folded = (this.st.foldedUntil!.get(cref) as { f: number }).f
    if (cutoff - folded >= FOLD_STEP_MS || (folded === 0 && this.hasRawBefore(cref, cutoff))) {
      this.db.transaction(() => this.fold(cref, cutoff, newest)).immediate()
    }
    if (this.sizeBytes() > this.retention.maxBytes) this.db.transaction(() => this.capSize()).immediate()
  }

  private hasRawBefore(cref: number, t: number): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM samples s JOIN raw r ON r.sample = s.id WHERE s.cluster = ? AND s.at < ? LIMIT 1')
        .get(cref, t) !== undefined
    )
  }

  /** Folds raw samples before `cutoff` into 5-minute buckets; keeps raw from the keyframe at or before it. */
  private fold(cref: number, cutoff: number, newest: number): void {
    const folded = (this.st.foldedUntil!.get(cref) as { f: number }).f // re-read: another writer may have folded
    if (cutoff > folded) {
      const buckets = new Map<number, Map<number, Values>>()
      for (const { at, w, state } of this.replay(cref, folded === 0 ? -Infinity : folded, cutoff)) {
        if (w === 0) continue
        const start = bucketOf(at)
        let sums = buckets.get(start)
        for (const [ref, v] of state) {
          if (!(v[0] || v[1] || v[2] || v[3])) continue
          if (!sums) buckets.set(start, (sums = new Map()))
          let s = sums.get(ref)
          if (!s) sums.set(ref, (s = [0, 0, 0, 0]))
          for (let k = 0; k < 4; k++) s[k]! += v[k]! * w
        }
      }
      const put = this.db.prepare('INSERT OR REPLACE INTO buckets (cluster, start, data) VALUES (?, ?, ?)')
      for (const [start, sums] of buckets) put.run(cref, start, encodeBucket(sums))
      this.db.prepare('UPDATE clusters SET folded_until = ? WHERE id = ?').run(cutoff, cref)
      this.dropRawBefore(cref, cutoff, 'keep-keyframe')
    }
    const r = this.retention
    this.db.prepare('DELETE FROM buckets WHERE cluster = ? AND start < ?').run(cref, newest - r.aggregateMs)
    this.db
      .prepare('DELETE FROM samples WHERE cluster = ? AND at < ? AND id NOT IN (SELECT sample FROM raw)')
      .run(cref, newest - r.totalsMs)
    this.db
      .prepare('DELETE FROM sessions WHERE cluster = ? AND ended IS NOT NULL AND ended < ?')
      .run(cref, newest - Math.max(r.aggregateMs, r.rawMs))
    this.db.pragma('incremental_vacuum')
  }

  /**
   * Drops raw samples before `t`. 'keep-keyframe': keeps from the last keyframe at or before `t`
   * (later samples are deltas on it). 'through-keyframe': drops at least to `t`, then up to the
   * next keyframe, so the oldest raw sample left is always a keyframe.
   */
  private dropRawBefore(cref: number, t: number, mode: 'keep-keyframe' | 'through-keyframe'): void {
    const keyframe = this.db
      .prepare(
        `SELECT ${mode === 'keep-keyframe' ? 'max' : 'min'}(s.id) AS id FROM samples s JOIN raw r ON r.sample = s.id
         WHERE s.cluster = ? AND r.full = 1 AND s.at ${mode === 'keep-keyframe' ? '<=' : '>='} ?`,
      )
      .get(cref, t) as { id: number | null }
    const below =
      keyframe.id ??
      (mode === 'keep-keyframe' ? 0 : Number.MAX_SAFE_INTEGER) /* no keyframe: nothing / everything goes */
    this.db
      .prepare('DELETE FROM raw WHERE sample IN (SELECT id FROM samples WHERE cluster = ? AND id < ?)')
      .run(cref, below)
  }

  private sizeBytes(): number {
    const pages = this.db.pragma('page_count', { simple: true }) as number
    const size = this.db.pragma('page_size', { simple: true }) as number
    return pages * size
  }

  /** Over the cap: the oldest data of every kind goes, a slice at a time, until the file fits. */
  private capSize(): void {
    for (let round = 0; round < 50 && this.sizeBytes() > this.retention.maxBytes; round++) {
      const span = this.db.prepare('SELECT min(at) AS oldest, max(at) AS newest FROM samples').get() as {
        oldest: number | null
        newest: number | null
      }
      const bucketOldest = (this.db.prepare('SELECT min(start) AS t FROM buckets').get() as { t: number | null }).t
      if (span.oldest === null || span.newest === null) return
      const oldest = Math.min(span.oldest, bucketOldest ?? Infinity)
      if (oldest >= span.newest) return
      const t = oldest + Math.max(BUCKET_MS, (span.newest - oldest) / 10)
      for (const { id: cref } of this.db.prepare('SELECT id FROM clusters').all() as Array<{ id: number }>) {
        this.dropRawBefore(cref, t, 'through-keyframe')
        const latest = this.st.latest!.get(cref) as { id: number } | undefined
        this.db
          .prepare('DELETE FROM samples WHERE cluster = ? AND at < ? AND id < ? AND id NOT IN (SELECT sample FROM raw)')
          .run(cref, t, latest?.id ?? 0)
        this.db
          .prepare('UPDATE clusters SET folded_until = max(folded_until, ?) WHERE id = ?')
          .run(bucketOf(t) + BUCKET_MS, cref)
      }
      this.db.prepare('DELETE FROM buckets WHERE start < ?').run(t)
      this.db.prepare('DELETE FROM sessions WHERE ended IS NOT NULL AND ended < ?').run(t)
      this.db.pragma('incremental_vacuum')
    }
  }

  close(): void {
    if (this.db.open) {
      try {
        this.db.pragma('optimize')
      } catch {
        // another writer holds the lock: optimising can wait for next time
      }
      this.db.close()
    }
  }
}

function toConsumption(v: Values): Counters {
  return { cpu: v[0] / WINDOW_S, memory: v[1] / WINDOW_S, dbms: v[2] / WINDOW_S, calls: v[3] / WINDOW_S }
}

/**
 * The app's and the web preview's history: opened at start, or null (logged) when it cannot be —
 * e.g. better-sqlite3 built for Node rather than Electron in a development run. A damaged file is
 * kept aside and said in the log (the UI learns of it in a later step of issue 17).
 */
export function openHistoryForApp(file: string, log: (line: string) => void): HistoryStore | null {
  try {
    const { store, keptAside } = openHistory(file)
    if (keptAside) log(`history: ${keptAside.file} was damaged (${keptAside.why}); moved to ${keptAside.movedTo}`)
    return store
  } catch (e) {
    log(`history: not recorded, ${file} cannot be opened: ${(e as Error).message}`)
    return null
  }
}

/**
 * The history store on SQLite (better-sqlite3): writing a cluster's samples (one IMMEDIATE
 * transaction each, so the app and a `clusterdesk record` can write the same file at once) and
 * answering the port's queries. The file's layout, and why it is packed so, is in history-file.ts.
 */
import type Database from 'better-sqlite3'
import { statSync } from 'node:fs'
import {
  retentionOf,
  type ClusterEntry,
  type ClusterSample,
  type HistoryStore,
  type LockObservation,
  type LockSpan,
  type Period,
  type RecordOutcome,
  type RetentionOptions,
  type SessionHistory,
  type SessionQuery,
  type SessionUse,
  type StoredEvent,
  type StoredSettings,
  type TopQuery,
  type TopResult,
  type TimelineTotals,
  type TotalsPoint,
} from './history-port'
import { bucketOf, encodeRaw, RAW_FORMAT, type Values } from './history-blob'
import { hasSum, HOURS, spanOf, sumSpan, TENS, touchSums, type SumSpan } from './history-sums'
import { eventsIn, lockSpans, observeLock, recordEvent } from './history-marks'
import { foldedUntil } from './history-replay'
import { capSize, fold, sizeBytes } from './history-retention'
import { sessionHistory, sessionUse } from './history-series'
import { emptyColumns, rollSample, totalsColumns } from './history-totals'
import { readSettings, writeSettings } from './history-settings'
import { topConsumers } from './history-top'
import { prepared } from './statements'

/**
 * A keyframe starts every 10 minutes of server time (the first sample of each), and at the latest
 * every KEYFRAME_EVERY samples: a period's edges then replay at most 10 minutes (history-sums.ts).
 */
export const KEYFRAME_EVERY = 60
/** Fold when this much raw data is past its 48 h (so folding runs about hourly, not every sample). */
const FOLD_STEP_MS = 3_600_000

// --- the store ------------------------------------------------------------------------------------

interface ClusterWriterState {
  lastSampleId: number | null
  sinceKeyframe: number
  values: Map<number, Values>
}

export class SqliteHistory implements HistoryStore {
  private readonly dictCache = new Map<string, number>()
  private readonly clusterRefs = new Map<string, number>()
  /** Cluster ref → session uuid → session ref (refs never change once given). */
  private readonly sessionRefs = new Map<number, Map<string, number>>()
  private readonly writers = new Map<number, ClusterWriterState>()
  /** Span → cluster ref → the span of this writer's last sample (history-sums.ts). */
  private readonly spanSeen = new Map<SumSpan, Map<number, number>>([
    [TENS, new Map()],
    [HOURS, new Map()],
  ])
  private readonly st: Record<string, Database.Statement>

  constructor(
    readonly file: string,
    private readonly db: Database.Database,
    private retention: RetentionOptions,
  ) {
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
      rawPut: p('INSERT INTO raw (sample, full, format, data) VALUES (?, ?, ?, ?)'),
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
      prepared(this.db, 'UPDATE clusters SET server = ?, name = ? WHERE id = ?').run(
        sample.server,
        sample.clusterName,
        cref,
      )
      this.clusterLabels.set(cref, label)
    }
    let w = this.writers.get(cref)
    if (!w) this.writers.set(cref, (w = { lastSampleId: null, sinceKeyframe: 0, values: new Map() }))
    const latest = this.st.latest!.get(cref) as { id: number; at: number } | undefined
    const keyframe =
      latest === undefined ||
      w.lastSampleId === null ||
      latest.id !== w.lastSampleId ||
      w.sinceKeyframe + 1 >= KEYFRAME_EVERY ||
      spanOf(TENS, sample.at) !== spanOf(TENS, latest.at)
    const s = sample.sessions
    const n = s.session.length
    const now = new Map<number, Values>()
    const entries: Array<[number, Values | null]> = []
    let refs = this.sessionRefs.get(cref)
    if (!refs) this.sessionRefs.set(cref, (refs = new Map()))
    for (let i = 0; i < n; i++) {
      let ref = refs.get(s.session[i]!)
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
        refs.set(s.session[i]!, ref)
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
    const list: number[] = []
    for (const [app, count] of Object.entries(t.byAppId)) list.push(this.text(app), count)
    const apps = JSON.stringify(list)
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
      apps,
    )
    const id = Number(info.lastInsertRowid)
    touchSums(this.db, cref, sample.at)
    rollSample(this.db, cref, sample.at, t, apps)
    this.st.rawPut!.run(id, keyframe ? 1 : 0, RAW_FORMAT, encodeRaw(entries, RAW_FORMAT))
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
  // --- queries ----------------------------------------------------------------------------------

  private clustersOf(cluster: string | undefined, server?: string): Array<[string, number]> {
    if (cluster !== undefined) {
      const ref = this.clusterRef(cluster.toLowerCase(), false)
      return ref === null ? [] : [[cluster.toLowerCase(), ref]]
    }
    const rows =
      server === undefined
        ? prepared(this.db, 'SELECT uuid, id FROM clusters ORDER BY uuid').all()
        : prepared(this.db, 'SELECT uuid, id FROM clusters WHERE server = ? ORDER BY uuid').all(server)
    return (rows as Array<{ uuid: string; id: number }>).map((r) => [r.uuid, r.id])
  }

  newest(server?: string): number | null {
    const row = (
      server === undefined
        ? prepared(this.db, 'SELECT max(at) AS t FROM samples').get()
        : prepared(
            this.db,
            'SELECT max(s.at) AS t FROM samples s JOIN clusters c ON c.id = s.cluster WHERE c.server = ?',
          ).get(server)
    ) as { t: number | null }
    return row.t
  }

  top(q: TopQuery): TopResult {
    return this.db.transaction(() => topConsumers(this.db, this.clustersOf(q.cluster, q.server), q)).deferred()
  }

  totals(cluster: string, period: Period): TotalsPoint[] {
    const cref = this.clusterRef(cluster.toLowerCase(), false)
    if (cref === null) return []
    const names = new Map(
      (prepared(this.db, 'SELECT id, text FROM dict').all() as Array<{ id: number; text: string }>).map((r) => [
        r.id,
        r.text,
      ]),
    )
    const rows = prepared(
      this.db,
      'SELECT at, sessions, active, sleeping, cpu, memory, dbms, calls, apps FROM samples WHERE cluster = ? AND at >= ? AND at < ? ORDER BY at, id',
    ).all(cref, period.from, period.to) as Array<Omit<TotalsPoint, 'byAppId'> & { apps: string }>
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
    return this.db.transaction(() => sessionHistory(this.db, cref, q)).deferred()
  }

  // --- retention ----------------------------------------------------------------------------------

  /** Folds raw data past its 48 h, drops what is past its keep time, and keeps the file under its cap. */
  private maintain(cluster: string, newest: number): void {
    const cref = this.clusterRef(cluster, false)!
    const cutoff = bucketOf(newest - this.retention.rawMs)
    const folded = foldedUntil(this.db, cref)
    if (cutoff - folded >= FOLD_STEP_MS || (folded === 0 && this.hasRawBefore(cref, cutoff))) {
      this.db.transaction(() => fold(this.db, this.retention, cref, cutoff, newest)).immediate()
    }
    // Once every 10 minutes and once an hour: the span that just ended is summed for the queries
    // (history-sums.ts), the 10 minutes first, so the hour is summed from its tens.
    for (const [span, seen] of this.spanSeen) {
      const current = spanOf(span, newest)
      if (seen.get(cref) === current) continue
      seen.set(cref, current)
      const ended = current - span.ms
      if (ended >= foldedUntil(this.db, cref) && !hasSum(this.db, cref, span, ended)) {
        this.db.transaction(() => sumSpan(this.db, cref, span, ended)).immediate()
      }
    }
    if (sizeBytes(this.db) > this.retention.maxBytes) {
      this.db.transaction(() => capSize(this.db, this.retention.maxBytes)).immediate()
    }
  }

  private hasRawBefore(cref: number, t: number): boolean {
    return (
      prepared(
        this.db,
        'SELECT 1 FROM samples s JOIN raw r ON r.sample = s.id WHERE s.cluster = ? AND s.at < ? LIMIT 1',
      ).get(cref, t) !== undefined
    )
  }

  // --- the timeline, a user's sessions, marks and settings ---------------------------------------

  cluster(cluster: string): ClusterEntry | null {
    const row = prepared(
      this.db,
      'SELECT c.uuid, c.server, c.name, (SELECT max(at) FROM samples WHERE cluster = c.id) AS newest FROM clusters c WHERE c.uuid = ?',
    ).get(cluster.toLowerCase()) as { uuid: string; server: string; name: string; newest: number | null } | undefined
    return row ? { cluster: row.uuid, server: row.server, name: row.name, newest: row.newest } : null
  }

  totalsColumns(cluster: string, period: Period, points?: number): TimelineTotals {
    const cref = this.clusterRef(cluster.toLowerCase(), false)
    if (cref === null) return { totals: emptyColumns(), step: 0, samples: 0, peaks: null }
    return this.db.transaction(() => totalsColumns(this.db, cref, period, points)).deferred()
  }

  sessionUse(q: SessionQuery): SessionUse[] {
    const cref = this.clusterRef(q.cluster.toLowerCase(), false)
    return cref === null ? [] : this.db.transaction(() => sessionUse(this.db, cref, q)).deferred()
  }

  private markRef(cluster: string, server: string): number {
    const cref = this.clusterRef(cluster.toLowerCase(), true)!
    if (server) prepared(this.db, "UPDATE clusters SET server = ? WHERE id = ? AND server = ''").run(server, cref)
    return cref
  }

  observeLock(o: LockObservation): void {
    this.db.transaction(() => observeLock(this.db, this.markRef(o.cluster, o.server), o)).immediate()
  }

  recordEvent(e: StoredEvent): void {
    this.db.transaction(() => recordEvent(this.db, this.markRef(e.cluster, e.server), e)).immediate()
  }

  locks(cluster: string, period: Period): LockSpan[] {
    const cref = this.clusterRef(cluster.toLowerCase(), false)
    return cref === null ? [] : lockSpans(this.db, cref, period)
  }

  events(cluster: string, period: Period): StoredEvent[] {
    const entry = this.cluster(cluster)
    const cref = this.clusterRef(cluster.toLowerCase(), false)
    return cref === null || !entry ? [] : eventsIn(this.db, cref, entry.cluster, entry.server, period)
  }

  settings(): StoredSettings {
    return readSettings(this.db)
  }

  saveSettings(s: StoredSettings): void {
    writeSettings(this.db, s)
    this.retention = retentionOf(s)
  }

  batch<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate()
  }

  bytesOnDisk(): number {
    let bytes = 0
    for (const f of [this.file, `${this.file}-wal`]) {
      try {
        bytes += statSync(f).size
      } catch {
        // not there (yet)
      }
    }
    return bytes
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

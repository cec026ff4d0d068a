/**
 * SessionService: sessions of a cluster (or one infobase) as contract rows, infobase names joined
 * from a cached infobase list, and terminate / interrupt with one outcome per session.
 */
import { randomUUID } from 'node:crypto'
import type {
  InfobaseDto,
  LicenseDto,
  LockStanding,
  SessionDetails,
  SessionList,
  SessionRow,
  TerminateAllOptions,
  TerminateReport,
  TerminateResult,
} from '../../src-shared/contract'
import { RasError } from '../ras/errors'
import type { InfobaseSummaryRecord, SessionRecord } from '../ras/records'
import { audited, failureText, type AuditLog } from './audit'
import type { ClusterPool } from './cluster-pool'
import type { ProfileDirectory } from './directory'
import { ServiceError, toApiError } from './errors'
import { rowsFromTable } from '../../src-shared/session-table'
import { mapBounded } from '../../src-shared/limit'
import { systemClock, type Clock } from './ports'
import type { FullList } from './history-recorder'
import { KnownSessions } from './known-sessions'
import { lockPhase, type ServerClock } from './server-clock'
import { LIST_REDUCTIONS, sessionRow, sessionTable } from './session-rows'

/** Called after each finished session of a bulk action. */
export type ProgressListener = (progress: { operation: string; done: number; total: number }) => void

/** A lock as last read, with the server whose clock decides its phase later. */
export interface KnownLock extends LockStanding {
  server: string
}

interface ClusterCache {
  /** infobase uuid → name */
  infobaseNames: Map<string, string>
  infobases: InfobaseSummaryRecord[] | null
  /** The infobase list being read now: a second reader joins it (a new tab asks with its first sessions). */
  infobasesInFlight: Promise<InfobaseSummaryRecord[]> | null
  /** Last session list: session uuid → what results and the audit name it by. */
  sessions: KnownSessions
  /** Sessions per infobase in the last full list. */
  counts: Map<string, number> | null
}

export class SessionService {
  private readonly caches = new Map<string, ClusterCache>()
  /** Told of every full session list of a cluster (the history recorder). */
  onFullList: ((list: FullList) => void) | null = null
  /** Told when a full session list of a cluster could not be read (the watch's "unreachable"). */
  onListFailed: ((profileId: string, cluster: string, error: unknown) => void) | null = null
  /** Last lock read per `${profile}\n${cluster}\n${infobase}` (set by LockService). */
  readonly knownLocks = new Map<string, KnownLock>()

  constructor(
    private readonly directory: ProfileDirectory,
    private readonly pool: ClusterPool,
    private readonly audit: AuditLog | null,
    private readonly serverClock: ServerClock,
    private readonly clock: Clock = systemClock,
  ) {}

  /** An infobase's name as any profile's last lists of the cluster showed it; null when unseen. */
  infobaseNameOf(cluster: string, infobase: string): string | null {
    for (const [key, c] of this.caches) {
      if (key.endsWith(`\n${cluster}`)) {
        const name = c.infobaseNames.get(infobase)
        if (name !== undefined) return name
      }
    }
    return null
  }

  private cache(profileId: string, cluster: string): ClusterCache {
    const key = `${profileId}\n${cluster}`
    let c = this.caches.get(key)
    if (!c) {
      c = {
        infobaseNames: new Map(),
        infobases: null,
        infobasesInFlight: null,
        sessions: new KnownSessions(),
        counts: null,
      }
      this.caches.set(key, c)
    }
    return c
  }

  /** Forgets cached lists of a profile (settings changed or deleted). */
  invalidate(profileId: string): void {
    for (const key of [...this.caches.keys()]) if (key.startsWith(`${profileId}\n`)) this.caches.delete(key)
    for (const key of [...this.knownLocks.keys()]) if (key.startsWith(`${profileId}\n`)) this.knownLocks.delete(key)
  }

  /**
   * This infobase's lock as last read, its phase judged on the server's clock now (a scheduled
   * lock turns active without being read again); null when never read.
   */
  knownLock(profileId: string, cluster: string, infobase: string): LockStanding | null {
    const known = this.knownLocks.get(`${profileId}\n${cluster}\n${infobase}`)
    if (!known) return null
    const phase =
      known.phase === 'off' ? 'off' : lockPhase(true, known.from, known.to, this.serverClock.now(known.server))
    return { phase, from: known.from, to: known.to }
  }

  /** The infobase list's lock fields: `locked` (in effect now) and `lock`; null when unknown. */
  lockBadge(profileId: string, cluster: string, infobase: string): Pick<InfobaseDto, 'locked' | 'lock'> {
    const lock = this.knownLock(profileId, cluster, infobase)
    return { locked: lock === null ? null : lock.phase === 'active', lock }
  }

  // --- infobases ---------------------------------------------------------------------------

  async listInfobases(profileId: string, cluster: string): Promise<InfobaseDto[]> {
    const list = await this.refreshInfobases(profileId, cluster)
    const cache = this.cache(profileId, cluster)
    return list
      .map((ib) => ({
        infobase: ib.infobase,
        name: ib.name,
        descr: ib.descr,
        sessionCount: cache.counts ? (cache.counts.get(ib.infobase) ?? 0) : null,
        ...this.lockBadge(profileId, cluster, ib.infobase),
      }))
      .sort((a, b) => a.name.localeCompare(b.name))
  }

  /** Every lock of the cluster's infobases read so far, with its standing on the server's clock now. */
  knownLocksOf(
    profileId: string,
    cluster: string,
  ): Array<{ infobase: string; infobaseName: string; standing: LockStanding }> {
    const prefix = `${profileId}\n${cluster}\n`
    const names = this.cache(profileId, cluster).infobaseNames
    return [...this.knownLocks.keys()].flatMap((key) => {
      if (!key.startsWith(prefix)) return []
      const infobase = key.slice(prefix.length)
      const standing = this.knownLock(profileId, cluster, infobase)
      return standing ? [{ infobase, infobaseName: names.get(infobase) ?? '', standing }] : []
    })
  }

  /** Raw infobase summaries (CLI). */
  async infobaseSummaries(profileId: string, cluster: string): Promise<InfobaseSummaryRecord[]> {
    return this.refreshInfobases(profileId, cluster)
  }

  private refreshInfobases(profileId: string, cluster: string): Promise<InfobaseSummaryRecord[]> {
    const cache = this.cache(profileId, cluster)
    cache.infobasesInFlight ??= this.pool
      .run(profileId, cluster, ({ client }) => client.listInfobases(cluster))
      .then((list) => {
        cache.infobases = list
        cache.infobaseNames = new Map(list.map((ib) => [ib.infobase, ib.name]))
        return list
      })
      .finally(() => (cache.infobasesInFlight = null))
    return cache.infobasesInFlight
  }

  // --- sessions ----------------------------------------------------------------------------

  /**
   * A cluster's (or one infobase's) sessions as the columnar table, with infobase names;
   * refreshes the infobase list when an unknown infobase shows up. Also what the caches learn
   * from a list: the known sessions, the counts per infobase and the server's clock.
   */
  private async fetchSessions(profileId: string, cluster: string, infobase?: string) {
    try {
      return await this.fetchSessionsOnce(profileId, cluster, infobase)
    } catch (e) {
      if (!infobase) this.onListFailed?.(profileId, cluster, e)
      throw e
    }
  }

  private async fetchSessionsOnce(profileId: string, cluster: string, infobase?: string) {
    const cache = this.cache(profileId, cluster)
    // Decoded into columns, not records: no object per session (session-rows.ts).
    const { list, major, version, server } = await this.pool.run(profileId, cluster, async ({ client, target }) => ({
      list: await client.sessionColumns(cluster, infobase ?? null, LIST_REDUCTIONS),
      major: client.versionMajor,
      version: client.version,
      server: `${target.host}:${target.port}`,
    }))
    if (cache.infobases === null || list.columns.infobase.some((ib) => !cache.infobaseNames.has(ib))) {
      try {
        await this.refreshInfobases(profileId, cluster)
      } catch (e) {
        // Names are a nicety: a failing infobase list must not hide the sessions.
        if (!(e instanceof RasError)) throw e
      }
    }
    const table = sessionTable(list, { infobaseNames: cache.infobaseNames, protocolMajor: major })
    this.serverClock.observe(server, table.columns)
    if (!infobase) {
      cache.sessions.replaceWith(table)
      const counts = new Map<string, number>()
      for (const ib of table.columns.infobase) counts.set(ib, (counts.get(ib) ?? 0) + 1)
      cache.counts = counts
      this.onFullList?.({
        profileId,
        cluster,
        server,
        table,
        serverNow: this.serverClock.knows(server) ? this.serverClock.now(server) : null,
      })
    } else {
      cache.sessions.addAll(table)
    }
    return { table, protocolVersion: version, server }
  }

  /** The sessions as row objects (the CLI's table and CSV, terminate all). */
  async listSessionRows(
    profileId: string,
    cluster: string,
    infobase?: string,
  ): Promise<{ rows: SessionRow[]; protocolVersion: string; server: string }> {
    const { table, protocolVersion, server } = await this.fetchSessions(profileId, cluster, infobase)
    return { rows: rowsFromTable(table), protocolVersion, server }
  }

  async listSessions(profileId: string, cluster: string, infobase?: string): Promise<SessionList> {
    const { table, protocolVersion, server } = await this.fetchSessions(profileId, cluster, infobase)
    // The status line shows the refresh moment on the server's clock when it is known (§5.3).
    const serverNow = this.serverClock.knows(server) ? this.serverClock.now(server) : null
    return { protocolVersion, fetchedAt: this.clock.now(), serverNow, sessions: table }
  }

  async getSession(profileId: string, cluster: string, session: string): Promise<SessionDetails> {
    const { record, version } = await this.pool.run(profileId, cluster, async ({ client }) => ({
      record: await client.getSession(cluster, session),
      version: client.version,
    }))
    const cache = this.cache(profileId, cluster)
    if (!cache.infobaseNames.has(record.infobase)) {
      await this.refreshInfobases(profileId, cluster).catch(() => undefined)
    }
    const row = sessionRow(record, { infobaseNames: cache.infobaseNames, protocolMajor: Number.parseInt(version, 10) })
    cache.sessions.set(row.session, { sessionId: row.sessionId, userName: row.userName, infobase: row.infobase })
    return { row, licenses: record.licenses.map(licenseDto) }
  }

  // --- destructive actions -----------------------------------------------------------------

  private assertWritable(profileId: string): void {
    const facts = this.directory.facts(profileId)
    if (facts.protection === 'read-only') {
      throw new ServiceError('READ_ONLY', `profile "${facts.name}" is read-only: sessions cannot be ended from it`)
    }
  }

  /**
   * Terminates the given sessions in parallel over the profile's pool. Each session gets an
   * outcome: terminated, gone (already ended — not an error) or failed with the reason. Progress
   * carries the caller's `operation` id so a window follows only its own terminate.
   */
  async terminateSessions(
    profileId: string,
    cluster: string,
    sessionIds: readonly string[],
    message: string,
    onProgress?: ProgressListener,
    operation: string = randomUUID(),
  ): Promise<TerminateReport> {
    this.assertWritable(profileId)
    const facts = this.directory.facts(profileId)
    const ids = [...new Set(sessionIds.map((s) => s.toLowerCase()))]
    const cache = this.cache(profileId, cluster)
    if (ids.some((id) => !cache.sessions.has(id))) {
      // Names and numbers for the results and the audit; also checks the cluster login first.
      await this.listSessionRows(profileId, cluster)
    }
    const knownInfobases = new Set(ids.map((id) => cache.sessions.get(id)?.infobase).filter((x) => x !== undefined))
    const total = ids.length
    let done = 0
    onProgress?.({ operation, done, total })
    // Filled as each call returns, so the audit names every session asked for even when a later
    // step throws; a throwing progress listener stops new calls but never hides finished ones.
    const finished: TerminateResult[] = []
    let broken = null as { error: unknown } | null // set from the workers
    const results = await mapBounded(ids, this.pool.maxConnections, async (id): Promise<TerminateResult | null> => {
      if (broken) return null
      const known = cache.sessions.get(id)
      const base = { session: id, sessionId: known?.sessionId ?? 0, userName: known?.userName ?? '' }
      let result: TerminateResult
      try {
        await this.pool.run(profileId, cluster, ({ client }) => client.terminateSession(cluster, id, message))
        result = { ...base, outcome: 'terminated' }
      } catch (e) {
        if (e instanceof RasError && e.kind === 'not-found' && e.notFound === 'session') {
          result = { ...base, outcome: 'gone' }
        } else {
          result = { ...base, outcome: 'failed', error: toApiError(e) }
        }
      }
      finished.push(result)
      if (result.outcome !== 'failed') cache.sessions.delete(id)
      done++
      try {
        onProgress?.({ operation, done, total })
      } catch (e) {
        broken ??= { error: e }
      }
      return result
    })
    // Input order when every session was asked; else the ones that were, as they finished.
    const asked = broken ? finished : (results as TerminateResult[])
    const counts = {
      terminated: finished.filter((r) => r.outcome === 'terminated').length,
      gone: finished.filter((r) => r.outcome === 'gone').length,
      failed: finished.filter((r) => r.outcome === 'failed').length,
    }
    const outcome = `terminated ${counts.terminated}, gone ${counts.gone}, failed ${counts.failed}`
    await this.audit?.record({
      action: 'terminate',
      profile: facts.name,
      server: facts.server,
      cluster,
      ...(knownInfobases.size === 1 ? { infobase: [...knownInfobases][0] } : {}),
      sessions: asked.map((r) => ({ userName: r.userName, sessionId: r.sessionId })),
      message,
      outcome: broken ? `${outcome}; then failed: ${failureText(broken.error)}` : outcome,
    })
    if (broken) throw broken.error
    return { results: asked, ...counts }
  }

  /** Every session of the cluster (or one infobase); service sessions only when asked. */
  async terminateAllSessions(
    profileId: string,
    cluster: string,
    options: TerminateAllOptions,
    onProgress?: ProgressListener,
    operation?: string,
  ): Promise<TerminateReport> {
    this.assertWritable(profileId)
    const { rows } = await this.listSessionRows(profileId, cluster, options.infobase)
    const chosen = rows.filter((r) => options.includeService || !r.isService).map((r) => r.session)
    return this.terminateSessions(profileId, cluster, chosen, options.message, onProgress, operation)
  }

  async interruptCurrentCall(profileId: string, cluster: string, session: string, message: string): Promise<void> {
    this.assertWritable(profileId)
    const facts = this.directory.facts(profileId)
    const known = this.cache(profileId, cluster).sessions.get(session.toLowerCase())
    const sessions = known ? [{ userName: known.userName, sessionId: known.sessionId }] : undefined
    await audited(
      this.audit,
      {
        action: 'interrupt',
        profile: facts.name,
        server: facts.server,
        cluster,
        ...(known ? { infobase: known.infobase } : {}),
        sessions: sessions ?? [{ userName: '', sessionId: 0 }],
        message,
      },
      (step) =>
        this.pool.run(profileId, cluster, async ({ client }) => {
          await client.interruptCurrentServerCall(cluster, session, message)
          step.applied()
        }),
      () => 'interrupted',
    )
  }
}

export function licenseDto(l: SessionRecord['licenses'][number]): LicenseDto {
  return {
    fullName: l.fullName,
    fullPresentation: l.fullPresentation,
    shortPresentation: l.shortPresentation,
    series: l.series,
    licenseType: l.licenseType,
    issuedByServer: l.issuedByServer,
    net: l.net,
    maxUsersAll: l.maxUsersAll,
    maxUsersCur: l.maxUsersCur,
    rmngrAddress: l.rmngrAddress,
    rmngrPort: l.rmngrPort,
    rmngrPid: l.rmngrPid,
  }
}

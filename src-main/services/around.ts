/**
 * AroundService: what surrounds sessions (issue 18). One read of a cluster takes, on one pooled
 * connection, the infobases, sessions, connections, managed locks, working processes and servers
 * (docs/protocol.md §5.2); the pure modules beside it turn that snapshot into the contract's views
 * — blocking-chains.ts, around-load.ts (license-summary.ts, machinery-view.ts). The watch reads
 * less: `load` takes only the servers and one session list (around-load.ts). Read-only: nothing
 * here changes the cluster.
 */
import type {
  BlockingReport,
  ClusterLicenses,
  ClusterMachinery,
  ConnectionDto,
  FleetLicenses,
  LockDto,
  SessionSurroundings,
  SessionsOn,
} from '../../src-shared/around-contract'
import type { SessionList, SessionTable } from '../../src-shared/contract'
import { mapBounded } from '../../src-shared/limit'
import { SESSION_FIELDS } from '../../src-shared/session-table'
import type { ConnectionRecord, LockRecord, SessionRecord } from '../ras/records'
import { blockedBehind, blockingChains, chainOf } from './blocking-chains'
import type { ClusterPool } from './cluster-pool'
import type { ProfileDirectory } from './directory'
import { notFound, ServiceError, toApiError } from './errors'
import { licencesOf, machineryOf, readClusterLoad, type ClusterLoad } from './around-load'
import type { ProfileService } from './profiles'
import { timesOf, type ServerClock } from './server-clock'
import { sessionRow } from './session-rows'
import { licenseDto, type SessionService } from './sessions'

/** A cluster as read at one moment. */
interface Snapshot {
  serverNow: number | null
  records: SessionRecord[]
  rows: ReturnType<typeof sessionRow>[]
  connections: ConnectionRecord[]
  locks: LockRecord[]
  machinery: Omit<ClusterMachinery, 'cluster' | 'serverNow'>
}

export class AroundService {
  constructor(
    private readonly directory: ProfileDirectory,
    private readonly profiles: Pick<ProfileService, 'state'> | null,
    private readonly pool: ClusterPool,
    private readonly sessions: SessionService,
    private readonly serverClock: ServerClock,
  ) {}

  private async snapshot(profileId: string, cluster: string): Promise<Snapshot> {
    const read = await this.pool.run(profileId, cluster, async ({ client, target }) => ({
      infobases: await client.listInfobases(cluster),
      records: await client.listSessions(cluster),
      connections: await client.listConnections(cluster),
      locks: await client.listLocks(cluster),
      processes: await client.listWorkingProcesses(cluster),
      servers: await client.listWorkingServers(cluster),
      major: client.versionMajor,
      server: `${target.host}:${target.port}`,
    }))
    const ctx = {
      infobaseNames: new Map(read.infobases.map((ib) => [ib.infobase, ib.name])),
      protocolMajor: read.major,
    }
    this.serverClock.observe(read.server, timesOf(read.records))
    return {
      serverNow: this.serverClock.knows(read.server) ? this.serverClock.now(read.server) : null,
      records: read.records,
      rows: read.records.map((r) => sessionRow(r, ctx)),
      connections: read.connections,
      locks: read.locks,
      machinery: machineryOf(read.processes, read.servers, read.records),
    }
  }

  async machinery(profileId: string, cluster: string): Promise<ClusterMachinery> {
    const snap = await this.snapshot(profileId, cluster)
    return { cluster, serverNow: snap.serverNow, ...snap.machinery }
  }

  async blocking(profileId: string, cluster: string): Promise<BlockingReport> {
    const snap = await this.snapshot(profileId, cluster)
    return { serverNow: snap.serverNow, chains: blockingChains(snap.rows) }
  }

  async surroundings(profileId: string, cluster: string, session: string): Promise<SessionSurroundings> {
    const snap = await this.snapshot(profileId, cluster)
    const id = session.toLowerCase()
    const at = snap.records.findIndex((r) => r.session === id)
    if (at < 0) throw notFound('session', session)
    const record = snap.records[at]!
    const row = snap.rows[at]!
    const byNumber = new Map(snap.rows.map((r) => [r.sessionId, r]))
    const lockDto = (l: LockRecord): LockDto => {
      const holder = snap.rows.find((r) => r.session === l.session)
      return {
        descr: l.descr,
        lockedAt: l.lockedAt,
        object: l.object,
        session: l.session,
        connection: l.connection,
        sessionId: holder?.sessionId ?? 0,
        userName: holder?.userName ?? '',
      }
    }
    const blocker = byNumber.get(row.blockedByLs || row.blockedByDbms)
    const connection = snap.connections.find((c) => c.connection === record.connection) ?? null
    const process = snap.machinery.processes.find((p) => p.process === record.process) ?? null
    const server = process ? (snap.machinery.servers.find((s) => s.host === process.host) ?? null) : null
    return {
      serverNow: snap.serverNow,
      row,
      licenses: record.licenses.map(licenseDto),
      connection: connection && connectionDto(connection),
      process,
      server,
      dbms: {
        procInfo: row.dbProcInfo,
        took: row.dbProcTook,
        tookAt: row.dbProcTookAt,
        durationCurrentDbms: row.durationCurrentDbms,
        blockedByDbms: row.blockedByDbms,
      },
      locksHeld: snap.locks.filter((l) => l.session === id).map(lockDto),
      locksWaitedFor: blocker ? snap.locks.filter((l) => l.session === blocker.session).map(lockDto) : [],
      chain: chainOf(row, byNumber),
      blocking: blockedBehind(row.sessionId, blockingChains(snap.rows)),
    }
  }

  /** The sessions of a working process or of a connection, as the grid's table. */
  async sessionsOn(profileId: string, cluster: string, on: SessionsOn): Promise<SessionList> {
    const list = await this.sessions.listSessions(profileId, cluster)
    const { columns } = list.sessions
    let keep: number[]
    if ('process' in on) {
      const known = await this.pool.run(profileId, cluster, ({ client }) => client.listWorkingProcesses(cluster))
      if (!known.some((p) => p.process === on.process.toLowerCase()))
        throw new ServiceError('NOT_FOUND', `working process ${on.process} not found`)
      keep = indicesWhere(columns.process, on.process.toLowerCase())
    } else {
      const target = on.connection.toLowerCase()
      keep = indicesWhere(columns.connection, target)
      if (keep.length === 0) {
        // A connection without a session is still a connection: only an unknown one is an error.
        const found = await this.pool.run(profileId, cluster, ({ client }) => client.listConnections(cluster))
        if (!found.some((c) => c.connection === target)) throw notFound('connection', on.connection)
      }
    }
    return { ...list, sessions: pickRows(list.sessions, keep) }
  }

  async licenses(profileId: string, cluster: string): Promise<ClusterLicenses> {
    const [snap, info] = await Promise.all([
      this.pool.run(profileId, cluster, async ({ client }) => client.listSessions(cluster)),
      this.pool.run(profileId, null, ({ client }) => client.getCluster(cluster)),
    ])
    return this.clusterLicenses(profileId, cluster, info.name, snap)
  }

  private clusterLicenses(profileId: string, cluster: string, clusterName: string, records: SessionRecord[]) {
    const summary = licencesOf(records)
    return { profileId, profileName: this.directory.facts(profileId).name, cluster, clusterName, ...summary }
  }

  /** The servers with their sessions and the licences in use, in one read (the watch's look). */
  load(profileId: string, cluster: string): Promise<ClusterLoad> {
    return readClusterLoad(this.pool, profileId, cluster)
  }

  /** Every cluster of every saved server; a server that cannot be read is listed as a failure. */
  async fleetLicenses(): Promise<FleetLicenses> {
    const profiles = this.profiles ? (await this.profiles.state()).profiles : []
    const clusters: ClusterLicenses[] = []
    const failures: FleetLicenses['failures'] = []
    const everyone: SessionRecord[] = []
    await mapBounded(profiles, 4, async (p) => {
      try {
        const list = await this.pool.run(p.id, null, ({ client }) => client.listClusters())
        for (const c of list) {
          const records = await this.pool.run(p.id, c.cluster, ({ client }) => client.listSessions(c.cluster))
          everyone.push(...records)
          clusters.push(this.clusterLicenses(p.id, c.cluster, c.name, records))
        }
      } catch (e) {
        failures.push({ profileId: p.id, profileName: p.name, error: toApiError(e) })
      }
    })
    const order = (a: { profileName: string; clusterName?: string }, b: typeof a) =>
      a.profileName.localeCompare(b.profileName) || (a.clusterName ?? '').localeCompare(b.clusterName ?? '')
    const total = licencesOf(everyone)
    return { clusters: clusters.sort(order), total, failures: failures.sort(order) }
  }
}

function connectionDto(c: ConnectionRecord): ConnectionDto {
  return {
    connection: c.connection,
    connId: c.connId,
    application: c.application,
    host: c.host,
    connectedAt: c.connectedAt,
    infobase: c.infobase,
    process: c.process,
    sessionNumber: c.sessionNumber,
    blockedByLs: c.blockedByLs,
  }
}

function indicesWhere(column: readonly string[], value: string): number[] {
  const out: number[] = []
  for (let i = 0; i < column.length; i++) if (column[i] === value) out.push(i)
  return out
}

/** The rows at `indices` of a columnar table. */
function pickRows(table: SessionTable, indices: readonly number[]): SessionTable {
  const columns = {} as Record<string, unknown[]>
  const source = table.columns as unknown as Record<string, unknown[]>
  for (const field of SESSION_FIELDS) columns[field] = indices.map((i) => source[field]![i])
  return { count: indices.length, columns: columns as unknown as SessionTable['columns'] }
}

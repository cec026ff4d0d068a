/**
 * The simulated installation: clusters with their infobases, sessions, connections and locks, and
 * every change the server or a test makes to them. Each change bumps the cluster's revision,
 * which is what the reply cache keys on.
 */
import type { ServerTime } from '../ras/codec'
import type { InfobaseRecord, SessionRecord } from '../ras/records'
import { generateCluster } from './generate'
import { createSession, endCall, type SessionOverrides } from './sessions'
import type { SimCluster } from './model'
import { Random } from './random'

/** The simulated server runs on Moscow time: its wall clock is UTC+3 with no zone (docs/protocol.md §2.5). */
export const SERVER_ZONE_OFFSET_MS = 3 * 60 * 60 * 1000

export interface WorldSpec {
  seed: number
  clusters: number
  infobases: number
  sessions: number
  clusterAdmin: { user: string; password: string } | null
}

export class SimulatorWorld {
  readonly clusters: SimCluster[]
  /** Sessions the living world admitted into a denied infobase because they carried the code. */
  readonly admittedWithPermissionCode = new Set<string>()
  /** New sessions the living world refused because their infobase denied sessions at the time. */
  refusedByDeny = 0
  /** Draws for the sessions tests add (the living world has its own stream). */
  readonly random: Random
  private readonly stamps = new WeakMap<SessionRecord, number>()

  constructor(
    spec: WorldSpec,
    /** The server's wall-clock time now, as a ServerTime (ms, naive). */
    readonly serverNow: () => number,
  ) {
    const root = new Random(spec.seed)
    const now = serverNow()
    this.clusters = Array.from({ length: spec.clusters }, (_, index) =>
      generateCluster(root.fork(index + 1), { ...spec, index }, now),
    )
    this.random = root.fork(0x5e55)
  }

  cluster(id: string): SimCluster | undefined {
    return this.clusters.find((c) => c.info.cluster === id)
  }

  /** The first cluster, or the one with this id; throws when there is none (a test mistake). */
  requireCluster(id?: string): SimCluster {
    const cluster = id === undefined ? this.clusters[0] : this.cluster(id)
    if (!cluster) throw new Error(`no simulated cluster ${id ?? ''}`)
    return cluster
  }

  infobase(cluster: SimCluster, id: string): InfobaseRecord | undefined {
    return cluster.infobases.find((ib) => ib.infobase === id)
  }

  infobaseByName(name: string, clusterId?: string): InfobaseRecord {
    const ib = this.requireCluster(clusterId).infobases.find((i) => i.name === name)
    if (!ib) throw new Error(`no simulated infobase ${name}`)
    return ib
  }

  sessions(clusterId?: string): SessionRecord[] {
    return [...this.requireCluster(clusterId).sessions.values()]
  }

  /**
   * Marks a cluster changed in an unknown way, so every cached encoding is rebuilt. Call it after
   * editing records directly (tests do).
   */
  touch(cluster: SimCluster): void {
    cluster.revision++
    cluster.recordEpoch++
    cluster.waiting = new Set([...cluster.sessions.values()].filter((s) => s.blockedByDbms || s.blockedByLs))
  }

  /** The session's current call waits on a lock the holder's call has (a DBMS or a managed one). */
  blockSession(cluster: SimCluster, waiter: SessionRecord, holder: SessionRecord, lock: 'dbms' | 'ls'): void {
    if (lock === 'dbms') waiter.blockedByDbms = holder.sessionId
    else waiter.blockedByLs = holder.sessionId
    cluster.waiting.add(waiter)
    this.sessionsChanged(cluster, [waiter])
  }

  /** These sessions' fields changed: only their cached encodings are rebuilt. */
  sessionsChanged(cluster: SimCluster, sessions: Iterable<SessionRecord>): void {
    for (const s of sessions) this.stamps.set(s, (this.stamps.get(s) ?? 0) + 1)
    cluster.revision++
  }

  /** Sessions came or went, or a non-session record changed: cached session bytes stay valid. */
  listChanged(cluster: SimCluster): void {
    cluster.revision++
  }

  /** Changes whenever the session's fields change (the reply cache keys per-session bytes on it). */
  sessionStamp(session: SessionRecord): number {
    return this.stamps.get(session) ?? 0
  }

  /** Starts a session now, bypassing the sessions-deny rule (tests use it to set up a scene). */
  addSession(clusterId?: string, overrides: SessionOverrides = {}): SessionRecord {
    const cluster = this.requireCluster(clusterId)
    const created = createSession(cluster, this.random, this.serverNow(), { ageMs: 0, ...overrides })
    cluster.sessions.add(created.session)
    if (created.connection) cluster.connections.set(created.connection.connection, created.connection)
    this.listChanged(cluster)
    return created.session
  }

  /** Ends a session with everything it held: connection, locks, and the waits on it. */
  removeSession(cluster: SimCluster, sessionId: string): SessionRecord | undefined {
    const session = cluster.sessions.remove(sessionId)
    if (!session) return undefined
    cluster.waiting.delete(session)
    cluster.connections.delete(session.connection)
    cluster.locks = cluster.locks.filter((l) => l.session !== sessionId)
    this.releaseWaiters(cluster, session.sessionId)
    this.listChanged(cluster)
    return session
  }

  /** Ends the session's current server call; the session stays. */
  interruptCall(cluster: SimCluster, session: SessionRecord): void {
    endCall(session)
    session.blockedByDbms = 0
    session.blockedByLs = 0
    cluster.waiting.delete(session)
    cluster.locks = cluster.locks.filter((l) => l.session !== session.session)
    this.releaseWaiters(cluster, session.sessionId)
    this.sessionsChanged(cluster, [session])
  }

  /** Whether the infobase refuses new sessions at this server time (sessions-deny + period). */
  sessionsDenied(infobase: InfobaseRecord, at: ServerTime = this.serverNow()): boolean {
    if (!infobase.sessionsDeny || at === null) return false
    if (infobase.deniedFrom !== null && at < infobase.deniedFrom) return false
    if (infobase.deniedTo !== null && at > infobase.deniedTo) return false
    return true
  }

  /** Sessions waiting on this session's locks stop waiting. */
  releaseWaiters(cluster: SimCluster, sessionNumber: number): void {
    const released: SessionRecord[] = []
    for (const s of cluster.waiting) {
      if (s.blockedByDbms !== sessionNumber && s.blockedByLs !== sessionNumber) continue
      if (s.blockedByDbms === sessionNumber) s.blockedByDbms = 0
      if (s.blockedByLs === sessionNumber) s.blockedByLs = 0
      if (!s.blockedByDbms && !s.blockedByLs) cluster.waiting.delete(s)
      const connection = cluster.connections.get(s.connection)
      if (connection?.blockedByLs === sessionNumber) connection.blockedByLs = 0
      released.push(s)
    }
    this.sessionsChanged(cluster, released)
  }
}

/**
 * What surrounds a session (issue 18), over the same seam as every other call (contract.ts):
 * its connection, working process and server, the managed locks it holds or waits for, its DBMS
 * connection and licence; the working processes and servers of a cluster; licences per cluster
 * and across the saved servers; and blocking chains up to the head blocker. Plain JSON-shaped
 * values; every ServerTime is ms of the **server's wall clock** (docs/architecture.md §5).
 * Durations are ms, memory-size of a process is KB (as RAS sends it, docs/protocol.md §6.8).
 */
import type { ApiError, LicenseDto, Result, ServerTime, SessionList, SessionRow } from './contract'

// --- working processes and servers ------------------------------------------------------------

/** running: takes calls · restarting: turned on but not running (stopping or starting) · off: turned off. */
export type ProcessState = 'running' | 'restarting' | 'off'

export interface ProcessDto {
  process: string
  /** The working server's host the process runs on. */
  host: string
  /** The working server's name, '' when no server lists that host. */
  serverName: string
  port: number
  pid: string
  state: ProcessState
  startedAt: ServerTime
  /** KB. */
  memorySize: number
  /** s the process has been over the memory limit. */
  memoryExcessTime: number
  availablePerformance: number
  capacity: number
  avgCallTime: number
  avgServerCallTime: number
  avgDbCallTime: number
  avgLockCallTime: number
  avgThreads: number
  /** Connections as the process reports them. */
  connections: number
  /** Sessions whose process this is, in the same read. */
  sessions: number
  /** CPU time of those sessions: their current calls and the last 5 minutes, ms. */
  cpuTimeCurrent: number
  cpuTimeLast5min: number
  licenses: LicenseDto[]
}

export interface WorkingServerDto {
  server: string
  name: string
  host: string
  agentPort: number
  mainServer: boolean
  processes: number
  runningProcesses: number
  /** KB, over its processes. */
  memorySize: number
  availablePerformance: number
  sessions: number
  connections: number
  cpuTimeLast5min: number
  /** False: none of its processes runs, or they hold no session while other servers do. */
  receivesSessions: boolean
  connectionsLimit: number
  infobasesLimit: number
}

export interface ClusterMachinery {
  cluster: string
  /** The server's clock at the read; null when it showed no session to learn it from. */
  serverNow: ServerTime
  servers: WorkingServerDto[]
  processes: ProcessDto[]
}

// --- one session and what surrounds it ----------------------------------------------------------

export interface ConnectionDto {
  connection: string
  connId: number
  application: string
  host: string
  connectedAt: ServerTime
  infobase: string
  process: string
  sessionNumber: number
  blockedByLs: number
}

/** A lock of LockInfo (docs/protocol.md §6.7) with its holder's number and user. */
export interface LockDto {
  descr: string
  lockedAt: ServerTime
  object: string
  session: string
  connection: string
  /** The holder's session number and user; 0 / '' when the holder is not in the session list. */
  sessionId: number
  userName: string
}

export interface SessionDbms {
  /** db-proc-info: the DBMS connection (e.g. its PID); '' when the session holds none. */
  procInfo: string
  /** How long the session has held the DBMS connection (db-proc-took), ms. */
  took: number
  tookAt: ServerTime
  durationCurrentDbms: number
  blockedByDbms: number
}

export interface SessionSurroundings {
  serverNow: ServerTime
  row: SessionRow
  licenses: LicenseDto[]
  connection: ConnectionDto | null
  process: ProcessDto | null
  server: WorkingServerDto | null
  dbms: SessionDbms
  /** Locks the session holds. */
  locksHeld: LockDto[]
  /** Locks held by the session it waits on (blocked-by-ls / blocked-by-dbms). */
  locksWaitedFor: LockDto[]
  /** The chain from this session up to its head blocker; null when nobody blocks it. */
  chain: BlockingChain | null
  /** Sessions this session blocks, directly or further down their chains. */
  blocking: number
}

/** From a process or a connection back to its sessions. */
export type SessionsOn = { process: string } | { connection: string }

// --- licences ----------------------------------------------------------------------------------

export type LicenseKind = 'software' | 'hasp'

/** Sessions holding licences of one series from one licence server. */
export interface LicenseGroup {
  /** "host:port" of the licence server (the manager that issued it); '' when unknown. */
  licenseServer: string
  series: string
  kind: LicenseKind
  shortPresentation: string
  maxUsers: number
  sessions: number
  sleepingSessions: number
  users: number
}

export interface LicenseSummary {
  groups: LicenseGroup[]
  sessions: number
  sessionsWithLicense: number
  sleepingWithLicense: number
  /** Distinct user names among sessions holding a licence. */
  uniqueUsers: number
  byKind: Record<LicenseKind, number>
}

export interface ClusterLicenses extends LicenseSummary {
  profileId: string
  profileName: string
  cluster: string
  clusterName: string
}

export interface FleetLicenses {
  clusters: ClusterLicenses[]
  /** Over every cluster read: unique users counted once across them. */
  total: LicenseSummary
  /** Saved servers that could not be read (unreachable, password needed …). */
  failures: Array<{ profileId: string; profileName: string; error: ApiError }>
}

// --- blocking chains ----------------------------------------------------------------------------

export interface ChainLink {
  session: string
  sessionId: number
  userName: string
  infobaseName: string
  appId: string
  host: string
  /** What this session waits on: a DBMS lock or a managed one; null for the head. */
  waitsOn: 'dbms' | 'managed' | null
  durationCurrent: number
  durationCurrentDbms: number
  dbProcTook: number
  currentServiceName: string
  lastActiveAt: ServerTime
}

export interface BlockingChain {
  /** From the blocked session up to the head blocker: links[0] is the blocked one, the last the head. */
  links: ChainLink[]
  /** The head blocker's number when it is not in the list (ended meanwhile), else 0. */
  missingHead: number
  /** The chain runs in a circle (a deadlock): the last link waits on one already in it. */
  cycle: boolean
}

export interface BlockingReport {
  serverNow: ServerTime
  /** One per blocked session, deepest first within each head. */
  chains: BlockingChain[]
}

// --- the calls ----------------------------------------------------------------------------------

export interface AroundApi {
  getSessionSurroundings(profileId: string, clusterId: string, sessionId: string): Promise<Result<SessionSurroundings>>
  listSessionsOn(profileId: string, clusterId: string, on: SessionsOn): Promise<Result<SessionList>>
  getClusterMachinery(profileId: string, clusterId: string): Promise<Result<ClusterMachinery>>
  getClusterLicenses(profileId: string, clusterId: string): Promise<Result<ClusterLicenses>>
  /** Every cluster of every saved server, read in parallel; failures listed, never fatal. */
  getFleetLicenses(): Promise<Result<FleetLicenses>>
  getBlockingChains(profileId: string, clusterId: string): Promise<Result<BlockingReport>>
}

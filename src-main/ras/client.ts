/**
 * RasClient: the operations a session manager needs, over one RasConnection. Authentication is
 * per connection (docs/protocol.md §3.5): call `authenticateCluster` once before cluster-scoped requests and
 * `authenticateInfobase` before reading or changing an infobase's settings.
 */
import type { Reader } from './codec'
import { RasConnection, type ConnectOptions } from './connection'
import { Messages } from './messages'
import { NO_REDUCTIONS, type ColumnReductions } from './record-columns'
import type {
  ClusterRecord,
  ConnectionRecord,
  InfobaseRecord,
  InfobaseSummaryRecord,
  LockRecord,
  ManagerRecord,
  ProcessRecord,
  ServerRecord,
  ServiceRecord,
  SessionColumns,
  SessionRecord,
  UserRecord,
} from './records'

export class RasClient {
  constructor(readonly connection: RasConnection) {}

  static async connect(options: ConnectOptions): Promise<RasClient> {
    return new RasClient(await RasConnection.open(options))
  }

  /** Negotiated service version, e.g. "16.0". */
  get version(): string {
    return this.connection.version
  }

  get versionMajor(): number {
    return this.connection.versionMajor
  }

  close(): Promise<void> {
    return this.connection.close()
  }

  agentVersion(): Promise<string> {
    return this.connection.call(Messages.agentVersion, {})
  }

  authenticateAgent(user: string, password: string): Promise<void> {
    return this.connection.call(Messages.authenticateAgent, { user, password })
  }

  /** Cluster administrator login; empty credentials succeed on clusters without administrators. */
  authenticateCluster(cluster: string, user = '', password = ''): Promise<void> {
    return this.connection.call(Messages.authenticate, { cluster, user, password })
  }

  /** Infobase administrator login; note it carries the cluster id, not the infobase id. */
  authenticateInfobase(cluster: string, user = '', password = ''): Promise<void> {
    return this.connection.call(Messages.addAuthentication, { cluster, user, password })
  }

  listClusters(): Promise<ClusterRecord[]> {
    return this.connection.call(Messages.clusters, {})
  }

  getCluster(cluster: string): Promise<ClusterRecord> {
    return this.connection.call(Messages.clusterInfo, { cluster })
  }

  listClusterAdmins(cluster: string): Promise<UserRecord[]> {
    return this.connection.call(Messages.clusterAdmins, { cluster })
  }

  listInfobases(cluster: string): Promise<InfobaseSummaryRecord[]> {
    return this.connection.call(Messages.infobasesShort, { cluster })
  }

  getInfobaseSummary(cluster: string, infobase: string): Promise<InfobaseSummaryRecord> {
    return this.connection.call(Messages.infobaseShortInfo, { cluster, infobase })
  }

  /** Full infobase settings; needs infobase administrator credentials on this connection. */
  getInfobase(cluster: string, infobase: string): Promise<InfobaseRecord> {
    return this.connection.call(Messages.infobaseInfo, { cluster, infobase })
  }

  /** Writes a whole InfobaseInfo back (read it first and change only what you mean to). */
  updateInfobase(cluster: string, info: InfobaseRecord): Promise<void> {
    return this.connection.call(Messages.updateInfobase, { cluster, ...info })
  }

  /** Changes only the infobase's description (rac `infobase summary update`; the name goes empty). */
  updateInfobaseDescription(cluster: string, infobase: string, descr: string): Promise<void> {
    return this.connection.call(Messages.updateInfobaseShort, { cluster, infobase, descr, name: '' })
  }

  listSessions(cluster: string): Promise<SessionRecord[]> {
    return this.connection.call(Messages.sessions, { cluster })
  }

  /**
   * The sessions of a cluster (or of one infobase) left on the wire: `read` is called once per
   * session and must read exactly one SessionInfo at `versionMajor` (record.ts `readEach`).
   */
  readSessions(cluster: string, infobase: string | null, read: (r: Reader) => void): Promise<number> {
    return infobase
      ? this.connection.callReadEach(Messages.infobaseSessions, { cluster, infobase }, read)
      : this.connection.callReadEach(Messages.sessions, { cluster }, read)
  }

  /**
   * The sessions of a cluster (or of one infobase) as one array per field (record-columns.ts);
   * each list field named in `reductions` keeps one field of its first item.
   */
  sessionColumns<P extends ColumnReductions = Record<never, never>>(
    cluster: string,
    infobase: string | null,
    reductions: P = NO_REDUCTIONS as P,
  ): Promise<SessionColumns<P>> {
    return infobase
      ? this.connection.callColumns(Messages.infobaseSessions, { cluster, infobase }, reductions)
      : this.connection.callColumns(Messages.sessions, { cluster }, reductions)
  }

  listInfobaseSessions(cluster: string, infobase: string): Promise<SessionRecord[]> {
    return this.connection.call(Messages.infobaseSessions, { cluster, infobase })
  }

  getSession(cluster: string, session: string): Promise<SessionRecord> {
    return this.connection.call(Messages.sessionInfo, { cluster, session })
  }

  /** The message is shown to the user whose session ends. */
  terminateSession(cluster: string, session: string, message = ''): Promise<void> {
    return this.connection.call(Messages.terminateSession, { cluster, session, message })
  }

  /** Stops the session's current server call; the session itself stays. */
  interruptCurrentServerCall(cluster: string, session: string, message = ''): Promise<void> {
    return this.connection.call(Messages.interruptCurrentServerCall, { cluster, session, message })
  }

  listConnections(cluster: string, infobase?: string): Promise<ConnectionRecord[]> {
    return infobase
      ? this.connection.call(Messages.infobaseConnections, { cluster, infobase })
      : this.connection.call(Messages.connections, { cluster })
  }

  listLocks(cluster: string, infobase?: string): Promise<LockRecord[]> {
    return infobase
      ? this.connection.call(Messages.infobaseLocks, { cluster, infobase })
      : this.connection.call(Messages.locks, { cluster })
  }

  /**
   * The managed locks a session holds or waits for. Like `rac` 8.5 this asks for the cluster's
   * locks (72) and filters: GET_SESSION_LOCKS (78) was never captured (docs/protocol.md §5.2).
   */
  async listSessionLocks(cluster: string, session: string): Promise<LockRecord[]> {
    return (await this.listLocks(cluster)).filter((l) => l.session === session)
  }

  /** GET_SESSION_LOCKS (78), for servers and tests that answer it. */
  listSessionLocksDirect(cluster: string, infobase: string, session: string): Promise<LockRecord[]> {
    return this.connection.call(Messages.sessionLocks, { cluster, infobase, session })
  }

  getWorkingProcess(cluster: string, process: string): Promise<ProcessRecord> {
    return this.connection.call(Messages.workingProcessInfo, { cluster, process })
  }

  listClusterServices(cluster: string): Promise<ServiceRecord[]> {
    return this.connection.call(Messages.clusterServices, { cluster })
  }

  listWorkingProcesses(cluster: string): Promise<ProcessRecord[]> {
    return this.connection.call(Messages.workingProcesses, { cluster })
  }

  listWorkingServers(cluster: string): Promise<ServerRecord[]> {
    return this.connection.call(Messages.workingServers, { cluster })
  }

  listManagers(cluster: string): Promise<ManagerRecord[]> {
    return this.connection.call(Messages.managers, { cluster })
  }
}

/**
 * The shapes the simulated world is made of. Records are stored exactly as the shared record
 * declarations type them, so the server encodes them without any mapping.
 */
import type {
  ClusterRecord,
  ConnectionRecord,
  InfobaseRecord,
  LicenseRecord,
  LockRecord,
  ManagerRecord,
  ProcessRecord,
  ServerRecord,
  ServiceRecord,
  SessionRecord,
  UserRecord,
} from '../ras/records'

/** Sessions in list order (insertion), with O(1) lookup, removal and random sampling. */
export class SessionTable {
  private readonly byId = new Map<string, SessionRecord>()
  private readonly ids: string[] = []
  private readonly slot = new Map<string, number>()

  get size(): number {
    return this.byId.size
  }

  get(id: string): SessionRecord | undefined {
    return this.byId.get(id)
  }

  add(session: SessionRecord): void {
    if (this.byId.has(session.session)) throw new Error(`duplicate session ${session.session}`)
    this.byId.set(session.session, session)
    this.slot.set(session.session, this.ids.length)
    this.ids.push(session.session)
  }

  remove(id: string): SessionRecord | undefined {
    const session = this.byId.get(id)
    if (!session) return undefined
    this.byId.delete(id)
    // Swap-remove keeps sampling O(1); the list order comes from the Map, not from this array.
    const at = this.slot.get(id)!
    const last = this.ids.pop()!
    if (last !== id) {
      this.ids[at] = last
      this.slot.set(last, at)
    }
    this.slot.delete(id)
    return session
  }

  /** The i-th session of an arbitrary but deterministic order (for sampling). */
  at(i: number): SessionRecord {
    return this.byId.get(this.ids[i]!)!
  }

  values(): IterableIterator<SessionRecord> {
    return this.byId.values()
  }
}

/** A working server with the processes that run on it (used to place new sessions). */
export interface SimHost {
  name: string
  ip: string
  processes: ProcessRecord[]
}

export interface SimCluster {
  info: ClusterRecord
  /** Stored with the real DB password; replies mask it (docs/protocol.md §2.1). */
  infobases: InfobaseRecord[]
  /** Share of new sessions each infobase gets, parallel to `infobases`. */
  infobaseWeights: number[]
  sessions: SessionTable
  connections: Map<string, ConnectionRecord>
  locks: LockRecord[]
  /** Sessions whose blocked-by-dbms/-ls may be set: releasing a lock scans these, not all. */
  waiting: Set<SessionRecord>
  servers: ServerRecord[]
  hosts: SimHost[]
  processes: ProcessRecord[]
  managers: ManagerRecord[]
  admins: UserRecord[]
  /** The licence every client session of this cluster holds (shared, never mutated). */
  clientLicense: LicenseRecord
  /**
   * The licences client sessions take, software and HASP, when the world is furnished
   * (furnish.ts); empty: every client session holds `clientLicense`.
   */
  licensePool: LicenseRecord[]
  /** The cluster's services (GET_CLUSTER_SERVICES) and the managers running them. */
  services: ServiceRecord[]
  /** Working process uuid → server time its restart ends (running = 0 until then; around-life.ts). */
  restarting: Map<string, number>
  nextSessionNumber: number
  nextConnectionNumber: number
  /** Bumped on every change; cached list replies compare it. */
  revision: number
  /** Bumped when records changed in an unknown way: every cached per-record encoding is stale. */
  recordEpoch: number
}

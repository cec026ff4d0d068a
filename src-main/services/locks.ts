/**
 * LockService: an infobase's "sessions deny" lock (docs/protocol.md §5.4: read the whole InfobaseInfo, change
 * the lock fields, write it back). Every change re-reads the record on the same connection right
 * before writing and touches only the lock fields, so what another console changed meanwhile —
 * and the version tail we do not understand — is written back as the server just sent it.
 */
import type { InfobaseCredentials, LockInput, LockState } from '../../src-shared/contract'
import { serverTimeText } from '../../src-shared/server-time'
import { RasError } from '../ras/errors'
import type { RasClient } from '../ras/client'
import type { InfobaseRecord } from '../ras/records'
import { audited, type AuditLog } from './audit'
import type { ClusterPool } from './cluster-pool'
import type { InfobaseLogin, ProfileDirectory } from './directory'
import { ServiceError } from './errors'
import { lockPhase, timesOf, type ServerClock } from './server-clock'
import { systemClock, type Clock } from './ports'
import { mapBounded } from '../../src-shared/limit'
import type { KnownLock } from './sessions'

/**
 * How old the server clock estimate may be before validating a period reads the sessions again
 * (a session list can be large; showing a state only needs the zone learned once).
 */
const CLOCK_FRESH_MS = 5 * 60_000

/**
 * One infobase's sessions are enough to learn the clock from when there are this many: the
 * estimate ignores the few newest (server-clock.ts), so it needs more than a handful.
 */
const CLOCK_SAMPLE = 20

/** A lock as just read from the server (for the history's lock periods). */
export interface LockRead {
  profileId: string
  cluster: string
  server: string
  state: LockState
}

export class LockService {
  /** Told of every lock read (probe, open, set, clear); the history records lock periods from it. */
  onLockRead: ((read: LockRead) => void) | null = null

  constructor(
    private readonly directory: ProfileDirectory,
    private readonly pool: ClusterPool,
    private readonly audit: AuditLog | null,
    private readonly serverClock: ServerClock,
    /** Where the infobase list shows the last known lock state (SessionService.knownLocks). */
    private readonly knownLocks: Map<string, KnownLock> = new Map(),
    private readonly clock: Clock = systemClock,
  ) {}

  /** When each infobase's lock was last probed for the infobase list. */
  private readonly probedAt = new Map<string, number>()

  /**
   * Reads the lock state of the infobases whose state is older than `maxAgeMs`, so the infobase
   * list can show lock badges without the user opening each infobase. Uses remembered (or empty)
   * infobase credentials; where the server wants others the state stays unknown. On all the pool's
   * connections but one, which stays free for the session list, each sending its infobase login
   * once (Lease.loginInfobase): on a distant server every request is a round trip. A failure never
   * fails the list.
   */
  async probeLocks(profileId: string, cluster: string, infobases: readonly string[], maxAgeMs = 60_000): Promise<void> {
    const now = this.clock.now()
    const due = infobases.filter((ib) => {
      const at = this.probedAt.get(`${profileId}\n${cluster}\n${ib}`)
      return at === undefined || now - at >= maxAgeMs
    })
    let unreachable = false
    await mapBounded(due, Math.max(1, this.pool.maxConnections - 1), async (infobase) => {
      if (unreachable) return
      this.probedAt.set(`${profileId}\n${cluster}\n${infobase}`, now)
      try {
        await this.getLock(profileId, cluster, infobase)
      } catch (e) {
        // Credentials needed, or the infobase is gone: the badge stays "unknown".
        if (e instanceof RasError && (e.kind === 'network' || e.kind === 'timeout')) unreachable = true
        else if (!(e instanceof ServiceError) && !(e instanceof RasError)) throw e
      }
    })
  }

  async getLock(
    profileId: string,
    cluster: string,
    infobase: string,
    credentials?: InfobaseCredentials,
  ): Promise<LockState> {
    return this.withInfobase(profileId, cluster, infobase, credentials, async (client, server) => {
      const info = await client.getInfobase(cluster, infobase)
      await this.learnServerClock(client, cluster, server, Infinity, infobase)
      return this.state(profileId, cluster, info, server)
    })
  }

  /**
   * The server's "now" (ms of its wall clock), learned from its sessions; null when it shows none
   * to learn from — then nobody should judge a period by a guess.
   */
  async serverTime(profileId: string, cluster: string): Promise<number | null> {
    return this.pool.run(profileId, cluster, async ({ client, target }) => {
      const server = `${target.host}:${target.port}`
      await this.learnServerClock(client, cluster, server, CLOCK_FRESH_MS)
      return this.serverClock.knows(server) ? this.serverClock.now(server) : null
    })
  }

  async setLock(
    profileId: string,
    cluster: string,
    infobase: string,
    lock: LockInput,
    credentials?: InfobaseCredentials,
  ): Promise<LockState> {
    const facts = this.assertWritable(profileId)
    if (lock.from !== null && lock.to !== null && lock.to <= lock.from) {
      throw new ServiceError(
        'INVALID_ARGUMENT',
        `the lock must end after it starts (from ${serverTimeText(lock.from)} to ${serverTimeText(lock.to)}, server time)`,
      )
    }
    if (lock.to !== null) {
      // Judged on the server's clock; checked before the audit entry, as nothing is changed.
      const now = await this.serverTime(profileId, cluster)
      if (now !== null && lock.to <= now) {
        throw new ServiceError(
          'INVALID_ARGUMENT',
          `the lock would end at ${serverTimeText(lock.to)}, which has already passed: it is now about ${serverTimeText(roundToMinute(now))} on the server (server time)`,
        )
      }
    }
    return audited(
      this.audit,
      { action: 'lock', profile: facts.name, server: facts.server, cluster, infobase, message: lock.message },
      (step) =>
        this.withInfobase(profileId, cluster, infobase, credentials, async (client, server) => {
          const fresh = await client.getInfobase(cluster, infobase)
          await client.updateInfobase(cluster, {
            ...fresh,
            sessionsDeny: true,
            // "Now" goes as an empty date (0 ticks): the server applies its own clock, no estimate.
            deniedFrom: lock.from,
            deniedTo: lock.to,
            deniedMessage: lock.message,
            permissionCode: lock.permissionCode,
            scheduledJobsDeny: lock.scheduledJobsDeny,
          })
          step.applied()
          const written = await client.getInfobase(cluster, infobase)
          await this.learnServerClock(client, cluster, server)
          return this.state(profileId, cluster, written, server)
        }),
      () =>
        `locked from ${lock.from === null ? 'now (server time)' : serverTimeText(lock.from)} to ${serverTimeText(lock.to) || 'open end'}${
          lock.scheduledJobsDeny ? ', scheduled jobs denied' : ''
        }`,
    )
  }

  /** Lifts the lock: sessions-deny and scheduled-jobs-deny off; period, message and code are left as they were. */
  async clearLock(
    profileId: string,
    cluster: string,
    infobase: string,
    credentials?: InfobaseCredentials,
  ): Promise<LockState> {
    const facts = this.assertWritable(profileId)
    return audited(
      this.audit,
      { action: 'unlock', profile: facts.name, server: facts.server, cluster, infobase },
      (step) =>
        this.withInfobase(profileId, cluster, infobase, credentials, async (client, server) => {
          const fresh = await client.getInfobase(cluster, infobase)
          await client.updateInfobase(cluster, { ...fresh, sessionsDeny: false, scheduledJobsDeny: false })
          step.applied()
          const written = await client.getInfobase(cluster, infobase)
          await this.learnServerClock(client, cluster, server)
          return this.state(profileId, cluster, written, server)
        }),
      () => 'unlocked',
    )
  }

  // --- internals ---------------------------------------------------------------------------

  private assertWritable(profileId: string) {
    const facts = this.directory.facts(profileId)
    if (facts.protection === 'read-only') {
      throw new ServiceError(
        'READ_ONLY',
        `profile "${facts.name}" is read-only: infobase locks cannot be changed from it`,
      )
    }
    return facts
  }

  /**
   * Logs in as infobase administrator (given credentials, else remembered ones, else empty) and
   * runs `task`. Wrong or missing credentials → INFOBASE_AUTH_REQUIRED with the server's text.
   */
  private async withInfobase<T>(
    profileId: string,
    cluster: string,
    infobase: string,
    given: InfobaseCredentials | undefined,
    task: (client: RasClient, server: string) => Promise<T>,
  ): Promise<T> {
    const remembered = given ? null : await this.directory.infobaseLogin(profileId, infobase)
    const login: InfobaseLogin = given
      ? { user: given.user, password: given.password }
      : (remembered ?? { user: '', password: '' })
    const result = await this.pool.run(profileId, cluster, async ({ client, target, loginInfobase }) => {
      try {
        await loginInfobase(cluster, login.user, login.password)
        return await task(client, `${target.host}:${target.port}`)
      } catch (e) {
        if (e instanceof RasError && (e.kind === 'auth' || e.kind === 'rights')) {
          throw new ServiceError(
            'INFOBASE_AUTH_REQUIRED',
            login.user
              ? 'the infobase administrator credentials were rejected'
              : 'infobase administrator credentials are required',
            { serverMessage: e.serverMessage, serverClass: e.serverClass },
          )
        }
        throw e
      }
    })
    if (given) {
      try {
        await this.directory.rememberInfobaseLogin(profileId, infobase, login, given.remember)
      } catch (e) {
        // Could not seal (no OS encryption): the action itself succeeded; keep going.
        if (!(e instanceof ServiceError)) throw e
      }
    }
    return result
  }

  /**
   * Reads sessions to learn the server's clock, unless learned within `maxAgeMs`: those of
   * `infobase` when given and there are enough of them to judge by (a tab's first lock reads run
   * while its own list of a big cluster is still on its way, which would otherwise cross a distant
   * link twice), else the cluster's.
   */
  private async learnServerClock(
    client: RasClient,
    cluster: string,
    server: string,
    maxAgeMs = Infinity,
    infobase?: string,
  ) {
    if (this.serverClock.knows(server, maxAgeMs)) return
    try {
      const some = infobase ? await client.listInfobaseSessions(cluster, infobase) : []
      const sessions = some.length >= CLOCK_SAMPLE ? some : await client.listSessions(cluster)
      this.serverClock.observe(server, timesOf(sessions))
    } catch (e) {
      // No right to list sessions: the estimate stays as it was.
      if (!(e instanceof RasError) || e.kind === 'network' || e.kind === 'timeout') throw e
    }
  }

  private state(profileId: string, cluster: string, info: InfobaseRecord, server: string): LockState {
    const serverNow = this.serverClock.now(server)
    const phase = lockPhase(info.sessionsDeny, info.deniedFrom, info.deniedTo, serverNow)
    this.knownLocks.set(`${profileId}\n${cluster}\n${info.infobase}`, {
      phase,
      from: info.deniedFrom,
      to: info.deniedTo,
      server,
    })
    const state: LockState = {
      infobase: info.infobase,
      name: info.name,
      sessionsDeny: info.sessionsDeny,
      active: phase === 'active',
      phase,
      // Only a clock learned from the server's sessions is offered as its "now"; no guess.
      serverNow: this.serverClock.knows(server) ? serverNow : null,
      deniedFrom: info.deniedFrom,
      deniedTo: info.deniedTo,
      deniedMessage: info.deniedMessage,
      permissionCode: info.permissionCode,
      deniedParameter: info.deniedParameter,
      scheduledJobsDeny: info.scheduledJobsDeny,
    }
    this.onLockRead?.({ profileId, cluster, server, state })
    return state
  }
}

function roundToMinute(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000
}

/**
 * LockService: an infobase's "sessions deny" lock (spec §5: read the whole InfobaseInfo, change
 * the lock fields, write it back). Every change re-reads the record on the same connection right
 * before writing and touches only the lock fields, so what another console changed meanwhile —
 * and the version tail we do not understand — is written back as the server just sent it.
 */
import type { InfobaseCredentials, LockInput, LockState } from '../../src-preload/contract'
import { RasError } from '../ras/errors'
import type { RasClient } from '../ras/client'
import type { InfobaseRecord } from '../ras/records'
import { audited, type AuditLog } from './audit'
import type { ClusterPool } from './cluster-pool'
import type { InfobaseLogin, ProfileDirectory } from './directory'
import { ServiceError } from './errors'
import type { ServerClock } from './server-clock'
import { systemClock, type Clock } from './ports'
import { mapBounded } from './sessions'

export class LockService {
  constructor(
    private readonly directory: ProfileDirectory,
    private readonly pool: ClusterPool,
    private readonly audit: AuditLog | null,
    private readonly serverClock: ServerClock,
    /** Where the infobase list shows the last known lock state (SessionService.knownLocks). */
    private readonly knownLocks: Map<string, boolean> = new Map(),
    private readonly clock: Clock = systemClock,
  ) {}

  /** When each infobase's lock was last probed for the infobase list. */
  private readonly probedAt = new Map<string, number>()

  /**
   * Reads the lock state of the infobases whose state is older than `maxAgeMs`, so the infobase
   * list can show lock badges without the user opening each infobase. Uses remembered (or empty)
   * infobase credentials; where the server wants others the state stays unknown. Two at a time,
   * and a failure never fails the list.
   */
  async probeLocks(profileId: string, cluster: string, infobases: readonly string[], maxAgeMs = 60_000): Promise<void> {
    const now = this.clock.now()
    const due = infobases.filter((ib) => {
      const at = this.probedAt.get(`${profileId}\n${cluster}\n${ib}`)
      return at === undefined || now - at >= maxAgeMs
    })
    let unreachable = false
    await mapBounded(due, 2, async (infobase) => {
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
      return this.state(profileId, cluster, info, server)
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
      throw new ServiceError('INVALID_ARGUMENT', 'the lock must end after it starts')
    }
    let from: number | null = null
    return audited(
      this.audit,
      { action: 'lock', profile: facts.name, server: facts.server, cluster, infobase, message: lock.message },
      () =>
        this.withInfobase(profileId, cluster, infobase, credentials, async (client, server) => {
          from = lock.from ?? (await this.serverNow(client, cluster, server))
          const fresh = await client.getInfobase(cluster, infobase)
          await client.updateInfobase(cluster, {
            ...fresh,
            sessionsDeny: true,
            deniedFrom: from,
            deniedTo: lock.to,
            deniedMessage: lock.message,
            permissionCode: lock.permissionCode,
            scheduledJobsDeny: lock.scheduledJobsDeny,
          })
          return this.state(profileId, cluster, await client.getInfobase(cluster, infobase), server)
        }),
      () =>
        `locked from ${formatServerTime(from)} to ${formatServerTime(lock.to) || 'open end'}${
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
      () =>
        this.withInfobase(profileId, cluster, infobase, credentials, async (client, server) => {
          const fresh = await client.getInfobase(cluster, infobase)
          await client.updateInfobase(cluster, { ...fresh, sessionsDeny: false, scheduledJobsDeny: false })
          return this.state(profileId, cluster, await client.getInfobase(cluster, infobase), server)
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
    const result = await this.pool.run(profileId, cluster, async ({ client, target }) => {
      try {
        await client.authenticateInfobase(cluster, login.user, login.password)
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

  private async serverNow(client: RasClient, cluster: string, server: string): Promise<number> {
    if (!this.serverClock.knows(server)) {
      try {
        const sessions = await client.listSessions(cluster)
        const times: Array<number | null> = []
        for (const s of sessions) times.push(s.lastActiveAt, s.startedAt)
        this.serverClock.observe(server, times)
      } catch (e) {
        if (!(e instanceof RasError) || e.kind === 'network' || e.kind === 'timeout') throw e
      }
    }
    return roundToMinute(this.serverClock.now(server))
  }

  private state(profileId: string, cluster: string, info: InfobaseRecord, server: string): LockState {
    const now = this.serverClock.now(server)
    const active =
      info.sessionsDeny &&
      (info.deniedFrom === null || info.deniedFrom <= now) &&
      (info.deniedTo === null || now <= info.deniedTo)
    this.knownLocks.set(`${profileId}\n${cluster}\n${info.infobase}`, active)
    return {
      infobase: info.infobase,
      name: info.name,
      sessionsDeny: info.sessionsDeny,
      active,
      deniedFrom: info.deniedFrom,
      deniedTo: info.deniedTo,
      deniedMessage: info.deniedMessage,
      permissionCode: info.permissionCode,
      deniedParameter: info.deniedParameter,
      scheduledJobsDeny: info.scheduledJobsDeny,
    }
  }
}

function roundToMinute(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000
}

/** `YYYY-MM-DD HH:mm:ss` of a server wall-clock time ('' for null). */
export function formatServerTime(t: number | null): string {
  if (t === null) return ''
  return new Date(t).toISOString().slice(0, 19).replace('T', ' ')
}

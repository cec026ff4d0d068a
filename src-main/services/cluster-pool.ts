/**
 * ClusterPool: per profile a small pool of RAS connections. Connections open lazily, log in to
 * each cluster once (auth lives on the connection, docs/protocol.md §3.5), close after a minute idle, and a
 * request that finds its idle socket broken is retried once on a fresh one. Every profile has its
 * own pool, so a slow or dead server never blocks another profile.
 */
import { RasClient } from '../ras/client'
import { RasError } from '../ras/errors'
import type { ClusterDto, ConnectionInfo } from '../../src-shared/contract'
import type { ClusterTarget, ProfileDirectory } from './directory'
import { ServiceError } from './errors'

export interface ClusterPoolOptions {
  /** Connections per profile (parallel requests). Default 4. */
  maxConnections?: number
  /** Close a connection after this long unused. Default 60 s. */
  idleMs?: number
  connectTimeoutMs?: number
  requestTimeoutMs?: number
  /** Opens a connection; tests may wrap it. Default RasClient.connect. */
  connect?: (target: ClusterTarget, o: { connectTimeoutMs?: number; requestTimeoutMs?: number }) => Promise<RasClient>
  log?: (line: string) => void
}

/** A connection lent to one task. */
export interface Lease {
  readonly client: RasClient
  readonly target: ClusterTarget
  /**
   * The infobase administrator for requests about `cluster`'s infobases on this connection. Sent
   * only when it differs from the last one sent there: the login lives on the connection
   * (docs/protocol.md §3.5), and a distant server pays a round trip for each.
   */
  loginInfobase(cluster: string, user: string, password: string): Promise<void>
}

interface Pooled {
  client: RasClient
  /** cluster id → the credentials it was authenticated with (`user\0password`). */
  authed: Map<string, string>
  /** cluster id → the infobase administrator last sent for it (`user\0password`). */
  infobaseLogins: Map<string, string>
  idleTimer: NodeJS.Timeout | null
  busy: boolean
  dead: boolean
}

interface ProfilePool {
  key: string
  target: ClusterTarget
  conns: Set<Pooled>
  idle: Pooled[]
  /** Connections being opened. */
  opening: number
  waiters: Array<{ resolve: (p: Pooled | null) => void }>
  closed: boolean
}

export class ClusterPool {
  private readonly pools = new Map<string, ProfilePool>()
  private readonly max: number
  private readonly idleMs: number
  private readonly connectFn: NonNullable<ClusterPoolOptions['connect']>
  private readonly timeouts: { connectTimeoutMs?: number; requestTimeoutMs?: number }
  private disposed = false

  constructor(
    private readonly directory: ProfileDirectory,
    private readonly options: ClusterPoolOptions = {},
  ) {
    this.max = Math.max(1, options.maxConnections ?? 4)
    this.idleMs = options.idleMs ?? 60_000
    this.timeouts = { connectTimeoutMs: options.connectTimeoutMs, requestTimeoutMs: options.requestTimeoutMs }
    this.connectFn = options.connect ?? ((t, o) => RasClient.connect({ host: t.host, port: t.port, ...o }))
  }

  /** Connections per profile: how many tasks of one profile run at once. */
  get maxConnections(): number {
    return this.max
  }

  /**
   * Runs `task` on a pooled connection of the profile, logged in to `cluster` when given.
   * A broken idle connection is replaced and the task retried once.
   */
  async run<T>(profileId: string, cluster: string | null, task: (lease: Lease) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (this.disposed) throw new ServiceError('INTERNAL', 'the cluster pool is closed')
      const target = await this.directory.target(profileId)
      const pool = this.poolFor(profileId, target)
      let leased: { conn: Pooled; reused: boolean }
      try {
        leased = await this.acquire(pool)
      } catch (e) {
        // The profile's settings changed while we waited: start over with the new ones.
        if (e instanceof PoolClosed && !this.disposed && attempt < 3) continue
        if (e instanceof PoolClosed) throw new ServiceError('NETWORK', 'the connections of this profile were closed')
        throw e
      }
      const { conn, reused } = leased
      try {
        if (cluster) await this.login(profileId, conn, cluster, target)
        const result = await task({
          client: conn.client,
          target,
          loginInfobase: (cl, user, password) => this.loginInfobase(conn, cl, user, password),
        })
        this.release(pool, conn)
        return result
      } catch (e) {
        // Whatever failed (rejected infobase credentials among others), the next task sends its login.
        conn.infobaseLogins.clear()
        const broken = !conn.client.connection.isOpen
        if (broken) this.discard(pool, conn)
        else this.release(pool, conn)
        // A socket that died while idle: retry once on a fresh connection.
        if (reused && broken && attempt === 0 && e instanceof RasError && e.kind === 'network') continue
        throw e
      }
    }
  }

  /** Agent version, negotiated protocol version and the cluster list of a profile. */
  async connect(profileId: string): Promise<ConnectionInfo> {
    return this.run(profileId, null, ({ client }) => describeServer(client))
  }

  /** The clusters of a profile's server. */
  async listClusters(profileId: string): Promise<ClusterDto[]> {
    return this.run(profileId, null, async ({ client }) => (await client.listClusters()).map(clusterDto))
  }

  /**
   * Checks settings that are not saved yet: a one-off connection (not pooled) that reads the
   * cluster list and logs in to every cluster with the given administrator.
   */
  async test(target: ClusterTarget): Promise<ConnectionInfo> {
    const client = await this.connectFn(target, this.timeouts)
    try {
      const info = await describeServer(client)
      for (const c of info.clusters) await client.authenticateCluster(c.cluster, target.user, target.password)
      return info
    } finally {
      await client.close().catch(() => undefined)
    }
  }

  /** Drops a profile's connections (its settings changed or it was deleted). */
  invalidate(profileId: string): void {
    const pool = this.pools.get(profileId)
    if (!pool) return
    this.pools.delete(profileId)
    void this.closePool(pool)
  }

  async dispose(): Promise<void> {
    this.disposed = true
    const pools = [...this.pools.values()]
    this.pools.clear()
    await Promise.all(pools.map((p) => this.closePool(p, true)))
  }

  /** Number of open connections of a profile (tests, diagnostics). */
  openConnections(profileId: string): number {
    return this.pools.get(profileId)?.conns.size ?? 0
  }

  // --- internals ---------------------------------------------------------------------------

  private poolFor(profileId: string, target: ClusterTarget): ProfilePool {
    const key = `${target.host}\n${target.port}`
    let pool = this.pools.get(profileId)
    if (pool && pool.key !== key) {
      this.pools.delete(profileId)
      void this.closePool(pool)
      pool = undefined
    }
    if (!pool) {
      pool = { key, target, conns: new Set(), idle: [], opening: 0, waiters: [], closed: false }
      this.pools.set(profileId, pool)
    }
    pool.target = target
    return pool
  }

  private async acquire(pool: ProfilePool): Promise<{ conn: Pooled; reused: boolean }> {
    for (;;) {
      if (pool.closed) throw new PoolClosed()
      const idle = pool.idle.pop()
      if (idle) {
        if (idle.idleTimer) clearTimeout(idle.idleTimer)
        idle.idleTimer = null
        if (idle.dead || !idle.client.connection.isOpen) {
          this.discard(pool, idle)
          continue
        }
        idle.busy = true
        return { conn: idle, reused: true }
      }
      if (pool.conns.size + pool.opening < this.max) {
        pool.opening++
        try {
          const client = await this.connectFn(pool.target, this.timeouts)
          const conn: Pooled = {
            client,
            authed: new Map(),
            infobaseLogins: new Map(),
            idleTimer: null,
            busy: true,
            dead: false,
          }
          if (pool.closed) {
            void client.close().catch(() => undefined)
            throw new PoolClosed()
          }
          pool.conns.add(conn)
          client.connection.onClose(() => {
            conn.dead = true
            if (!conn.busy) this.discard(pool, conn)
          })
          return { conn, reused: false }
        } finally {
          pool.opening--
          // a failed open frees a slot: let a waiter try
          this.wakeOne(pool)
        }
      }
      const got = await new Promise<Pooled | null>((resolve) => pool.waiters.push({ resolve }))
      if (got) {
        got.busy = true
        return { conn: got, reused: true }
      }
    }
  }

  private wakeOne(pool: ProfilePool): void {
    if (pool.waiters.length === 0) return
    if (pool.idle.length === 0 && pool.conns.size + pool.opening >= this.max) return
    const w = pool.waiters.shift()!
    const idle = pool.idle.pop() ?? null
    if (idle?.idleTimer) clearTimeout(idle.idleTimer)
    if (idle) idle.idleTimer = null
    w.resolve(idle)
  }

  private release(pool: ProfilePool, conn: Pooled): void {
    conn.busy = false
    if (conn.dead || pool.closed || !pool.conns.has(conn)) {
      this.discard(pool, conn)
      return
    }
    const waiter = pool.waiters.shift()
    if (waiter) {
      waiter.resolve(conn)
      return
    }
    pool.idle.push(conn)
    conn.idleTimer = setTimeout(() => {
      pool.idle = pool.idle.filter((c) => c !== conn)
      this.discard(pool, conn)
    }, this.idleMs)
    conn.idleTimer.unref()
  }

  private discard(pool: ProfilePool, conn: Pooled): void {
    if (conn.idleTimer) clearTimeout(conn.idleTimer)
    conn.idleTimer = null
    conn.dead = true
    pool.idle = pool.idle.filter((c) => c !== conn)
    if (pool.conns.delete(conn)) void conn.client.close().catch(() => undefined)
    this.wakeOne(pool)
  }

  /**
   * Closes a pool: idle connections now; busy ones when their task ends (settings changed) or at
   * once (`force`, on dispose). Waiters start over with the profile's new pool.
   */
  private async closePool(pool: ProfilePool, force = false): Promise<void> {
    pool.closed = true
    for (const w of pool.waiters.splice(0)) w.resolve(null)
    const idle = pool.idle
    pool.idle = []
    const closing: Array<Promise<void>> = []
    for (const c of idle) {
      if (c.idleTimer) clearTimeout(c.idleTimer)
      c.idleTimer = null
      c.dead = true
      pool.conns.delete(c)
      closing.push(c.client.close().catch(() => undefined))
    }
    if (force) {
      for (const c of pool.conns) {
        c.dead = true
        c.client.connection.destroy()
      }
      pool.conns.clear()
    }
    await Promise.all(closing)
  }

  private async login(profileId: string, conn: Pooled, cluster: string, target: ClusterTarget): Promise<void> {
    await loginOnce(conn.authed, cluster, target.user, target.password, async () => {
      conn.infobaseLogins.delete(cluster)
      try {
        await conn.client.authenticateCluster(cluster, target.user, target.password)
      } catch (e) {
        if (e instanceof RasError && e.kind === 'auth') this.directory.clusterPasswordRejected?.(profileId)
        throw e
      }
    })
  }

  private loginInfobase(conn: Pooled, cluster: string, user: string, password: string): Promise<void> {
    return loginOnce(conn.infobaseLogins, cluster, user, password, () =>
      conn.client.authenticateInfobase(cluster, user, password),
    )
  }
}

/**
 * Sends a login for `cluster` unless `sent` (one connection's) holds the same one, and remembers
 * it once sent without failing; a login that failed is not remembered.
 */
async function loginOnce(
  sent: Map<string, string>,
  cluster: string,
  user: string,
  password: string,
  send: () => Promise<void>,
): Promise<void> {
  const creds = `${user}\0${password}`
  if (sent.get(cluster) === creds) return
  sent.delete(cluster)
  await send()
  sent.set(cluster, creds)
}

/** The pool was closed while a task waited for a connection. */
class PoolClosed extends Error {}

export function clusterDto(c: { cluster: string; name: string; host: string; port: number }): ClusterDto {
  return { cluster: c.cluster, name: c.name, host: c.host, port: c.port }
}

async function describeServer(client: RasClient): Promise<ConnectionInfo> {
  let agentVersion = ''
  try {
    agentVersion = await client.agentVersion()
  } catch (e) {
    if (!(e instanceof RasError) || e.kind === 'network' || e.kind === 'timeout') throw e
  }
  const clusters = (await client.listClusters()).map(clusterDto)
  return { agentVersion, protocolVersion: client.version, clusters }
}

/**
 * The living world's machinery, one simulated second at a time (called from living.ts's step):
 * working processes grow in memory and now and then restart (their connections move to another
 * process, as cluster fault tolerance does), long calls take managed locks, and blocking chains
 * form — a session waits on a session that itself waits — and clear as their calls end. Its own
 * random stream, so the sessions' life stays the same for a seed.
 */
import type { SessionRecord } from '../ras/records'
import { managedLock, isIdleClient } from './furnish'
import { lockRecord } from './generate'
import type { SimCluster } from './model'
import { Random } from './random'
import { startCall } from './sessions'
import type { SimulatorWorld } from './world'

const LONG_CALL_MS = 60_000
const I32_MAX = 2 ** 31 - 1
/** memory-size is in KB: a process that reaches ~12 GB is restarted by the cluster. */
const RESTART_AT_KB = 12_000_000
/** Besides memory, about one restart per process in five and a half simulated hours. */
const RESTART_CHANCE = 1 / 20_000
const MAX_CHAIN = 4

export class AroundLife {
  private readonly rng: Random

  constructor(
    private readonly world: SimulatorWorld,
    seed: number,
  ) {
    this.rng = new Random(seed ^ 0x0a40d11f)
  }

  /** One simulated second of the cluster; sessions it changes go into `touched`. */
  tick(cluster: SimCluster, calls: Set<string>, now: number, touched: Set<SessionRecord>): void {
    this.runProcesses(cluster, now, touched)
    if (this.rng.chance(0.05)) this.lockLongCall(cluster, calls, now)
    if (this.rng.chance(0.01)) this.waitOnHead(cluster, calls, now)
    if (this.rng.chance(0.01)) this.extendChain(cluster, calls, now)
  }

  private runProcesses(cluster: SimCluster, now: number, touched: Set<SessionRecord>): void {
    for (const p of cluster.processes) {
      if (!p.enable) continue
      const until = cluster.restarting.get(p.process)
      if (until !== undefined) {
        if (now < until) continue
        cluster.restarting.delete(p.process)
        Object.assign(p, {
          running: 1,
          pid: String(this.rng.int(1_000, 60_000)),
          startedAt: now,
          memorySize: this.rng.int(300_000, 900_000),
          memoryExcessTime: 0,
        })
        continue
      }
      p.memorySize = Math.min(I32_MAX, p.memorySize + this.rng.int(0, 400))
      if (p.memorySize >= RESTART_AT_KB || this.rng.chance(RESTART_CHANCE))
        this.restart(cluster, p.process, now, touched)
    }
  }

  /** The process stops for 5–30 s; its connections (and their sessions) move to a running process. */
  restart(cluster: SimCluster, process: string, now: number, touched: Set<SessionRecord>): void {
    const p = cluster.processes.find((x) => x.process === process)
    if (!p) return
    p.running = 0
    cluster.restarting.set(process, now + this.rng.int(5, 30) * 1000)
    const targets = cluster.hosts.flatMap((h) => h.processes).filter((x) => x.running === 1 && x.enable)
    if (targets.length === 0) return
    const moved = new Map<string, string>()
    for (const c of cluster.connections.values()) {
      if (c.process !== process) continue
      c.process = this.rng.pick(targets).process
      moved.set(c.connection, c.process)
    }
    if (moved.size === 0) return
    for (const s of cluster.sessions.values()) {
      const to = moved.get(s.connection)
      if (to === undefined) continue
      s.process = to
      touched.add(s)
    }
    this.world.listChanged(cluster)
  }

  /** A long call that holds nothing yet takes a DBMS lock and a managed one. */
  private lockLongCall(cluster: SimCluster, calls: Set<string>, now: number): void {
    const holder = this.longCall(cluster, calls, (s) => !cluster.locks.some((l) => l.session === s.session))
    if (!holder) return
    const ib = cluster.infobases.find((i) => i.infobase === holder.infobase)
    cluster.locks.push(lockRecord(this.rng, holder, `БД(сеанс ,${ib?.name ?? ''},исключительная)`, now))
    cluster.locks.push(managedLock(cluster, this.rng, holder, now))
    this.world.listChanged(cluster)
  }

  /** An idle session of the infobase starts a call that runs into a long call's lock. */
  private waitOnHead(cluster: SimCluster, calls: Set<string>, now: number): void {
    const head = this.longCall(cluster, calls, () => true)
    if (head) this.block(cluster, calls, head, now)
  }

  /** An idle session starts waiting on a session that already waits: the chain grows by one. */
  private extendChain(cluster: SimCluster, calls: Set<string>, now: number): void {
    const byNumber = new Map<number, SessionRecord>()
    for (const s of cluster.waiting) byNumber.set(s.sessionId, s)
    const depth = (s: SessionRecord): number => {
      let n = 0
      for (let at: SessionRecord | undefined = s; at && n <= MAX_CHAIN; n++) {
        at = byNumber.get(at.blockedByDbms || at.blockedByLs)
      }
      return n
    }
    for (const waiter of cluster.waiting) {
      if (cluster.sessions.get(waiter.session) !== waiter || depth(waiter) >= MAX_CHAIN) continue
      this.block(cluster, calls, waiter, now)
      return
    }
  }

  private longCall(
    cluster: SimCluster,
    calls: Set<string>,
    wanted: (s: SessionRecord) => boolean,
  ): SessionRecord | undefined {
    for (const id of calls) {
      const s = cluster.sessions.get(id)
      if (!s || s.durationCurrent < LONG_CALL_MS || s.blockedByDbms || s.blockedByLs) continue
      if (wanted(s)) return s
    }
    return undefined
  }

  private block(cluster: SimCluster, calls: Set<string>, blocker: SessionRecord, now: number): void {
    const size = cluster.sessions.size
    for (let tries = 0; tries < 40 && size > 0; tries++) {
      const s = cluster.sessions.at(this.rng.int(0, size - 1))
      if (s === blocker || s.infobase !== blocker.infobase || !isIdleClient(s)) continue
      startCall(s, this.rng, now, this.rng.int(100, 3_000))
      const byDbms = this.rng.chance(0.5)
      this.world.blockSession(cluster, s, blocker, byDbms ? 'dbms' : 'ls')
      const connection = cluster.connections.get(s.connection)
      if (connection && !byDbms) {
        connection.blockedByLs = blocker.sessionId
        this.world.listChanged(cluster)
      }
      calls.add(s.session)
      return
    }
  }
}

/**
 * Makes the world live as (injected) clock time passes: calls start and end, counters grow, some
 * sessions end and new ones start. Time advances in whole simulated seconds, so caches are
 * invalidated at most once per simulated second however many requests arrive; the outcome
 * depends only on the seed and the clock readings.
 */
import { EMPTY_UUID } from '../ras/codec'
import type { SessionRecord } from '../ras/records'
import {
  HIBERNATE_AFTER_MS,
  attachConnection,
  createSession,
  endCall,
  pickAppId,
  pickInfobase,
  startCall,
} from './sessions'
import { AroundLife } from './around-life'
import { SERVER_SIDE_APPS } from './catalog'
import type { SimCluster } from './model'
import { Random } from './random'
import type { SimulatorWorld } from './world'

const STEP_MS = 1000
/** A jump of the clock longer than this is simulated as its last hour only (keeps a jump cheap). */
const MAX_CATCH_UP_STEPS = 3600
/** Average session lifetime: about four hours, so a cluster of n turns over n/14400 sessions a second. */
const MEAN_SESSION_LIFETIME_S = 4 * 3600
const SHORT_CALL_MS = 60_000
/** Background jobs and the console never hibernate. */
const NEVER_HIBERNATE = new Set([...SERVER_SIDE_APPS, 'SrvrConsole'])

/**
 * How busy a session's user is, in [0, 1): fixed per session so some people click all day and
 * others leave the window open and their session falls asleep.
 */
function activityOf(s: SessionRecord): number {
  const x = (Math.imul(s.sessionId, 0x9e3779b1) >>> 0) / 4294967296
  return 0.1 + 0.9 * x * x
}

export class LivingWorld {
  private lastStep: number
  private readonly rng: Random
  /** Sessions inside a server call, per cluster; rebuilt when someone else changed the cluster. */
  private readonly inCall = new Map<SimCluster, { revision: number; ids: Set<string> }>()
  /** Sessions changed during the current advance: only their cached bytes are re-encoded. */
  private readonly touched = new Set<SessionRecord>()
  /** Calls that were started as long ones (they do not finish in seconds like ordinary calls). */
  private readonly longCalls = new WeakSet<SessionRecord>()
  /** Processes, managed locks and blocking chains (around-life.ts), on their own random stream. */
  private readonly around: AroundLife

  constructor(
    private readonly world: SimulatorWorld,
    seed: number,
    /** Session count each cluster drifts back to. */
    private readonly targetSessions: number,
  ) {
    this.rng = new Random(seed ^ 0x11f3c0de)
    this.around = new AroundLife(world, seed)
    this.lastStep = Math.floor(world.serverNow() / STEP_MS)
  }

  /** Brings the world up to the clock's current second. */
  advance(): void {
    const step = Math.floor(this.world.serverNow() / STEP_MS)
    if (step <= this.lastStep) return
    const from = Math.max(this.lastStep, step - MAX_CATCH_UP_STEPS)
    for (const cluster of this.world.clusters) {
      const calls = this.callsOf(cluster)
      for (let s = from + 1; s <= step; s++) this.tick(cluster, calls, s * STEP_MS)
      this.world.sessionsChanged(cluster, this.touched)
      this.touched.clear()
      this.inCall.set(cluster, { revision: cluster.revision, ids: calls })
    }
    this.lastStep = step
  }

  private callsOf(cluster: SimCluster): Set<string> {
    const known = this.inCall.get(cluster)
    if (known && known.revision === cluster.revision) return known.ids
    const ids = new Set<string>()
    for (const s of cluster.sessions.values()) if (s.durationCurrent > 0) ids.add(s.session)
    return ids
  }

  private tick(cluster: SimCluster, calls: Set<string>, now: number): void {
    this.progressCalls(cluster, calls, now)
    this.showActivity(cluster, calls, now)
    this.churn(cluster, calls, now)
    this.around.tick(cluster, calls, now, this.touched)
  }

  /** Running calls get one second longer; short ones usually finish, long ones rarely. */
  private progressCalls(cluster: SimCluster, calls: Set<string>, now: number): void {
    for (const id of calls) {
      const s = cluster.sessions.get(id)
      if (!s || s.durationCurrent === 0) {
        calls.delete(id)
        continue
      }
      const waiting = s.blockedByDbms !== 0 || s.blockedByLs !== 0
      // Waiters give up now and then (a lock wait times out); long calls rarely finish.
      const long = s.durationCurrent >= SHORT_CALL_MS || this.longCalls.has(s)
      const finishChance = waiting ? 0.01 : long ? 0.002 : 0.35
      this.touched.add(s)
      if (this.rng.chance(finishChance)) {
        this.world.releaseWaiters(cluster, s.sessionId)
        cluster.locks = cluster.locks.filter((l) => l.session !== s.session)
        s.blockedByDbms = 0
        s.blockedByLs = 0
        cluster.waiting.delete(s)
        this.longCalls.delete(s)
        finishCall(s, now)
        calls.delete(id)
        continue
      }
      s.durationCurrent = addI32(s.durationCurrent, STEP_MS)
      s.durationCurrentDbms = addI32(s.durationCurrentDbms, waiting ? STEP_MS : this.rng.int(300, STEP_MS))
      s.cpuTimeCurrent += this.rng.int(0, 400)
      if (s.dbProcTook > 0) s.dbProcTook = s.durationCurrentDbms
    }
  }

  /** A sample of idle sessions make a call: counters grow and last-active-at moves. */
  private showActivity(cluster: SimCluster, calls: Set<string>, now: number): void {
    const size = cluster.sessions.size
    if (size === 0) return
    const sample = Math.min(300, Math.ceil(size * 0.01))
    for (let i = 0; i < sample; i++) {
      const s = cluster.sessions.at(this.rng.int(0, size - 1))
      if (s.durationCurrent > 0) continue
      if (s.hibernate) {
        if (this.rng.chance(0.1)) this.wake(cluster, s, now)
        continue
      }
      if (this.rng.next() > activityOf(s)) {
        this.rest(cluster, s, now)
        continue
      }
      this.touched.add(s)
      recordCalls(s, this.rng)
      s.lastActiveAt = now
      if (this.rng.chance(0.08) && s.connection !== EMPTY_UUID) {
        startCall(s, this.rng, now, this.rng.int(10, 900))
        calls.add(s.session)
        if (this.rng.chance(0.01)) this.longCalls.add(s) // a heavy report or a period close
        if (this.rng.chance(0.03)) this.waitOnSomeLock(cluster, calls, s)
      }
    }
  }

  /** An idle session: its 5-minute figures fade, and a client asleep at the keyboard hibernates. */
  private rest(cluster: SimCluster, s: SessionRecord, now: number): void {
    const idleMs = now - (s.lastActiveAt ?? now)
    if (idleMs > 5 * 60_000 && s.callsLast5min > 0) {
      s.callsLast5min = s.bytesLast5min = s.dbmsBytesLast5min = 0
      s.durationLast5min = s.durationLast5minDbms = s.durationLast5minService = 0
      s.memoryLast5min = s.readLast5min = s.writeLast5min = s.cpuTimeLast5min = 0
      this.touched.add(s)
    }
    if (idleMs > HIBERNATE_AFTER_MS && !NEVER_HIBERNATE.has(s.appId) && s.blockedByDbms === 0 && s.blockedByLs === 0) {
      cluster.connections.delete(s.connection)
      cluster.locks = cluster.locks.filter((l) => l.session !== s.session)
      s.hibernate = true
      s.connection = EMPTY_UUID
      s.process = EMPTY_UUID
      this.touched.add(s)
    }
  }

  /** A hibernated session comes back: it gets a new connection to a working process. */
  private wake(cluster: SimCluster, s: SessionRecord, now: number): void {
    const connection = attachConnection(cluster, s, this.rng, now)
    connection.connectedAt = now
    cluster.connections.set(connection.connection, connection)
    s.hibernate = false
    s.lastActiveAt = now
    this.touched.add(s)
  }

  /** The new call runs into a lock held by a long call of the same infobase, if there is one. */
  private waitOnSomeLock(cluster: SimCluster, calls: Set<string>, waiter: SessionRecord): void {
    for (const id of calls) {
      const holder = cluster.sessions.get(id)
      if (!holder || holder === waiter || holder.infobase !== waiter.infobase) continue
      if (holder.durationCurrent < SHORT_CALL_MS || holder.blockedByDbms || holder.blockedByLs) continue
      this.world.blockSession(cluster, waiter, holder, this.rng.chance(0.5) ? 'dbms' : 'ls')
      return
    }
  }

  /** Sessions end at the rate of a four-hour average life; new ones keep the count near the target. */
  private churn(cluster: SimCluster, calls: Set<string>, now: number): void {
    const size = cluster.sessions.size
    const ends = this.count(size / MEAN_SESSION_LIFETIME_S)
    for (let i = 0; i < ends && cluster.sessions.size > 0; i++) {
      const s = cluster.sessions.at(this.rng.int(0, cluster.sessions.size - 1))
      calls.delete(s.session)
      this.world.removeSession(cluster, s.session)
    }
    const deficit = Math.max(0, this.targetSessions - cluster.sessions.size)
    const starts = this.count(this.targetSessions / MEAN_SESSION_LIFETIME_S + deficit * 0.002)
    for (let i = 0; i < starts; i++) this.tryStartSession(cluster, now)
  }

  /**
   * A client tries to start a session. While its infobase denies sessions, it gets in only when it
   * carries the permission code (a few do, if a code is set); background jobs stay out while
   * scheduled jobs are denied.
   */
  private tryStartSession(cluster: SimCluster, now: number): void {
    const infobase = pickInfobase(cluster, this.rng)
    const appId = pickAppId(this.rng)
    if (appId === 'BackgroundJob' && infobase.scheduledJobsDeny) return
    let withCode = false
    if (this.world.sessionsDenied(infobase, now)) {
      withCode = infobase.permissionCode !== '' && this.rng.chance(0.05)
      if (!withCode) {
        this.world.refusedByDeny++
        return
      }
    }
    const created = createSession(cluster, this.rng, now, {
      infobase: infobase.infobase,
      appId,
      ageMs: this.rng.int(0, STEP_MS - 1),
    })
    cluster.sessions.add(created.session)
    if (created.connection) cluster.connections.set(created.connection.connection, created.connection)
    if (withCode) this.world.admittedWithPermissionCode.add(created.session.session)
  }

  /** An event count for a per-step expected rate: the whole part plus a chance for the fraction. */
  private count(rate: number): number {
    const whole = Math.floor(rate)
    return whole + (this.rng.chance(rate - whole) ? 1 : 0)
  }
}

const I32_MAX = 2 ** 31 - 1
/** i32 counters saturate instead of overflowing the wire type on a very long run. */
const addI32 = (a: number, b: number) => Math.min(I32_MAX, a + b)
/** The last-5-minutes figures keep about three bursts of activity: older ones fade out. */
const recent = (last5: number, added: number) => Math.round(last5 * 0.7) + added

/** An idle session makes a few quick server calls: totals and 5-minute figures grow. */
function recordCalls(s: SessionRecord, rng: Random): void {
  const calls = rng.int(1, 3)
  const ms = calls * rng.int(10, 400)
  const bytes = calls * rng.int(2_000, 60_000)
  const dbmsBytes = calls * rng.int(5_000, 200_000)
  const memory = calls * rng.int(100_000, 3_000_000)
  const read = rng.int(0, 100_000)
  const write = rng.int(0, 40_000)
  const cpu = Math.round(ms * 0.5)
  s.callsAll = addI32(s.callsAll, calls)
  s.callsLast5min = recent(s.callsLast5min, calls)
  s.durationAll = addI32(s.durationAll, ms)
  s.durationLast5min = recent(s.durationLast5min, ms)
  s.durationAllDbms = addI32(s.durationAllDbms, Math.round(ms * 0.4))
  s.durationLast5minDbms = recent(s.durationLast5minDbms, Math.round(ms * 0.4))
  s.bytesAll += bytes
  s.bytesLast5min = recent(s.bytesLast5min, bytes)
  s.dbmsBytesAll += dbmsBytes
  s.dbmsBytesLast5min = recent(s.dbmsBytesLast5min, dbmsBytes)
  s.memoryTotal += memory
  s.memoryLast5min = recent(s.memoryLast5min, memory)
  s.readTotal += read
  s.readLast5min = recent(s.readLast5min, read)
  s.writeTotal += write
  s.writeLast5min = recent(s.writeLast5min, write)
  s.cpuTimeTotal += cpu
  s.cpuTimeLast5min = recent(s.cpuTimeLast5min, cpu)
}

/** A call finishes: its time moves into the totals. */
function finishCall(s: SessionRecord, now: number): void {
  s.callsAll = addI32(s.callsAll, 1)
  s.callsLast5min += 1
  s.durationAll = addI32(s.durationAll, s.durationCurrent)
  s.durationAllDbms = addI32(s.durationAllDbms, s.durationCurrentDbms)
  s.durationLast5min += s.durationCurrent
  s.durationLast5minDbms += s.durationCurrentDbms
  s.cpuTimeTotal += s.cpuTimeCurrent
  s.lastActiveAt = now
  endCall(s)
}

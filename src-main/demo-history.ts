/**
 * The demo cluster's past (issue 17): 24 hours of history, a sample a minute, written through the
 * history store while the embedded simulator fast-forwards its living world up to the server's now
 * (simulator/fast-forward.ts), so a new user sees charts at once and the charts run on into the
 * live demo — the same sessions, the same clock. Deterministic for a seed and a start time. The
 * timeline gets marks too: an infobase locked for 45 minutes (the living world turns new sessions
 * away meanwhile) and a few sessions terminated.
 */
import type { ClusterSample, HistoryStore, SampleSessions } from './history/history-port'
import type { SessionRecord } from './ras/records'
import { CatchUpClock, fastForward, type RunningSimulator } from './simulator'
import type { SimCluster } from './simulator/model'

export const DEMO_HISTORY_MS = 24 * 3_600_000
export const DEMO_STEP_MS = 60_000
/**
 * How long the world lives before the first sample. A fresh simulated world's 5-minute counters
 * are its generator's, about three times what its living sessions settle to within ~15 minutes:
 * sampled from the start, every chart of the demo opened on a spike ("CPU peaked at the start").
 */
export const DEMO_WARM_UP_MS = 20 * 60_000

/** Where on the 24 h the marks fall, in steps from the start. */
const TERMINATE_AT = [240, 780, 1260]
const LOCK_AT = 1020
const LOCK_MINUTES = 45
const LOCK_MESSAGE = 'Обновление конфигурации'

export interface DemoHistoryReport {
  samples: number
  from: number
  to: number
}

/** True when the store holds no sample of any of these clusters. */
export function historyIsEmptyFor(store: HistoryStore, clusters: readonly string[]): boolean {
  return clusters.every((id) => (store.cluster(id)?.newest ?? null) === null)
}

/** One cluster of the simulated world at server time `at`, as the app would have sampled it. */
export function sampleOf(cluster: SimCluster, server: string, at: number): ClusterSample {
  const names = new Map(cluster.infobases.map((ib) => [ib.infobase, ib.name]))
  const s: SampleSessions = {
    session: [],
    sessionId: [],
    userName: [],
    infobaseName: [],
    host: [],
    appId: [],
    cpu: [],
    memory: [],
    dbms: [],
    calls: [],
  }
  const totals = {
    sessions: 0,
    active: 0,
    sleeping: 0,
    byAppId: {} as Record<string, number>,
    cpu: 0,
    memory: 0,
    dbms: 0,
    calls: 0,
  }
  for (const r of cluster.sessions.values()) {
    s.session.push(r.session.toLowerCase())
    s.sessionId.push(r.sessionId)
    s.userName.push(r.userName)
    s.infobaseName.push(names.get(r.infobase) ?? '')
    s.host.push(r.host)
    s.appId.push(r.appId)
    s.cpu.push(r.cpuTimeLast5min)
    s.memory.push(r.memoryLast5min)
    s.dbms.push(r.durationLast5minDbms)
    s.calls.push(r.callsLast5min)
    totals.sessions++
    if (r.hibernate) totals.sleeping++
    else totals.active++
    totals.byAppId[r.appId] = (totals.byAppId[r.appId] ?? 0) + 1
    totals.cpu += r.cpuTimeLast5min
    totals.memory += r.memoryLast5min
    totals.dbms += r.durationLast5minDbms
    totals.calls += r.callsLast5min
  }
  return {
    cluster: cluster.info.cluster.toLowerCase(),
    server,
    clusterName: cluster.info.name,
    at,
    totals,
    sessions: s,
  }
}

/** The two busiest client sessions (by CPU over the last 5 minutes, then number): the ones "terminated". */
function busiest(cluster: SimCluster): SessionRecord[] {
  return [...cluster.sessions.values()]
    .filter((r) => r.appId === '1CV8C' || r.appId === '1CV8' || r.appId === 'WebClient')
    .sort((a, b) => b.cpuTimeLast5min - a.cpuTimeLast5min || a.sessionId - b.sessionId)
    .slice(0, 2)
}

/**
 * Fast-forwards `sim` (started on `clock`, DEMO_WARM_UP_MS + DEMO_HISTORY_MS behind) to now,
 * writing a sample of every cluster each step of the last DEMO_HISTORY_MS and the marks on the
 * way. `server` is the demo's `host:port`.
 */
export function writeDemoHistory(
  store: HistoryStore,
  sim: RunningSimulator,
  clock: CatchUpClock,
  server: string,
): DemoHistoryReport {
  const first = sim.world.clusters[0]!
  const locked = first.infobases[Math.min(1, first.infobases.length - 1)]!
  const saved = { ...locked }
  let samples = 0
  let from: number | null = null
  let to = 0
  let step = 0
  for (const at of fastForward(sim, clock, DEMO_STEP_MS)) {
    if (clock.behindMs >= DEMO_HISTORY_MS) continue // still warming up
    step++
    from ??= at
    to = at
    if (TERMINATE_AT.includes(step)) {
      const gone = busiest(first)
      for (const r of gone) sim.world.removeSession(first, r.session)
      store.recordEvent({
        cluster: first.info.cluster,
        server,
        at,
        kind: 'terminate',
        infobaseName: '',
        detail: `${gone.map((r) => `${r.userName} #${r.sessionId}`).join(', ')}; terminated ${gone.length}, gone 0, failed 0`,
      })
    }
    if (step === LOCK_AT) {
      Object.assign(locked, {
        sessionsDeny: true,
        deniedFrom: at,
        deniedTo: at + LOCK_MINUTES * 60_000,
        deniedMessage: LOCK_MESSAGE,
      })
    }
    if (step >= LOCK_AT && step <= LOCK_AT + LOCK_MINUTES + 1) {
      const active = sim.world.sessionsDenied(locked, at)
      store.observeLock({
        cluster: first.info.cluster,
        server,
        infobase: locked.infobase,
        infobaseName: locked.name,
        at,
        active,
        deniedFrom: locked.deniedFrom,
        deniedTo: locked.deniedTo,
        message: LOCK_MESSAGE,
      })
      if (!active) Object.assign(locked, saved)
    }
    for (const cluster of sim.world.clusters) store.record(sampleOf(cluster, server, at))
    samples++
  }
  return { samples, from: from ?? to, to }
}

/**
 * Samples for the history tests: a seeded world of sessions that come, go and change their
 * counters, and the reference computation of consumption the store must agree with.
 */
import type { ClusterSample, Metric, SampleSessions } from '../../../src-main/history/history-port'

export const CLUSTER = '0a1b2c3d-0000-4000-8000-000000000001'
export const SERVER = 'srv:1545'

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Live {
  session: string
  sessionId: number
  userName: string
  infobaseName: string
  host: string
  appId: string
  v: [number, number, number, number]
}

const USERS = ['Иванов И.И.', 'Петрова А.С.', 'Robot', '', 'Сидоров П.П.', 'Kuznetsov']
const APPS = ['1CV8C', 'WebClient', 'BackgroundJob', 'COMConnection']

/** A cluster whose sessions change a little every step (some come, some go, some work). */
export class World {
  private readonly rnd: () => number
  private next = 1
  private readonly size: number
  readonly live: Live[] = []
  constructor(
    seed: number,
    sessions: number,
    readonly cluster = CLUSTER,
  ) {
    this.rnd = prng(seed)
    this.size = sessions
    for (let i = 0; i < sessions; i++) this.add()
  }
  private add() {
    const r = this.rnd
    const n = this.next++
    this.live.push({
      session: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
      sessionId: n,
      userName: USERS[Math.floor(r() * USERS.length)]!,
      infobaseName: `ib${Math.floor(r() * 4)}`,
      host: `ws-${Math.floor(r() * 30)}`,
      appId: APPS[Math.floor(r() * APPS.length)]!,
      v: [0, 0, 0, 0],
    })
  }
  /** Moves time on: `churn` of the sessions end and as many start, `busy` of them change counters. */
  step(busy = 0.3, churn = 0.02): void {
    const r = this.rnd
    for (let i = this.live.length - 1; i >= 0; i--) if (r() < churn) this.live.splice(i, 1)
    while (this.live.length < this.size) this.add()
    for (const s of this.live) {
      if (r() >= busy) continue
      const idle = r() < 0.3
      s.v = idle
        ? [0, 0, 0, 0]
        : [
            Math.floor(r() * 300_000),
            Math.floor(r() * 5e9) - (r() < 0.05 ? 6e9 : 0),
            Math.floor(r() * 100_000),
            Math.floor(r() * 500),
          ]
    }
  }
  sample(at: number): ClusterSample {
    const sessions: SampleSessions = {
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
    const byAppId: Record<string, number> = {}
    const totals = { sessions: 0, active: 0, sleeping: 0, byAppId, cpu: 0, memory: 0, dbms: 0, calls: 0 }
    for (const s of this.live) {
      sessions.session.push(s.session)
      sessions.sessionId.push(s.sessionId)
      sessions.userName.push(s.userName)
      sessions.infobaseName.push(s.infobaseName)
      sessions.host.push(s.host)
      sessions.appId.push(s.appId)
      sessions.cpu.push(s.v[0])
      sessions.memory.push(s.v[1])
      sessions.dbms.push(s.v[2])
      sessions.calls.push(s.v[3])
      totals.sessions++
      totals.active++
      byAppId[s.appId] = (byAppId[s.appId] ?? 0) + 1
      totals.cpu += s.v[0]
      totals.memory += s.v[1]
      totals.dbms += s.v[2]
      totals.calls += s.v[3]
    }
    return { cluster: this.cluster, server: SERVER, clusterName: 'Test', at, totals, sessions }
  }
}

/** What the store must answer, computed from the samples as recorded (in recording order). */
export function referenceTop(samples: readonly ClusterSample[], from: number, to: number, by: Metric) {
  const k = { cpu: 0, memory: 1, dbms: 2, calls: 3 }[by]
  const perSession = new Map<string, { user: string; v: number[] }>()
  const usersSessions = new Map<string, Set<string>>()
  let prevAt: number | null = null
  for (const s of samples) {
    const w = prevAt === null ? 300 : Math.min(300, Math.max(0, Math.round((s.at - prevAt) / 1000)))
    prevAt = s.at
    if (s.at < from || s.at >= to) continue
    const x = s.sessions
    for (let i = 0; i < x.session.length; i++) {
      const user = x.userName[i]!
      let set = usersSessions.get(user)
      if (!set) usersSessions.set(user, (set = new Set()))
      set.add(x.session[i]!)
      let e = perSession.get(x.session[i]!)
      if (!e) perSession.set(x.session[i]!, (e = { user, v: [0, 0, 0, 0] }))
      const vals = [x.cpu[i]!, x.memory[i]!, x.dbms[i]!, x.calls[i]!]
      for (let j = 0; j < 4; j++) e.v[j]! += (vals[j]! * w) / 300
    }
  }
  const users = new Map<string, number[]>()
  for (const e of perSession.values()) {
    const u = users.get(e.user) ?? [0, 0, 0, 0]
    for (let j = 0; j < 4; j++) u[j]! += e.v[j]!
    users.set(e.user, u)
  }
  return {
    users: [...users]
      .filter(([, v]) => v[k] !== 0)
      .map(([user, v]) => ({ user, sessions: usersSessions.get(user)!.size, v }))
      .sort((a, b) => b.v[k]! - a.v[k]! || a.user.localeCompare(b.user)),
    sessions: [...perSession]
      .filter(([, e]) => e.v[k] !== 0)
      .map(([session, e]) => ({ session, v: e.v }))
      .sort((a, b) => b.v[k]! - a.v[k]! || a.session.localeCompare(b.session)),
  }
}

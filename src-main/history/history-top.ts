/**
 * "Who consumed it": the top users, sessions and infobases of a period by one metric, from what
 * each session consumed (history-replay.ts `consumption`). Every session alive in the period
 * counts for its user and infobase, consuming or not; rows that consumed nothing of the metric
 * are left out.
 */
import type Database from 'better-sqlite3'
import { METRIC_INDEX, toConsumption } from './history-blob'
import {
  METRICS,
  type Counters,
  type TopInfobase,
  type TopQuery,
  type TopResult,
  type TopSession,
  type TopUser,
} from './history-port'
import { consumption } from './history-consumption'
import { aliveSessions } from './history-sessions'

const zero = (): Counters => ({ cpu: 0, memory: 0, dbms: 0, calls: 0 })

function add(to: Counters, what: Counters): void {
  for (const m of METRICS) to[m] += what[m]
}

export function topConsumers(
  db: Database.Database,
  clusters: Array<[uuid: string, cref: number]>,
  q: TopQuery,
): TopResult {
  const limit = q.limit ?? 10
  const k = METRIC_INDEX[q.by]
  const users = new Map<string, TopUser>()
  const infobases = new Map<string, TopInfobase & { userSet: Set<string> }>()
  const sessions: TopSession[] = []
  let samples = 0
  for (const [uuid, cref] of clusters) {
    const { sums, samples: n } = consumption(db, cref, q.from, q.to)
    samples += n
    for (const s of aliveSessions(db, cref, q.from, q.to)) {
      const v = sums.get(s.id) ?? [0, 0, 0, 0]
      const used = toConsumption(v)
      const userKey = `${uuid}\n${s.user}`
      let u = users.get(userKey)
      if (!u) users.set(userKey, (u = { cluster: uuid, userName: s.user, sessions: 0, consumption: zero() }))
      u.sessions++
      add(u.consumption, used)
      const ibKey = `${uuid}\n${s.infobase}`
      let ib = infobases.get(ibKey)
      if (!ib) {
        ib = { cluster: uuid, infobaseName: s.infobase, sessions: 0, users: 0, consumption: zero(), userSet: new Set() }
        infobases.set(ibKey, ib)
      }
      ib.sessions++
      ib.userSet.add(s.user)
      add(ib.consumption, used)
      if (v[k] !== 0) {
        sessions.push({
          cluster: uuid,
          session: s.uuid,
          sessionId: s.session_id,
          userName: s.user,
          infobaseName: s.infobase,
          appId: s.app,
          host: s.host,
          consumption: used,
        })
      }
    }
  }
  const byMetric = <T extends { consumption: Counters }>(a: T, b: T) => b.consumption[q.by] - a.consumption[q.by]
  const consumed = <T extends { consumption: Counters }>(x: T) => x.consumption[q.by] !== 0
  return {
    from: q.from,
    to: q.to,
    by: q.by,
    users: [...users.values()]
      .filter(consumed)
      .sort((a, b) => byMetric(a, b) || a.userName.localeCompare(b.userName))
      .slice(0, limit),
    sessions: sessions.sort((a, b) => byMetric(a, b) || a.session.localeCompare(b.session)).slice(0, limit),
    infobases: [...infobases.values()]
      .filter(consumed)
      .sort((a, b) => byMetric(a, b) || a.infobaseName.localeCompare(b.infobaseName))
      .slice(0, limit)
      .map(({ userSet, ...ib }) => ({ ...ib, users: userSet.size })),
    samples,
  }
}

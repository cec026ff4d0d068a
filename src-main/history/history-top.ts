/**
 * "Who consumed it": the top users, sessions and infobases of a period by one metric, from what
 * each session consumed (history-consumption.ts). Every session alive in the period counts for its
 * user and infobase, consuming or not; rows that consumed nothing of the metric are left out.
 *
 * A day of a 10,000-session cluster is 10,000 sessions or more: they are added up by their texts'
 * dictionary ids, as integers (Σ value × w is exact), and only the rows that make a list are
 * turned into texts and objects.
 */
import type Database from 'better-sqlite3'
import { METRIC_INDEX, toConsumption, type Values } from './history-blob'
import type { TopInfobase, TopQuery, TopResult, TopSession, TopUser } from './history-port'
import { consumption } from './history-consumption'
import { prepared } from './statements'

const ALIVE = 'cluster = ? AND appeared < ? AND (ended IS NULL OR ended > ?)'

interface Group {
  sessions: number
  sums: Values
  users?: Set<number>
}

/** A session that consumed some of the metric, until the lists are cut. */
interface Candidate {
  cluster: string
  ref: number
  sums: Values
}

function addTo(groups: Map<number, Group>, key: number, sums: Values | undefined, user?: number): void {
  let g = groups.get(key)
  if (!g)
    groups.set(key, (g = { sessions: 0, sums: [0, 0, 0, 0], ...(user !== undefined ? { users: new Set() } : {}) }))
  g.sessions++
  if (user !== undefined) g.users!.add(user)
  if (sums) for (let k = 0; k < 4; k++) g.sums[k]! += sums[k]!
}

/** The `limit` largest by `metric`, and every row tied with the last of them (ties are cut by name later). */
function largest<T>(rows: T[], value: (x: T) => number, limit: number): T[] {
  const sorted = rows.sort((a, b) => value(b) - value(a))
  const cut = sorted[limit - 1]
  return cut === undefined ? sorted : sorted.filter((x, i) => i < limit || value(x) === value(cut))
}

export function topConsumers(
  db: Database.Database,
  clusters: Array<[uuid: string, cref: number]>,
  q: TopQuery,
): TopResult {
  const limit = q.limit ?? 10
  const k = METRIC_INDEX[q.by]
  const text = prepared(db, 'SELECT text FROM dict WHERE id = ?', 'pluck')
  const session = prepared(db, 'SELECT uuid, session_id, user, infobase, host, app FROM sessions WHERE id = ?', 'raw')
  const alive = prepared(db, `SELECT id, user, infobase FROM sessions WHERE ${ALIVE}`, 'raw')
  const named = (id: number) => (text.get(id) as string | undefined) ?? ''
  const users: TopUser[] = []
  const infobases: TopInfobase[] = []
  const candidates: Candidate[] = []
  let samples = 0
  for (const [uuid, cref] of clusters) {
    const { sums, samples: n } = consumption(db, cref, q.from, q.to)
    samples += n
    const byUser = new Map<number, Group>()
    const byInfobase = new Map<number, Group>()
    for (const [ref, user, infobase] of alive.all(cref, q.to, q.from) as Array<[number, number, number]>) {
      const v = sums.get(ref)
      addTo(byUser, user, v)
      addTo(byInfobase, infobase, v, user)
      if (v && v[k] !== 0) candidates.push({ cluster: uuid, ref, sums: v })
    }
    for (const [id, g] of largest(
      [...byUser].filter(([, g]) => g.sums[k] !== 0),
      ([, g]) => g.sums[k]!,
      limit,
    )) {
      users.push({ cluster: uuid, userName: named(id), sessions: g.sessions, consumption: toConsumption(g.sums) })
    }
    for (const [id, g] of largest(
      [...byInfobase].filter(([, g]) => g.sums[k] !== 0),
      ([, g]) => g.sums[k]!,
      limit,
    )) {
      infobases.push({
        cluster: uuid,
        infobaseName: named(id),
        sessions: g.sessions,
        users: g.users!.size,
        consumption: toConsumption(g.sums),
      })
    }
  }
  const sessions: TopSession[] = largest(candidates, (c) => c.sums[k]!, limit).map((c) => {
    const [uuid, sessionId, user, infobase, host, app] = session.get(c.ref) as [
      string,
      number,
      number,
      number,
      number,
      number,
    ]
    return {
      cluster: c.cluster,
      session: uuid,
      sessionId,
      userName: named(user),
      infobaseName: named(infobase),
      appId: named(app),
      host: named(host),
      consumption: toConsumption(c.sums),
    }
  })
  const by = (a: { consumption: TopUser['consumption'] }, b: { consumption: TopUser['consumption'] }) =>
    b.consumption[q.by] - a.consumption[q.by]
  return {
    from: q.from,
    to: q.to,
    by: q.by,
    users: users.sort((a, b) => by(a, b) || a.userName.localeCompare(b.userName)).slice(0, limit),
    sessions: sessions.sort((a, b) => by(a, b) || a.session.localeCompare(b.session)).slice(0, limit),
    infobases: infobases.sort((a, b) => by(a, b) || a.infobaseName.localeCompare(b.infobaseName)).slice(0, limit),
    samples,
  }
}

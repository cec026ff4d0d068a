/**
 * A user's sessions: the sessions of a query with what each consumed, and their counters over
 * time. (The timeline's totals are history-totals.ts.)
 */
import type Database from 'better-sqlite3'
import { BUCKET_MS, bucketOf, forEachBucket, refFilter, toConsumption } from './history-blob'
import type { SessionHistory, SessionPoint, SessionQuery, SessionUse } from './history-port'
import { buckets, foldedUntil, replay } from './history-replay'
import { consumption } from './history-consumption'
import { sessionsOf, spanOf } from './history-sessions'

export function sessionUse(db: Database.Database, cref: number, q: SessionQuery): SessionUse[] {
  const rows = sessionsOf(db, cref, q)
  if (rows.length === 0) return []
  const { sums } = consumption(db, cref, q.from, q.to, refFilter(rows.map((r) => r.id)))
  return rows.map((r) => ({ ...spanOf(r), consumption: toConsumption(sums.get(r.id) ?? [0, 0, 0, 0]) }))
}

/**
 * The counters of the sessions a query names at each sample (and each folded bucket) of its
 * period. Only the samples while one of them lived can hold them, so only those are read: a
 * user's morning sessions do not replay the whole day.
 */
export function sessionHistory(db: Database.Database, cref: number, q: SessionQuery): SessionHistory {
  const rows = sessionsOf(db, cref, q)
  if (rows.length === 0) return { sessions: [], points: [] }
  const refs = new Map(rows.map((r) => [r.id, r.uuid]))
  const only = refFilter(refs.keys())
  // A bucket's width of slack: another writer's sample may come a little before `appeared`.
  const from = Math.max(q.from, Math.min(...rows.map((r) => r.appeared)) - BUCKET_MS)
  const to = Math.min(q.to, Math.max(...rows.map((r) => r.ended ?? Infinity)) + BUCKET_MS)
  const points: SessionPoint[] = []
  const folded = foldedUntil(db, cref)
  if (from < folded) {
    for (const b of buckets(db, cref, Math.max(q.from, bucketOf(from)), Math.min(to, folded))) {
      forEachBucket(
        b.data,
        (ref, v) => points.push({ session: refs.get(ref)!, at: b.start, kind: 'bucket', ...toConsumption(v) }),
        only,
      )
    }
  }
  for (const { at, state } of replay(db, cref, Math.max(from, folded), to, only)) {
    for (const [ref, session] of refs) {
      const v = state.get(ref)
      if (v) points.push({ session, at, kind: 'sample', cpu: v[0], memory: v[1], dbms: v[2], calls: v[3] })
    }
  }
  return { sessions: rows.map(spanOf), points }
}

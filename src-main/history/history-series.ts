/**
 * The timeline's data and a user's sessions: a cluster's totals column by column (one array per
 * figure, as the contract sends them), and the sessions of a query with what each consumed.
 */
import type Database from 'better-sqlite3'
import { BUCKET_MS, bucketOf, forEachBucket, refFilter, toConsumption } from './history-blob'
import type { Period, SessionHistory, SessionPoint, SessionQuery, SessionUse, TotalsColumns } from './history-port'
import { buckets, foldedUntil, replay } from './history-replay'
import { consumption } from './history-consumption'
import { sessionsOf, spanOf } from './history-sessions'

export function emptyColumns(): TotalsColumns {
  return { at: [], sessions: [], active: [], sleeping: [], byAppId: {}, cpu: [], memory: [], dbms: [], calls: [] }
}

/** `apps` of a sample is a JSON list [dictId, count, dictId, count, …] (sqlite-history.ts writes it). */
export function totalsColumns(db: Database.Database, cref: number, period: Period): TotalsColumns {
  const out = emptyColumns()
  const names = new Map<number, string>()
  const nameOf = (id: number) => {
    let name = names.get(id)
    if (name === undefined) {
      const row = db.prepare('SELECT text FROM dict WHERE id = ?').get(id) as { text: string } | undefined
      names.set(id, (name = row?.text ?? '?'))
    }
    return name
  }
  const rows = db
    .prepare(
      'SELECT at, sessions, active, sleeping, cpu, memory, dbms, calls, apps FROM samples WHERE cluster = ? AND at >= ? AND at < ? ORDER BY at, id',
    )
    .raw()
    .iterate(cref, period.from, period.to) as IterableIterator<
    [number, number, number, number, number, number, number, number, string]
  >
  let i = 0
  for (const [at, sessions, active, sleeping, cpu, memory, dbms, calls, apps] of rows) {
    out.at.push(at)
    out.sessions.push(sessions)
    out.active.push(active)
    out.sleeping.push(sleeping)
    out.cpu.push(cpu)
    out.memory.push(memory)
    out.dbms.push(dbms)
    out.calls.push(calls)
    const list = JSON.parse(apps) as number[]
    for (let j = 0; j < list.length; j += 2) {
      const app = nameOf(list[j]!)
      // An app id first seen at sample i had 0 sessions before it.
      const column = (out.byAppId[app] ??= new Array<number>(i).fill(0))
      column.push(list[j + 1]!)
    }
    i++
    for (const column of Object.values(out.byAppId)) if (column.length < i) column.push(0)
  }
  return out
}

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

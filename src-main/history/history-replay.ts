/**
 * Reading a cluster's per-session counters back: raw samples replayed from the keyframe at or
 * before a period (history-file.ts has the layout), folded 5-minute buckets, and what each
 * session consumed in a period from either.
 */
import type Database from 'better-sqlite3'
import { applyRaw, decodeBucket, sampleWeight, type Values } from './history-blob'

/** Where a cluster's raw samples end and its folded buckets begin (0: nothing folded yet). */
export function foldedUntil(db: Database.Database, cref: number): number {
  return (db.prepare('SELECT folded_until AS f FROM clusters WHERE id = ?').get(cref) as { f: number }).f
}

export function* replay(
  db: Database.Database,
  cref: number,
  from: number,
  to: number,
): Generator<{ at: number; w: number; state: Map<number, Values> }> {
  const key = db
    .prepare(
      'SELECT max(s.id) AS id FROM samples s JOIN raw r ON r.sample = s.id WHERE s.cluster = ? AND r.full = 1 AND s.at <= ?',
    )
    .get(cref, from) as { id: number | null }
  const first =
    key.id ??
    (
      db
        .prepare('SELECT min(s.id) AS id FROM samples s JOIN raw r ON r.sample = s.id WHERE s.cluster = ?')
        .get(cref) as {
        id: number | null
      }
    ).id
  if (first === null) return
  const prev = db
    .prepare('SELECT at FROM samples WHERE cluster = ? AND id < ? ORDER BY id DESC LIMIT 1')
    .get(cref, first) as { at: number } | undefined
  let prevAt = prev?.at ?? null
  const state = new Map<number, Values>()
  const rows = db
    .prepare(
      'SELECT s.at AS at, r.full AS full, r.data AS data FROM samples s JOIN raw r ON r.sample = s.id WHERE s.cluster = ? AND s.id >= ? ORDER BY s.id',
    )
    .iterate(cref, first) as IterableIterator<{ at: number; full: number; data: Buffer }>
  for (const row of rows) {
    applyRaw(state, row.data, row.full === 1)
    const w = sampleWeight(row.at, prevAt)
    prevAt = row.at
    if (row.at >= to) {
      // Samples are in id order; one at or past `to` ends the period (a late one may follow
      // from another writer, but never by more than its clock's jitter).
      rows.return?.()
      return
    }
    if (row.at >= from) yield { at: row.at, w, state }
  }
}

export function* buckets(
  db: Database.Database,
  cref: number,
  from: number,
  to: number,
): Generator<{ start: number; sums: Generator<[number, Values]> }> {
  const rows = db
    .prepare('SELECT start, data FROM buckets WHERE cluster = ? AND start >= ? AND start < ? ORDER BY start')
    .iterate(cref, from, to) as IterableIterator<{ start: number; data: Buffer }>
  for (const row of rows) yield { start: row.start, sums: decodeBucket(row.data) }
}

/**
 * Σ value × w per session over a period: folded buckets before `folded_until`, raw after.
 * `only`: just these sessions (refs), e.g. one user's.
 */
export function consumption(
  db: Database.Database,
  cref: number,
  from: number,
  to: number,
  only?: ReadonlySet<number>,
): { sums: Map<number, Values>; samples: number } {
  const folded = foldedUntil(db, cref)
  const sums = new Map<number, Values>()
  const add = (ref: number, v: Values, w: number) => {
    let s = sums.get(ref)
    if (!s) sums.set(ref, (s = [0, 0, 0, 0]))
    for (let k = 0; k < 4; k++) s[k]! += v[k]! * w
  }
  let samples = 0
  if (from < folded) {
    for (const b of buckets(db, cref, from, Math.min(to, folded))) {
      samples++
      for (const [ref, v] of b.sums) if (!only || only.has(ref)) add(ref, v, 1)
    }
  }
  for (const { w, state } of replay(db, cref, Math.max(from, folded), to)) {
    samples++
    if (w === 0) continue
    if (only) {
      for (const ref of only) {
        const v = state.get(ref)
        if (v && (v[0] || v[1] || v[2] || v[3])) add(ref, v, w)
      }
    } else {
      for (const [ref, v] of state) if (v[0] || v[1] || v[2] || v[3]) add(ref, v, w)
    }
  }
  return { sums, samples }
}

/**
 * What a cluster's sessions consumed in each complete hour of raw samples, kept (table `hours`,
 * schema 2) so "who consumed it" over a day reads 24 sums instead of replaying 1,440 samples of
 * every session. The writer sums the hour that just ended when its first sample of the next hour
 * comes (once an hour, like folding); a sample written late into a summed hour drops that sum; an
 * hour without a sum is replayed from the raw samples. Same units as a bucket: Σ value × w.
 */
import type Database from 'better-sqlite3'
import { encodeBucket, forEachBucket, type RefFilter, type Values } from './history-blob'
import { rawSums } from './history-replay'

export const HOUR_MS = 3_600_000
export const hourOf = (t: number): number => Math.floor(t / HOUR_MS) * HOUR_MS

type Add = (ref: number, v: Readonly<Values>, w: number) => void

/** Sums hour `start` from its raw samples and keeps it (nothing when it has none). */
export function sumHour(db: Database.Database, cref: number, start: number): void {
  const sums = new Map<number, Values>()
  const add: Add = (ref, v, w) => {
    let s = sums.get(ref)
    if (!s) sums.set(ref, (s = [0, 0, 0, 0]))
    for (let k = 0; k < 4; k++) s[k]! += v[k]! * w
  }
  const samples = rawSums(db, cref, start, start + HOUR_MS, add)
  if (samples === 0) return
  db.prepare('INSERT OR REPLACE INTO hours (cluster, start, samples, data) VALUES (?, ?, ?, ?)').run(
    cref,
    start,
    samples,
    encodeBucket(sums),
  )
}

export function hasHour(db: Database.Database, cref: number, start: number): boolean {
  return db.prepare('SELECT 1 FROM hours WHERE cluster = ? AND start = ?').get(cref, start) !== undefined
}

/** A sample at `at` was written: a sum of its hour no longer holds. */
export function touchHour(db: Database.Database, cref: number, at: number): void {
  db.prepare('DELETE FROM hours WHERE cluster = ? AND start = ?').run(cref, hourOf(at))
}

export function dropHoursBefore(db: Database.Database, cref: number | null, t: number): void {
  if (cref === null) db.prepare('DELETE FROM hours WHERE start < ?').run(t)
  else db.prepare('DELETE FROM hours WHERE cluster = ? AND start < ?').run(cref, t)
}

/**
 * Σ value × w per session over the raw samples in [from, to): the summed hours inside it from
 * their sums, the rest (the edges, hours not summed) replayed; returns the samples counted.
 */
export function rawConsumption(
  db: Database.Database,
  cref: number,
  from: number,
  to: number,
  add: Add,
  only?: RefFilter,
): number {
  if (from >= to) return 0
  const first = Math.ceil(from / HOUR_MS) * HOUR_MS
  const last = hourOf(to)
  if (first >= last) return rawSums(db, cref, from, to, add, only)
  const rows = db
    .prepare('SELECT start, samples, data FROM hours WHERE cluster = ? AND start >= ? AND start < ?')
    .all(cref, first, last) as Array<{ start: number; samples: number; data: Buffer }>
  const summed = new Map(rows.map((r) => [r.start, r]))
  let samples = 0
  // Replays [gapFrom, t) if anything is pending, then moves the gap's start to `next`.
  let gapFrom = from
  const replayGap = (t: number, next: number) => {
    if (gapFrom < t) samples += rawSums(db, cref, gapFrom, t, add, only)
    gapFrom = next
  }
  for (let h = first; h < last; h += HOUR_MS) {
    const row = summed.get(h)
    if (!row) continue
    replayGap(h, h + HOUR_MS)
    samples += row.samples
    forEachBucket(row.data, (ref, v) => add(ref, v, 1), only)
  }
  replayGap(to, to)
  return samples
}

/**
 * What a cluster's sessions consumed in each complete hour and each complete 10 minutes of raw
 * samples, kept (tables `hours`, schema 2, and `tens`, schema 4) so "who consumed it" over a day
 * reads 23 hourly sums, a few 10-minute ones at its edges, and replays at most 10 minutes of raw
 * samples at each edge — a keyframe starts every 10 minutes (sqlite-history.ts) — instead of
 * 1,440 samples of every session. The writer sums the span that just ended when its first sample
 * of the next one comes (an hour from its tens); a sample written late into a summed span drops
 * that sum; a span without a sum is covered by the finer ones, or replayed from the raw samples.
 * Same units as a bucket: Σ value × w.
 */
import type Database from 'better-sqlite3'
import { addWeighted, encodeBucket, forEachBucket, type RefFilter, type Values } from './history-blob'
import { rawSums } from './history-replay'
import { prepared } from './statements'

export interface SumSpan {
  readonly table: 'hours' | 'tens'
  readonly ms: number
}

export const HOURS: SumSpan = { table: 'hours', ms: 3_600_000 }
export const TENS: SumSpan = { table: 'tens', ms: 600_000 }
/** Coarsest first: a period is covered by hours, what they leave by tens, the rest replayed. */
const SPANS: readonly SumSpan[] = [HOURS, TENS]

export const spanOf = (span: SumSpan, t: number): number => Math.floor(t / span.ms) * span.ms

type Add = (ref: number, v: Readonly<Values>, w: number) => void

/** Sums the span starting at `start` (from the finer sums where kept) and keeps it (nothing when it has no samples). */
export function sumSpan(db: Database.Database, cref: number, span: SumSpan, start: number): void {
  const sums = new Map<number, Values>()
  const add: Add = (ref, v, w) => addWeighted(sums, ref, v, w)
  const samples = covered(db, cref, start, start + span.ms, add, undefined, SPANS.indexOf(span) + 1)
  if (samples === 0) return
  prepared(db, `INSERT OR REPLACE INTO ${span.table} (cluster, start, samples, data) VALUES (?, ?, ?, ?)`).run(
    cref,
    start,
    samples,
    encodeBucket(sums),
  )
}

export function hasSum(db: Database.Database, cref: number, span: SumSpan, start: number): boolean {
  return prepared(db, `SELECT 1 FROM ${span.table} WHERE cluster = ? AND start = ?`).get(cref, start) !== undefined
}

/** A sample at `at` was written: no sum of a span holding it holds any more. */
export function touchSums(db: Database.Database, cref: number, at: number): void {
  for (const span of SPANS) {
    prepared(db, `DELETE FROM ${span.table} WHERE cluster = ? AND start = ?`).run(cref, spanOf(span, at))
  }
}

export function dropSumsBefore(db: Database.Database, cref: number | null, t: number): void {
  for (const { table } of SPANS) {
    if (cref === null) prepared(db, `DELETE FROM ${table} WHERE start < ?`).run(t)
    else prepared(db, `DELETE FROM ${table} WHERE cluster = ? AND start < ?`).run(cref, t)
  }
}

/**
 * Σ value × w per session over the raw samples in [from, to): the summed spans inside it from
 * their sums, the rest (the edges, spans not summed) replayed; returns the samples counted.
 */
export function rawConsumption(
  db: Database.Database,
  cref: number,
  from: number,
  to: number,
  add: Add,
  only?: RefFilter,
): number {
  return covered(db, cref, from, to, add, only, 0)
}

/** [from, to) by the sums of SPANS[level] where kept, what they leave by the finer levels, then by replay. */
function covered(
  db: Database.Database,
  cref: number,
  from: number,
  to: number,
  add: Add,
  only: RefFilter | undefined,
  level: number,
): number {
  if (from >= to) return 0
  const span = SPANS[level]
  if (!span) return rawSums(db, cref, from, to, add, only)
  const first = Math.ceil(from / span.ms) * span.ms
  const last = spanOf(span, to)
  if (first >= last) return covered(db, cref, from, to, add, only, level + 1)
  const rows = prepared(
    db,
    `SELECT start, samples, data FROM ${span.table} WHERE cluster = ? AND start >= ? AND start < ?`,
  ).all(cref, first, last) as Array<{ start: number; samples: number; data: Buffer }>
  const summed = new Map(rows.map((r) => [r.start, r]))
  let samples = 0
  // What no sum of this level covers, [gapFrom, t), goes to the finer levels; the gap then starts at `next`.
  let gapFrom = from
  const fillGap = (t: number, next: number) => {
    samples += covered(db, cref, gapFrom, t, add, only, level + 1)
    gapFrom = next
  }
  for (let s = first; s < last; s += span.ms) {
    const row = summed.get(s)
    if (!row) continue
    fillGap(s, s + span.ms)
    samples += row.samples
    forEachBucket(row.data, (ref, v) => add(ref, v, 1), only)
  }
  fillGap(to, to)
  return samples
}

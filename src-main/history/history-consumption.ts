/**
 * What each session of a cluster consumed in a period (history-file.ts has the units): folded
 * 5-minute buckets before `folded_until`, raw samples after (by the hour and the 10 minutes where
 * summed, history-sums.ts).
 */
import type Database from 'better-sqlite3'
import { addWeighted, forEachBucket, type RefFilter, type Values } from './history-blob'
import { rawConsumption } from './history-sums'
import { buckets, foldedUntil } from './history-replay'

/** Σ value × w per session over a period; `only`: just these sessions (refs), e.g. one user's. */
export function consumption(
  db: Database.Database,
  cref: number,
  from: number,
  to: number,
  only?: RefFilter,
): { sums: Map<number, Values>; samples: number } {
  const folded = foldedUntil(db, cref)
  const sums = new Map<number, Values>()
  const add = (ref: number, v: Readonly<Values>, w: number) => addWeighted(sums, ref, v, w)
  let samples = 0
  if (from < folded) {
    for (const b of buckets(db, cref, from, Math.min(to, folded))) {
      samples++
      forEachBucket(b.data, (ref, v) => add(ref, v, 1), only)
    }
  }
  samples += rawConsumption(db, cref, Math.max(from, folded), to, add, only)
  return { sums, samples }
}

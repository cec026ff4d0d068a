/**
 * Keeping the history file bounded: raw samples folded into 5-minute buckets after their time,
 * buckets and totals dropped after theirs, and the oldest data of every kind pruned when the file
 * is over its size cap (history-file.ts has the layout).
 */
import type Database from 'better-sqlite3'
import { addWeighted, BUCKET_MS, bucketOf, encodeBucket, type Values } from './history-blob'
import type { RetentionOptions } from './history-port'
import { dropSumsBefore } from './history-sums'
import { pruneMarks } from './history-marks'
import { foldedUntil, replay } from './history-replay'
import { dropRollupsBefore } from './history-totals'
import { prepared } from './statements'

/** Folds raw samples before `cutoff` into 5-minute buckets; keeps raw from the keyframe at or before it. */
export function fold(
  db: Database.Database,
  retention: RetentionOptions,
  cref: number,
  cutoff: number,
  newest: number,
): void {
  const folded = foldedUntil(db, cref) // re-read: another writer may have folded
  if (cutoff > folded) {
    const buckets = new Map<number, Map<number, Values>>()
    for (const { at, w, state } of replay(db, cref, folded === 0 ? -Infinity : folded, cutoff)) {
      if (w === 0) continue
      const start = bucketOf(at)
      let sums = buckets.get(start)
      for (const [ref, v] of state) {
        if (!(v[0] || v[1] || v[2] || v[3])) continue
        if (!sums) buckets.set(start, (sums = new Map()))
        addWeighted(sums, ref, v, w)
      }
    }
    const put = prepared(db, 'INSERT OR REPLACE INTO buckets (cluster, start, data) VALUES (?, ?, ?)')
    for (const [start, sums] of buckets) put.run(cref, start, encodeBucket(sums))
    prepared(db, 'UPDATE clusters SET folded_until = ? WHERE id = ?').run(cutoff, cref)
    dropSumsBefore(db, cref, cutoff)
    dropRawBefore(db, cref, cutoff, 'keep-keyframe')
  }
  const r = retention
  prepared(db, 'DELETE FROM buckets WHERE cluster = ? AND start < ?').run(cref, newest - r.aggregateMs)
  prepared(db, 'DELETE FROM samples WHERE cluster = ? AND at < ? AND id NOT IN (SELECT sample FROM raw)').run(
    cref,
    newest - r.totalsMs,
  )
  prepared(db, 'DELETE FROM sessions WHERE cluster = ? AND ended IS NOT NULL AND ended < ?').run(
    cref,
    newest - Math.max(r.aggregateMs, r.rawMs),
  )
  dropRollupsBefore(db, cref, newest - r.totalsMs)
  pruneMarks(db, cref, newest - r.totalsMs)
  db.pragma('incremental_vacuum')
}

/**
 * Drops raw samples before `t`. 'keep-keyframe': keeps from the last keyframe at or before `t`
 * (later samples are deltas on it). 'through-keyframe': drops at least to `t`, then up to the
 * next keyframe, so the oldest raw sample left is always a keyframe.
 */
export function dropRawBefore(
  db: Database.Database,
  cref: number,
  t: number,
  mode: 'keep-keyframe' | 'through-keyframe',
): void {
  const keyframe = prepared(
    db,
    `SELECT ${mode === 'keep-keyframe' ? 'max' : 'min'}(s.id) AS id FROM samples s JOIN raw r ON r.sample = s.id
       WHERE s.cluster = ? AND r.full = 1 AND s.at ${mode === 'keep-keyframe' ? '<=' : '>='} ?`,
  ).get(cref, t) as { id: number | null }
  const below =
    keyframe.id ?? (mode === 'keep-keyframe' ? 0 : Number.MAX_SAFE_INTEGER) /* no keyframe: nothing / everything goes */
  prepared(db, 'DELETE FROM raw WHERE sample IN (SELECT id FROM samples WHERE cluster = ? AND id < ?)').run(cref, below)
}

export function sizeBytes(db: Database.Database): number {
  const pages = db.pragma('page_count', { simple: true }) as number
  const size = db.pragma('page_size', { simple: true }) as number
  return pages * size
}

/** Over the cap: the oldest data of every kind goes, a slice at a time, until the file fits. */
export function capSize(db: Database.Database, maxBytes: number): void {
  for (let round = 0; round < 50 && sizeBytes(db) > maxBytes; round++) {
    const span = prepared(db, 'SELECT min(at) AS oldest, max(at) AS newest FROM samples').get() as {
      oldest: number | null
      newest: number | null
    }
    const bucketOldest = (prepared(db, 'SELECT min(start) AS t FROM buckets').get() as { t: number | null }).t
    if (span.oldest === null || span.newest === null) return
    const oldest = Math.min(span.oldest, bucketOldest ?? Infinity)
    if (oldest >= span.newest) return
    const t = oldest + Math.max(BUCKET_MS, (span.newest - oldest) / 10)
    for (const { id: cref } of prepared(db, 'SELECT id FROM clusters').all() as Array<{ id: number }>) {
      dropRawBefore(db, cref, t, 'through-keyframe')
      const latest = prepared(db, 'SELECT id FROM samples WHERE cluster = ? ORDER BY id DESC LIMIT 1').get(cref) as
        { id: number } | undefined
      prepared(
        db,
        'DELETE FROM samples WHERE cluster = ? AND at < ? AND id < ? AND id NOT IN (SELECT sample FROM raw)',
      ).run(cref, t, latest?.id ?? 0)
      prepared(db, 'UPDATE clusters SET folded_until = max(folded_until, ?) WHERE id = ?').run(
        bucketOf(t) + BUCKET_MS,
        cref,
      )
    }
    prepared(db, 'DELETE FROM buckets WHERE start < ?').run(t)
    dropSumsBefore(db, null, bucketOf(t) + BUCKET_MS)
    dropRollupsBefore(db, null, t)
    prepared(db, 'DELETE FROM sessions WHERE ended IS NOT NULL AND ended < ?').run(t)
    db.pragma('incremental_vacuum')
  }
}

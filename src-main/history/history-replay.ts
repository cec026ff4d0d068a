/**
 * Reading a cluster's per-session counters back: raw samples replayed from the keyframe at or
 * before a period (history-file.ts has the layout), what the sessions consumed over raw samples,
 * and folded 5-minute buckets.
 */
import type Database from 'better-sqlite3'
import { applyRaw, forEachRaw, sampleWeight, type RawFormat, type RefFilter, type Values } from './history-blob'
import { OpenValues } from './open-values'
import { prepared } from './statements'

/** Where a cluster's raw samples end and its folded buckets begin (0: nothing folded yet). */
export function foldedUntil(db: Database.Database, cref: number): number {
  return (prepared(db, 'SELECT folded_until AS f FROM clusters WHERE id = ?').get(cref) as { f: number }).f
}

/**
 * A cluster's raw samples in id order (the order they were written, each a delta on the one
 * before) from the keyframe before the first sample at or after `from`, each with its weight.
 * By id, not by time: a sample another writer wrote late must not be taken for the start.
 */
function* rawRows(
  db: Database.Database,
  cref: number,
  from: number,
): Generator<{ at: number; w: number; full: boolean; format: RawFormat; data: Buffer }> {
  const start = prepared(
    db,
    'SELECT min(s.id) AS id FROM samples s JOIN raw r ON r.sample = s.id WHERE s.cluster = ? AND s.at >= ?',
  ).get(cref, from) as { id: number | null }
  if (start.id === null) return
  const key = prepared(
    db,
    'SELECT max(s.id) AS id FROM samples s JOIN raw r ON r.sample = s.id WHERE s.cluster = ? AND r.full = 1 AND s.id <= ?',
  ).get(cref, start.id) as { id: number | null }
  const first =
    key.id ??
    (
      prepared(db, 'SELECT min(s.id) AS id FROM samples s JOIN raw r ON r.sample = s.id WHERE s.cluster = ?').get(
        cref,
      ) as { id: number | null }
    ).id
  if (first === null) return
  const prev = prepared(db, 'SELECT at FROM samples WHERE cluster = ? AND id < ? ORDER BY id DESC LIMIT 1').get(
    cref,
    first,
  ) as { at: number } | undefined
  let prevAt = prev?.at ?? null
  const rows = prepared(
    db,
    'SELECT s.at AS at, r.full AS full, r.format AS format, r.data AS data FROM samples s JOIN raw r ON r.sample = s.id WHERE s.cluster = ? AND s.id >= ? ORDER BY s.id',
  ).iterate(cref, first) as IterableIterator<{ at: number; full: number; format: RawFormat; data: Buffer }>
  try {
    for (const row of rows) {
      const w = sampleWeight(row.at, prevAt)
      prevAt = row.at
      yield { at: row.at, w, full: row.full === 1, format: row.format, data: row.data }
    }
  } finally {
    rows.return?.()
  }
}

/**
 * Every raw sample of a cluster with at in [from, to), with the exact counters of every session
 * (or of the `only` ones) at it, oldest first, and its weight (seconds since the previous sample,
 * 0…300).
 */
export function* replay(
  db: Database.Database,
  cref: number,
  from: number,
  to: number,
  only?: RefFilter,
): Generator<{ at: number; w: number; state: Map<number, Values> }> {
  const state = new Map<number, Values>()
  for (const row of rawRows(db, cref, from)) {
    applyRaw(state, row.data, row.full, row.format, only)
    // Samples are in id order; one at or past `to` ends the period (a late one may follow from
    // another writer, but never by more than its clock's jitter).
    if (row.at >= to) return
    if (row.at >= from) yield { at: row.at, w: row.w, state }
  }
}

/**
 * Σ value × w per session over the raw samples in [from, to), without visiting every session at
 * every sample: a session's value holds from the sample that sets it until one changes or drops
 * it, so it adds value × (Σ w of the period's samples while it held) once, when it ends. The work
 * is the entries the blobs hold (changes, and keyframes), not sessions × samples.
 */
export function rawSums(
  db: Database.Database,
  cref: number,
  from: number,
  to: number,
  /** Given each session's value × the w it held (`v` is read during the call only). */
  add: (ref: number, v: Readonly<Values>, w: number) => void,
  only?: RefFilter,
): number {
  /** Session → its value and the period's Σ w when it took it. */
  const open = new OpenValues()
  const entry: Values = [0, 0, 0, 0]
  let total = 0
  let samples = 0
  for (const row of rawRows(db, cref, from)) {
    if (row.at >= to) break
    if (row.full) open.closeAll(total, add)
    forEachRaw(
      row.data,
      row.format,
      (ref, v) => {
        open.close(ref, total, add)
        if (v) open.set(ref, v, total)
      },
      only,
      entry,
    )
    if (row.at >= from) {
      total += row.w
      samples++
    }
  }
  open.closeAll(total, add)
  return samples
}

/** A cluster's folded buckets in [from, to), oldest first, each read with `forEachBucket`. */
export function buckets(
  db: Database.Database,
  cref: number,
  from: number,
  to: number,
): IterableIterator<{ start: number; data: Buffer }> {
  return prepared(
    db,
    'SELECT start, data FROM buckets WHERE cluster = ? AND start >= ? AND start < ? ORDER BY start',
  ).iterate(cref, from, to) as IterableIterator<{ start: number; data: Buffer }>
}

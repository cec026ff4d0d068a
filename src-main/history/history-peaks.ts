/**
 * The exact peak of each metric when the timeline is folded (history-totals.ts). A column only
 * says its highest value fell somewhere in its minutes — up to half an hour on 30 days — and an
 * admin goes looking for what happened at that moment. The spans already read (10-minute rows and
 * samples, in time order) say which one first held each metric's highest; only that row's samples
 * are then read, through the index on the samples' time (`samples_at`, history-file.ts), for the
 * first sample that had it.
 */
import type Database from 'better-sqlite3'
import { METRICS, type Metric, type TotalsPeak, type TotalsPeaks } from './history-port'
import { prepared } from './statements'

/** What a span (a sample, or a 10-minute row of them) tells of its highest figures. */
export interface PeakSpan {
  /** Samples it stands for. */
  n: number
  first: number
  last: number
  /** Each figure's highest, in the order `figures` names them. */
  hi: readonly number[]
}

/** Each metric's highest over `spans` and the moment of the first sample that had it; null without spans. */
export function exactPeaks(
  db: Database.Database,
  cref: number,
  spans: readonly PeakSpan[],
  figures: readonly string[],
): TotalsPeaks | null {
  if (spans.length === 0) return null
  const peaks = {} as TotalsPeaks
  for (const metric of METRICS) {
    const k = figures.indexOf(metric)
    let top = spans[0]!
    for (const s of spans) if (s.hi[k]! > top.hi[k]!) top = s // strictly: a tie keeps the earlier span
    peaks[metric] = top.n === 1 ? { value: top.hi[k]!, at: top.first } : firstHighest(db, cref, metric, top, k)
  }
  return peaks
}

/** Within one row's minutes: the highest sample, the earliest of equals (by time, then as written). */
function firstHighest(db: Database.Database, cref: number, metric: Metric, row: PeakSpan, k: number): TotalsPeak {
  const found = prepared(
    db,
    `SELECT at, ${metric} AS value FROM samples WHERE cluster = ? AND at >= ? AND at <= ? ORDER BY ${metric} DESC, at, id LIMIT 1`,
  ).get(cref, row.first, row.last) as TotalsPeak | undefined
  // A row always has its samples (they are written and dropped together); else, what the column says.
  return found ? { value: found.value, at: found.at } : { value: row.hi[k]!, at: row.last }
}

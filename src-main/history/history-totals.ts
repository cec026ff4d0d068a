/**
 * The timeline's data: a cluster's totals per sample, and their 10-minute min/max (table
 * `totals_10m`, schema 3; history-file.ts has the layout). A chart of 1,000 pixels shows at most
 * two values per pixel column — the lowest and the highest — so a long period is answered at that
 * resolution: from the 10-minute rows when a column spans 10 minutes or more (30 days: 4,320 rows
 * instead of 43,200 samples; a year: 52,560 instead of 525,600), from the samples otherwise. A
 * spike stays a spike: every column keeps its extremes.
 */
import type Database from 'better-sqlite3'
import type { Period, SampleTotals, TimelineTotals, TotalsColumns } from './history-port'
import { exactPeaks } from './history-peaks'
import { prepared } from './statements'

export const ROLLUP_MS = 10 * 60_000
export const rollupOf = (at: number): number => Math.floor(at / ROLLUP_MS) * ROLLUP_MS

/** The figures of a sample other than its app ids, in the rows' order. */
const FIGURES = ['sessions', 'active', 'sleeping', 'cpu', 'memory', 'dbms', 'calls'] as const
type Figures = number[]

/** A sample, or a 10-minute row of them: when, and each figure's lowest and highest. */
interface Span {
  /** Samples it stands for. */
  n: number
  first: number
  last: number
  lo: Figures
  hi: Figures
  /** dict id → [lowest, highest]; an app id missing from a sample had 0 sessions in it. */
  apps: Map<number, [number, number]>
}

export function emptyColumns(): TotalsColumns {
  return { at: [], sessions: [], active: [], sleeping: [], byAppId: {}, cpu: [], memory: [], dbms: [], calls: [] }
}

/** `apps` of a sample is a JSON list [dictId, count, dictId, count, …] (sqlite-history.ts writes it). */
function sampleSpan(at: number, figures: Figures, apps: string): Span {
  const list = JSON.parse(apps) as number[]
  const byApp = new Map<number, [number, number]>()
  for (let j = 0; j < list.length; j += 2) byApp.set(list[j]!, [list[j + 1]!, list[j + 1]!])
  return { n: 1, first: at, last: at, lo: figures, hi: figures.slice(), apps: byApp }
}

/** A row of SAMPLE_ROWS: at, the figures, apps. */
type SampleRow = [number, ...number[], string]

function rowSpan(row: SampleRow): Span {
  return sampleSpan(row[0], row.slice(1, 1 + FIGURES.length) as number[], row[1 + FIGURES.length] as string)
}

/** `into` becomes the span of both. */
function merge(into: Span, s: Span): void {
  into.n += s.n
  into.first = Math.min(into.first, s.first)
  into.last = Math.max(into.last, s.last)
  for (let k = 0; k < FIGURES.length; k++) {
    into.lo[k] = Math.min(into.lo[k]!, s.lo[k]!)
    into.hi[k] = Math.max(into.hi[k]!, s.hi[k]!)
  }
  for (const [app, range] of into.apps) if (!s.apps.has(app)) range[0] = 0
  for (const [app, [lo, hi]] of s.apps) {
    const range = into.apps.get(app)
    if (range) {
      range[0] = Math.min(range[0], lo)
      range[1] = Math.max(range[1], hi)
    } else into.apps.set(app, [0, hi])
  }
}

type RollupRow = [start: number, n: number, first: number, last: number, lo: string, hi: string, apps: string]

function readRollup(row: RollupRow): Span {
  const [, n, first, last, lo, hi, apps] = row
  const list = JSON.parse(apps) as number[]
  const byApp = new Map<number, [number, number]>()
  for (let j = 0; j < list.length; j += 3) byApp.set(list[j]!, [list[j + 1]!, list[j + 2]!])
  return { n, first, last, lo: JSON.parse(lo) as Figures, hi: JSON.parse(hi) as Figures, apps: byApp }
}

function writeRollup(db: Database.Database, cref: number, start: number, s: Span): void {
  const apps: number[] = []
  for (const [app, [lo, hi]] of s.apps) apps.push(app, lo, hi)
  prepared(
    db,
    'INSERT OR REPLACE INTO totals_10m (cluster, start, samples, first_at, last_at, lo, hi, apps) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(cref, start, s.n, s.first, s.last, JSON.stringify(s.lo), JSON.stringify(s.hi), JSON.stringify(apps))
}

/** A sample was written (by this writer or another, in any order): its 10 minutes take it in. */
export function rollSample(db: Database.Database, cref: number, at: number, t: SampleTotals, apps: string): void {
  const start = rollupOf(at)
  const sample = sampleSpan(
    at,
    FIGURES.map((f) => t[f]),
    apps,
  )
  const row = prepared(
    db,
    'SELECT start, samples, first_at, last_at, lo, hi, apps FROM totals_10m WHERE cluster = ? AND start = ?',
    'raw',
  ).get(cref, start) as RollupRow | undefined
  if (!row) return writeRollup(db, cref, start, sample)
  const span = readRollup(row)
  merge(span, sample)
  writeRollup(db, cref, start, span)
}

const SAMPLE_ROWS = `SELECT at, ${FIGURES.join(', ')}, apps FROM samples WHERE cluster = ? AND at >= ? AND at < ? ORDER BY at, id`

/** Every sample's 10 minutes from its samples (a file from before schema 3, or one being mended). */
export function rollAll(db: Database.Database): void {
  db.exec('DELETE FROM totals_10m')
  for (const { id: cref } of prepared(db, 'SELECT id FROM clusters').all() as Array<{ id: number }>) {
    // Written after the read: SQLite cannot write on the connection while it iterates.
    const rolled: Array<{ start: number; span: Span }> = []
    const rows = prepared(db, SAMPLE_ROWS, 'raw').iterate(cref, -Infinity, Infinity) as IterableIterator<SampleRow>
    for (const row of rows) {
      const at = row[0]
      const s = rowSpan(row)
      const open = rolled.at(-1)
      if (open && open.start === rollupOf(at)) merge(open.span, s)
      else rolled.push({ start: rollupOf(at), span: s })
    }
    for (const r of rolled) writeRollup(db, cref, r.start, r.span)
  }
}

/** Drops the 10-minute rows wholly before `t` (with the samples they were made of). */
export function dropRollupsBefore(db: Database.Database, cref: number | null, t: number): void {
  const end = rollupOf(t) // rows starting before it end at or before t only when start + 10 min <= t
  if (cref === null) prepared(db, 'DELETE FROM totals_10m WHERE start < ?').run(end)
  else prepared(db, 'DELETE FROM totals_10m WHERE cluster = ? AND start < ?').run(cref, end)
}

/**
 * A cluster's totals over a period, oldest first. With `points`, a period of more samples than
 * that is answered as `points / 2` columns of equal time, each its first and last moment with
 * every figure's lowest then highest value; `step` is the columns' width (0: every sample), and
 * `peaks` each metric's exact highest and its moment, which the columns blur.
 */
export function totalsColumns(db: Database.Database, cref: number, period: Period, points?: number): TimelineTotals {
  const columns = points === undefined ? Infinity : Math.max(1, Math.floor(points / 2))
  const step = Number.isFinite(columns) ? Math.ceil((period.to - period.from) / columns) : 0
  const spans: Span[] = []
  const rolled = step >= ROLLUP_MS
  if (rolled) {
    const rows = prepared(
      db,
      'SELECT start, samples, first_at, last_at, lo, hi, apps FROM totals_10m WHERE cluster = ? AND start >= ? AND start < ? ORDER BY start',
      'raw',
    ).all(cref, rollupOf(period.from), period.to) as RollupRow[]
    for (const row of rows) {
      const span = readRollup(row)
      // The period's first and last 10 minutes may reach past it: those are read from their samples.
      if (span.first < period.from || span.last >= period.to) spans.push(...sampleSpans(db, cref, clip(span, period)))
      else spans.push(span)
    }
  } else spans.push(...sampleSpans(db, cref, period))
  const names = textsOf(db, spans)
  const samples = spans.reduce((n, s) => n + s.n, 0)
  if (!rolled && spans.length <= columns) return { totals: toColumns(spans, names), step: 0, samples, peaks: null }
  // Before the fold, which merges spans into their column's first.
  const peaks = exactPeaks(db, cref, spans, FIGURES)
  const shown = spans.length > columns ? foldColumns(spans, period.from, step) : spans
  return { totals: toColumns(shown, names), step, samples, peaks }
}

function clip(s: Span, p: Period): Period {
  return { from: Math.max(p.from, s.first), to: Math.min(p.to, s.last + 1) }
}

function sampleSpans(db: Database.Database, cref: number, p: Period): Span[] {
  return (prepared(db, SAMPLE_ROWS, 'raw').all(cref, p.from, p.to) as SampleRow[]).map(rowSpan)
}

/** Spans in time order, merged per column of `step` ms from `from` (into each column's first: they are this answer's own). */
function foldColumns(spans: Span[], from: number, step: number): Span[] {
  const out: Span[] = []
  let column = NaN
  for (const s of spans) {
    const c = Math.floor((s.first - from) / step)
    if (c === column) merge(out[out.length - 1]!, s)
    else {
      column = c
      out.push(s)
    }
  }
  return out
}

function textsOf(db: Database.Database, spans: Span[]): Map<number, string> {
  const ids = new Set<number>()
  for (const s of spans) for (const app of s.apps.keys()) ids.add(app)
  const text = prepared(db, 'SELECT text FROM dict WHERE id = ?', 'pluck')
  return new Map([...ids].map((id) => [id, (text.get(id) as string | undefined) ?? '?']))
}

/**
 * Spans as columns: a sample is one point; a span of several samples is two — its first moment
 * with the lowest values and its last with the highest (both fall in one pixel column, where only
 * the envelope shows).
 */
function toColumns(spans: Span[], names: Map<number, string>): TotalsColumns {
  const out = emptyColumns()
  const apps = [...names.keys()]
  const byApp = apps.map((id) => (out.byAppId[names.get(id)!] = [] as number[]))
  const push = (at: number, values: Figures, app: (r: [number, number]) => number, s: Span) => {
    out.at.push(at)
    FIGURES.forEach((f, k) => out[f].push(values[k]!))
    apps.forEach((id, k) => {
      const r = s.apps.get(id)
      byApp[k]!.push(r ? app(r) : 0)
    })
  }
  for (const s of spans) {
    push(s.first, s.lo, (r) => r[0], s)
    if (s.last !== s.first) push(s.last, s.hi, (r) => r[1], s)
  }
  return out
}

/**
 * Bench plumbing: timing with warm-up and medians, measured/reference pairs run alternately (so
 * the noise of a shared machine lands on both), forced GC, and the result row every item returns.
 */
import v8 from 'node:v8'
import vm from 'node:vm'

/** One line of the table (and of reports/bench.json). */
export interface BenchRow {
  /** "1 decode", "2 list e2e" … */
  item: string
  /** What was measured, e.g. "SessionInfo v16 from a buffer". */
  what: string
  /** "10,000 sessions (5.8 MB)". */
  size: string
  /** Median of the measured runs, ms (for memory items: MB, see `unit`). */
  median: number
  unit: 'ms' | 'MB'
  /** Human throughput, e.g. "152 MB/s · 265k rec/s". */
  throughput: string
  reference: string
  /** Reference figure in the same unit as `median`, measured in the same run; null when none. */
  referenceValue: number | null
  /** median / referenceValue. */
  ratio: number | null
  target: string
  /** null: no target for this row (context figure) or not measurable here. */
  met: boolean | null
  /** Raw figures for the JSON (samples, bytes, sub-timings …). */
  figures: Record<string, unknown>
  note?: string
}

/** A row with nothing measured yet: what an item fills in, or returns with a `note` when it cannot run. */
export function blankRow(item: string, what: string, over: Partial<BenchRow> = {}): BenchRow {
  return {
    item,
    what,
    size: '',
    median: NaN,
    unit: 'ms',
    throughput: '',
    reference: '',
    referenceValue: null,
    ratio: null,
    target: '',
    met: null,
    figures: {},
    ...over,
  }
}

export interface Timing {
  median: number
  /** The mean carries the GC that lands on some runs only (medians can hide it). */
  mean: number
  min: number
  max: number
  samples: number[]
}

export interface RunOptions {
  warmup: number
  runs: number
  /**
   * Force a full GC before each run (outside the timed part). Default false: a full GC shrinks
   * the young generation, and the next run then pays for regrowing it — not the steady state
   * of an app that refreshes every few seconds. The suite collects between items instead.
   */
  gcBefore?: boolean
}

let cachedGc: (() => void) | null = null

/**
 * A full GC. `--expose-gc` is not on every launcher's command line (tsx, vitest), so expose it
 * at run time when missing: V8 reads the flag when a new context is created.
 */
export function gc(): void {
  if (!cachedGc) {
    const g = (globalThis as { gc?: () => void }).gc
    if (typeof g === 'function') cachedGc = g
    else {
      v8.setFlagsFromString('--expose-gc')
      cachedGc = vm.runInNewContext('gc') as () => void
    }
  }
  cachedGc()
  cachedGc()
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export function summarize(samples: number[]): Timing {
  return {
    median: median(samples),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    min: Math.min(...samples),
    max: Math.max(...samples),
    samples,
  }
}

/** Times `fn` (ms): `warmup` untimed runs, then `runs` timed ones, GC before each. */
export async function measure(fn: () => unknown, o: RunOptions): Promise<Timing> {
  for (let i = 0; i < o.warmup; i++) await fn()
  const samples: number[] = []
  for (let i = 0; i < o.runs; i++) {
    if (o.gcBefore === true) gc()
    const t0 = performance.now()
    await fn()
    samples.push(performance.now() - t0)
  }
  return summarize(samples)
}

/**
 * Times a measured function and its reference alternately in ABBA order (m r, r m, m r …): a
 * burst of load from a neighbour hits both, and so does a GC that comes every other run.
 */
export async function measurePair(
  measured: () => unknown,
  reference: () => unknown,
  o: RunOptions,
): Promise<{ measured: Timing; reference: Timing }> {
  const timed = (fn: () => unknown) => async () => {
    const t0 = performance.now()
    await fn()
    return performance.now() - t0
  }
  return measurePairTimed(timed(measured), timed(reference), o)
}

/** measurePair for tasks that time themselves (each returns its own ms, set-up left out). */
export async function measurePairTimed(
  measured: () => Promise<number>,
  reference: () => Promise<number>,
  o: RunOptions,
): Promise<{ measured: Timing; reference: Timing }> {
  for (let i = 0; i < o.warmup; i++) {
    await measured()
    await reference()
  }
  const m: number[] = []
  const r: number[] = []
  for (let i = 0; i < o.runs; i++) {
    const order = i % 2 === 0 ? ([measured, m, reference, r] as const) : ([reference, r, measured, m] as const)
    if (o.gcBefore === true) gc()
    order[1].push(await order[0]())
    if (o.gcBefore === true) gc()
    order[3].push(await order[2]())
  }
  return { measured: summarize(m), reference: summarize(r) }
}

/** A task that times itself (e.g. it has an untimed set-up part): returns its own ms. */
export async function measureSelfTimed(fn: () => Promise<number>, o: RunOptions): Promise<Timing> {
  for (let i = 0; i < o.warmup; i++) await fn()
  const samples: number[] = []
  for (let i = 0; i < o.runs; i++) {
    if (o.gcBefore === true) gc()
    samples.push(await fn())
  }
  return summarize(samples)
}

/** Decimal megabyte, as in the issue (5.4 MB for 10,000 sessions of 536 bytes). */
export const MB = 1e6

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US')

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—'
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)
}

export function fmtRate(perSecond: number, unit: string): string {
  if (!Number.isFinite(perSecond)) return '—'
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M ${unit}/s`
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(0)}k ${unit}/s`
  return `${perSecond.toFixed(0)} ${unit}/s`
}

export function ratioOf(value: number, reference: number | null): number | null {
  if (reference === null || !Number.isFinite(reference) || reference <= 0 || !Number.isFinite(value)) return null
  return value / reference
}

/** Throws when `ms` passes without `promise` settling (a hung item must not hang the bench). */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}

export function printTable(rows: readonly BenchRow[]): string {
  const head = ['item', 'size', 'median', 'throughput', 'reference', 'ratio', 'target', 'met?']
  const body = rows.map((r) => [
    `${r.item} ${r.what}`,
    r.size,
    `${r.unit === 'ms' ? fmtMs(r.median) : r.median.toFixed(1)} ${r.unit}`,
    r.throughput,
    r.referenceValue === null ? r.reference : `${r.reference} ${fmtMs(r.referenceValue)} ${r.unit}`,
    r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`,
    r.target,
    r.met === null ? '—' : r.met ? 'yes' : 'NO',
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n')
}

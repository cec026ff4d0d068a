/**
 * The timeline's data at a chart's resolution (src-main/history/history-totals.ts) on real files:
 * a long period comes as each column's lowest and highest figures, from the samples or from the
 * 10-minute rows, and those rows stay right with a second writer's late samples and retention.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openHistory } from '../../../src-main/history/history-file'
import type { ClusterSample, HistoryStore, TotalsColumns } from '../../../src-main/history/history-port'
import { ROLLUP_MS } from '../../../src-main/history/history-totals'
import { tempDirEachTest } from '../services/support'
import { CLUSTER, World } from './support'

let dir = ''
tempDirEachTest((d) => (dir = d))

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0)
const MIN = 60_000
const FIGURES = ['sessions', 'active', 'sleeping', 'cpu', 'memory', 'dbms', 'calls'] as const

/** `n` samples about a minute apart (with jitter), the world's sessions coming and going. */
function record(stores: HistoryStore[], n: number, seed = 3, order: (i: number) => number = (i) => i) {
  const world = new World(seed, 40)
  const samples: ClusterSample[] = []
  for (let i = 0; i < n; i++) {
    world.step(0.3, 0.05)
    samples.push(world.sample(T0 + i * MIN + (i % 5) * 700))
  }
  for (let k = 0; k < n; k++) {
    const i = order(k)
    stores[k % stores.length]!.record(samples[i]!)
  }
  return samples
}

const apps = (samples: ClusterSample[]) => [...new Set(samples.flatMap((s) => Object.keys(s.totals.byAppId)))]
const appCount = (s: ClusterSample, app: string) => s.totals.byAppId[app] ?? 0

/** Every figure's (and app id's) values at each point, to compare with the samples'. */
function series(t: TotalsColumns, app: string[]): Record<string, number[]> {
  const out: Record<string, number[]> = {}
  for (const f of FIGURES) out[f] = t[f]
  for (const a of app) out[a] = t.byAppId[a] ?? t.at.map(() => 0)
  return out
}
function valuesOf(samples: ClusterSample[], app: string[]): Record<string, number[]> {
  const out: Record<string, number[]> = {}
  for (const f of FIGURES) out[f] = samples.map((s) => s.totals[f])
  for (const a of app) out[a] = samples.map((s) => appCount(s, a))
  return out
}

describe('the timeline at a chart’s resolution', () => {
  it('a short step folds the samples per column exactly: each column’s first moment with its lowest figures, its last with its highest', () => {
    const { store } = openHistory(join(dir, 'h.sqlite'))
    const samples = record([store], 300)
    const period = { from: T0, to: T0 + 300 * MIN }
    const every = store.totalsColumns(CLUSTER, period)
    expect(every.step).toBe(0)
    expect(every.totals.at).toEqual(samples.map((s) => s.at))
    expect(store.totalsColumns(CLUSTER, period, 600)).toEqual(every)

    const got = store.totalsColumns(CLUSTER, period, 200) // 100 columns of 3 minutes
    expect(got.step).toBe(3 * MIN)
    expect(got.samples).toBe(300)
    const app = apps(samples)
    const want: Record<string, number[]> = Object.fromEntries([...FIGURES, ...app].map((k) => [k, []]))
    const wantAt: number[] = []
    const all = valuesOf(samples, app)
    for (let c = 0; c < 100; c++) {
      const idx = samples.flatMap((s, i) => (Math.floor((s.at - T0) / got.step) === c ? [i] : []))
      if (idx.length === 0) continue
      wantAt.push(samples[idx[0]!]!.at)
      if (idx.length > 1) wantAt.push(samples[idx.at(-1)!]!.at)
      for (const k of Object.keys(want)) {
        const v = idx.map((i) => all[k]![i]!)
        want[k]!.push(Math.min(...v))
        if (idx.length > 1) want[k]!.push(Math.max(...v))
      }
    }
    expect(got.totals.at).toEqual(wantAt)
    expect(series(got.totals, app)).toEqual(want)
    store.close()
  })

  it('a long step reads the 10-minute rows: the extremes are kept, every point is a sample’s moment, and no more points than asked', () => {
    const { store } = openHistory(join(dir, 'h.sqlite'))
    const samples = record([store], 600)
    // The period starts and ends inside a 10-minute row: those edges are read from the samples.
    const period = { from: T0 + 7 * MIN, to: T0 + 593 * MIN }
    const inside = samples.filter((s) => s.at >= period.from && s.at < period.to)
    const got = store.totalsColumns(CLUSTER, period, 40) // 20 columns of ~29 minutes
    expect(got.step).toBeGreaterThanOrEqual(ROLLUP_MS)
    expect(got.samples).toBe(inside.length)
    expect(got.totals.at.length).toBeLessThanOrEqual(40)
    expect(got.totals.at.length).toBeGreaterThan(20)
    const times = new Set(inside.map((s) => s.at))
    for (const at of got.totals.at) expect(times.has(at)).toBe(true)
    expect([...got.totals.at].sort((a, b) => a - b)).toEqual(got.totals.at)
    const app = apps(inside)
    const g = series(got.totals, app)
    const all = valuesOf(inside, app)
    for (const k of Object.keys(all)) {
      expect(Math.max(...g[k]!), k).toBe(Math.max(...all[k]!))
      expect(Math.min(...g[k]!), k).toBe(Math.min(...all[k]!))
      // each point's value is one its neighbourhood (its column and the row it came from) had
      got.totals.at.forEach((at, i) => {
        const near = inside
          .filter((s) => Math.abs(s.at - at) <= got.step + ROLLUP_MS)
          .map((s) => valuesOf([s], app)[k]![0]!)
        expect(g[k]![i]).toBeGreaterThanOrEqual(Math.min(...near))
        expect(g[k]![i]).toBeLessThanOrEqual(Math.max(...near))
      })
    }
    store.close()
  })

  it('two writers, samples written out of order: the 10-minute rows hold the same extremes as the samples', () => {
    const file = join(dir, 'h.sqlite')
    const a = openHistory(file).store
    const b = openHistory(file).store
    // Each group of 7 minutes written backwards, alternately by the app and the CLI recorder.
    const samples = record([a, b], 140, 9, (k) => Math.floor(k / 7) * 7 + (6 - (k % 7)))
    const db = new Database(file, { readonly: true })
    const rows = db.prepare('SELECT start, samples, lo, hi FROM totals_10m ORDER BY start').all() as Array<{
      start: number
      samples: number
      lo: string
      hi: string
    }>
    db.close()
    for (const row of rows) {
      const of = samples.filter((s) => Math.floor(s.at / ROLLUP_MS) * ROLLUP_MS === row.start)
      expect(row.samples).toBe(of.length)
      expect(JSON.parse(row.lo)).toEqual(FIGURES.map((f) => Math.min(...of.map((s) => s.totals[f]))))
      expect(JSON.parse(row.hi)).toEqual(FIGURES.map((f) => Math.max(...of.map((s) => s.totals[f]))))
    }
    expect(rows.reduce((n, r) => n + r.samples, 0)).toBe(samples.length)
    a.close()
    b.close()
  })

  it('retention drops the 10-minute rows with the samples they were made of', () => {
    const file = join(dir, 'h.sqlite')
    const { store } = openHistory(file, { retention: { totalsMs: 3 * 3_600_000, rawMs: 3_600_000 } })
    record([store], 400)
    const db = new Database(file, { readonly: true })
    const oldest = (db.prepare('SELECT min(at) AS t FROM samples').get() as { t: number }).t
    const rows = db.prepare('SELECT start FROM totals_10m ORDER BY start').pluck().all() as number[]
    db.close()
    expect(oldest).toBeGreaterThanOrEqual(T0 + 3 * 3_600_000)
    expect(rows[0]).toBeGreaterThanOrEqual(Math.floor(oldest / ROLLUP_MS) * ROLLUP_MS - ROLLUP_MS)
    const early = store.totalsColumns(CLUSTER, { from: T0, to: T0 + 2 * 3_600_000 }, 4)
    expect(early.totals.at).toEqual([])
    store.close()
  })
})

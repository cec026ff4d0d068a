/**
 * The folded timeline's exact peaks (src-main/history/history-peaks.ts) on a real history file: a
 * column's points are its first and last moments, so the summary's "peaked at … at …" takes the
 * peak main finds in the 10-minute row (or sample) that holds it — the first sample with the
 * highest value, to the millisecond.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openHistory } from '../../../src-main/history/history-file'
import { METRICS, type ClusterSample, type HistoryStore, type Metric } from '../../../src-main/history/history-port'
import { ROLLUP_MS } from '../../../src-main/history/history-totals'
import { tempDirEachTest } from '../services/support'
import { CLUSTER, World } from './support'

let dir = ''
tempDirEachTest((d) => (dir = d))

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0) // on a 10-minute boundary
const MIN = 60_000

/** `n` samples about a minute apart (never on a whole minute), some figures set by `set`. */
function record(store: HistoryStore, n: number, set: (i: number, s: ClusterSample) => void = () => undefined) {
  const world = new World(5, 30)
  const samples: ClusterSample[] = []
  for (let i = 0; i < n; i++) {
    world.step(0.3, 0.05)
    const s = world.sample(T0 + i * MIN + 1_300 + (i % 5) * 700)
    set(i, s)
    store.record(s)
    samples.push(s)
  }
  return samples
}

/** Each metric's highest among the samples of a period and the first sample that had it. */
function reference(samples: ClusterSample[], from: number, to: number) {
  const inside = samples.filter((s) => s.at >= from && s.at < to)
  const out = {} as Record<Metric, { value: number; at: number }>
  for (const m of METRICS) {
    const top = inside.reduce((a, s) => (s.totals[m] > a.totals[m] ? s : a))
    out[m] = { value: top.totals[m], at: top.at }
  }
  return out
}

/** The moment the columns alone give: the point holding the highest value. */
function columnPeakAt(t: { at: number[] } & Record<Metric, number[]>, m: Metric): number {
  const values = t[m]
  return t.at[values.indexOf(Math.max(...values))]!
}

describe('the folded timeline’s exact peak', () => {
  it('from the 10-minute rows: the peak sample’s own moment and value, the first of equals', () => {
    const { store } = openHistory(join(dir, 'h.sqlite'))
    const samples = record(store, 600, (i, s) => {
      if (i === 254) s.totals.cpu = 1e9 // the middle of the row 250–259 and of its column
      if (i === 301 || i === 305) s.totals.memory = 1e12 // a tie inside one row
      if (i === 412 || i === 455) s.totals.dbms = 1e8 // a tie across rows
      if (i === 8) s.totals.calls = 1e6 // in the period's first row, which reaches before it
    })
    // Starts and ends inside a 10-minute row: those edges are read from their samples.
    const period = { from: T0 + 7 * MIN, to: T0 + 593 * MIN }
    const got = store.totalsColumns(CLUSTER, period, 40) // 20 columns of ~29 minutes
    expect(got.step).toBeGreaterThanOrEqual(ROLLUP_MS)
    expect(got.peaks).toEqual({
      cpu: { value: 1e9, at: samples[254]!.at },
      memory: { value: 1e12, at: samples[301]!.at },
      dbms: { value: 1e8, at: samples[412]!.at },
      calls: { value: 1e6, at: samples[8]!.at },
    })
    expect(got.peaks).toEqual(reference(samples, period.from, period.to))
    // What the columns alone say is a column's last moment, minutes away.
    expect(Math.abs(columnPeakAt(got.totals, 'cpu') - samples[254]!.at)).toBeGreaterThan(MIN)
    expect(structuredClone(got.peaks)).toEqual(got.peaks)
    store.close()
  })

  it('a month of sparse samples read again from the file: the peak in the middle of its row and column', () => {
    const file = join(dir, 'h.sqlite')
    const first = openHistory(file).store
    // Every 7 minutes for 30 days, every minute for an hour on day 15; the peak 4 minutes and
    // 20 seconds into a 10-minute row whose samples go on after it.
    const busy = T0 + 15 * 24 * 60 * MIN
    const times: number[] = []
    for (let at = T0; at < busy; at += 7 * MIN) times.push(at + 900)
    for (let at = busy; at < busy + 60 * MIN; at += MIN) times.push(at + 900)
    times.push(busy + 24 * MIN + 20_000)
    for (let at = busy + 60 * MIN; at < T0 + 30 * 24 * 60 * MIN; at += 7 * MIN) times.push(at + 900)
    times.sort((a, b) => a - b)
    const world = new World(8, 10)
    const samples = times.map((at) => {
      world.step(0.3, 0.05)
      const s = world.sample(at)
      if (at === busy + 24 * MIN + 20_000) s.totals.cpu = 5e9
      return s
    })
    const peak = samples.find((s) => s.totals.cpu === 5e9)!
    for (const s of samples) first.record(s)
    first.close()
    const { store } = openHistory(file)
    const period = { from: T0, to: T0 + 30 * 24 * 60 * MIN }
    const got = store.totalsColumns(CLUSTER, period, 2048)
    expect(got.step).toBeGreaterThanOrEqual(ROLLUP_MS)
    expect(got.peaks!.cpu).toEqual({ value: 5e9, at: peak.at })
    expect(got.peaks).toEqual(reference(samples, period.from, period.to))
    store.close()
  })

  it('a short step folds the samples themselves: the peak is still the sample’s', () => {
    const { store } = openHistory(join(dir, 'h.sqlite'))
    const samples = record(store, 300, (i, s) => {
      if (i === 151) s.totals.cpu = 1e9
    })
    const period = { from: T0, to: T0 + 300 * MIN }
    const got = store.totalsColumns(CLUSTER, period, 200) // 100 columns of 3 minutes
    expect(got.step).toBe(3 * MIN)
    expect(got.peaks!.cpu).toEqual({ value: 1e9, at: samples[151]!.at })
    expect(got.peaks).toEqual(reference(samples, period.from, period.to))
    store.close()
  })

  it('every sample (step 0): no peaks, the renderer finds them among the samples', () => {
    const { store } = openHistory(join(dir, 'h.sqlite'))
    record(store, 30)
    const got = store.totalsColumns(CLUSTER, { from: T0, to: T0 + 30 * MIN }, 600)
    expect(got.step).toBe(0)
    expect(got.peaks).toBeNull()
    expect(store.totalsColumns(CLUSTER, { from: T0, to: T0 + 30 * MIN }).peaks).toBeNull()
    store.close()
  })

  it('a period with no samples, or a cluster never recorded: no peaks', () => {
    const { store } = openHistory(join(dir, 'h.sqlite'))
    record(store, 30)
    const month = 30 * 24 * 60 * MIN
    const before = store.totalsColumns(CLUSTER, { from: T0 - month, to: T0 }, 2048)
    expect(before.step).toBeGreaterThanOrEqual(ROLLUP_MS)
    expect(before.samples).toBe(0)
    expect(before.totals.at).toEqual([])
    expect(before.peaks).toBeNull()
    const other = store.totalsColumns('0a1b2c3d-0000-4000-8000-0000000000ff', { from: T0, to: T0 + month }, 2048)
    expect(other.peaks).toBeNull()
    store.close()
  })
})

/**
 * The hourly and 10-minute sums behind "who consumed it": a day's answer read from the sums equals
 * the replay of every raw sample (the reference computation of support.ts), over periods with
 * ragged edges, with spans left unsummed, after a late sample lands in a span already summed, and
 * in a file of schema 3 (no 10-minute sums, a keyframe every 60 samples).
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openHistory } from '../../../src-main/history/history-file'
import type { ClusterSample, HistoryStore } from '../../../src-main/history/history-port'
import { tempDirEachTest } from '../services/support'
import { CLUSTER, World, referenceTop } from './support'

let dir = ''
tempDirEachTest((d) => (dir = d))

const T0 = Date.UTC(2026, 10, 3, 6, 0, 30)
const MIN = 60_000

function expectSameAsReplay(store: HistoryStore, samples: ClusterSample[], from: number, to: number, late = 0) {
  const got = store.top({ from, to, by: 'cpu', limit: 100_000, cluster: CLUSTER })
  const want = referenceTop(samples, from, to, 'cpu')
  expect(got.sessions.map((s) => s.session)).toEqual(want.sessions.map((s) => s.session))
  got.sessions.forEach((s, i) => {
    expect(s.consumption.cpu).toBeCloseTo(want.sessions[i]!.v[0]!, 3)
    expect(s.consumption.memory).toBeCloseTo(want.sessions[i]!.v[1]!, 0)
  })
  // A sample written hours late (weight 0) is past the end of its hour's replay: not counted.
  expect(got.samples).toBe(samples.filter((s) => s.at >= from && s.at < to).length - late)
}

const HOUR = 3_600_000
const TEN = 600_000

describe('hourly and 10-minute sums', () => {
  it('answer as the raw samples do, edges and gaps replayed, a late sample dropping its spans', () => {
    const file = join(dir, 'hours.sqlite')
    const { store } = openHistory(file)
    const world = new World(11, 40)
    const samples: ClusterSample[] = []
    for (let i = 0; i < 5 * 60; i++) {
      world.step()
      const s = world.sample(T0 + i * MIN)
      samples.push(structuredClone(s))
      store.record(s)
    }
    const db = new Database(file, { readonly: true })
    const starts = (table: 'hours' | 'tens') =>
      (db.prepare(`SELECT start FROM ${table} ORDER BY start`).all() as Array<{ start: number }>).map((r) => r.start)
    // Four complete hours and 29 complete tens summed as the writer went (the last are still open).
    expect(starts('hours')).toHaveLength(4)
    expect(starts('tens')).toHaveLength(29)
    expect(starts('tens').every((t) => t % TEN === 0)).toBe(true)
    expectSameAsReplay(store, samples, T0, T0 + 5 * 60 * MIN)
    expectSameAsReplay(store, samples, T0 + 37 * MIN, T0 + 4 * 60 * MIN + 11 * MIN)
    expectSameAsReplay(store, samples, T0 + 61 * MIN, T0 + 62 * MIN)
    expectSameAsReplay(store, samples, T0 + 9 * MIN, T0 + 51 * MIN)

    // An hour or 10 minutes without a sum (an older file, a writer that stopped) is covered by
    // the finer sums, or replayed.
    const rw = new Database(file)
    rw.prepare('DELETE FROM hours WHERE start = ?').run(starts('hours')[1])
    rw.prepare('DELETE FROM tens WHERE start IN (?, ?)').run(starts('hours')[1]! + 2 * TEN, starts('tens')[2])
    rw.close()
    expectSameAsReplay(store, samples, T0, T0 + 5 * 60 * MIN)
    expectSameAsReplay(store, samples, T0 + 7 * MIN, T0 + 3 * 60 * MIN + 33 * MIN)
    const hours = () => starts('hours')

    // Another writer adds a sample late into a summed hour: that hour's sum goes, answers stay true.
    const late = openHistory(file).store
    world.step()
    const s = world.sample(T0 + 2 * 60 * MIN + 30_000)
    samples.push(structuredClone(s))
    const before = hours().length
    late.record(s)
    late.close()
    expect(hours().length).toBeLessThan(before + 1)
    expect(hours()).not.toContain(Math.floor((T0 + 2 * 60 * MIN) / HOUR) * HOUR)
    expect(starts('tens')).not.toContain(Math.floor((T0 + 2 * 60 * MIN + 30_000) / TEN) * TEN)
    expectSameAsReplay(store, samples, T0, T0 + 5 * 60 * MIN, 1)
    db.close()
    store.close()
  })

  it('a schema-3 file (no 10-minute sums) answers the same once opened, and its new samples get them', () => {
    const file = join(dir, 'v3.sqlite')
    const world = new World(12, 30)
    const samples: ClusterSample[] = []
    const record = (store: HistoryStore, n: number) => {
      for (let i = 0; i < n; i++) {
        world.step()
        const s = world.sample(T0 + samples.length * MIN)
        samples.push(structuredClone(s))
        store.record(s)
      }
    }
    const first = openHistory(file).store
    record(first, 150)
    first.close()
    // What schema 3 had: everything but the tens.
    const old = new Database(file)
    old.exec('DROP TABLE tens')
    old.pragma('user_version = 3')
    old.close()

    const { store } = openHistory(file)
    const db = new Database(file, { readonly: true })
    expect(db.pragma('user_version', { simple: true })).toBe(4)
    const tens = () => (db.prepare('SELECT count(*) AS n FROM tens').get() as { n: number }).n
    expect(tens()).toBe(0)
    expectSameAsReplay(store, samples, T0 + 13 * MIN, T0 + 147 * MIN)
    record(store, 30)
    expect(tens()).toBeGreaterThanOrEqual(2)
    expectSameAsReplay(store, samples, T0 + 13 * MIN, T0 + 177 * MIN)
    expectSameAsReplay(store, samples, T0 + 151 * MIN, T0 + 179 * MIN)
    db.close()
    store.close()
  })
})

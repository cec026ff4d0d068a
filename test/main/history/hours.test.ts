/**
 * The hourly sums behind "who consumed it": a day's answer read from the summed hours equals the
 * replay of every raw sample (the reference computation of support.ts), over periods with ragged
 * edges, with hours left unsummed, and after a late sample lands in an hour already summed.
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

describe('hourly sums', () => {
  it('answer as the raw samples do, edges and gaps replayed, a late sample dropping its hour', () => {
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
    const hours = () =>
      (db.prepare('SELECT start FROM hours ORDER BY start').all() as Array<{ start: number }>).map((r) => r.start)
    // Four complete hours summed as the writer went (the fifth is still open).
    expect(hours()).toHaveLength(4)
    expectSameAsReplay(store, samples, T0, T0 + 5 * 60 * MIN)
    expectSameAsReplay(store, samples, T0 + 37 * MIN, T0 + 4 * 60 * MIN + 11 * MIN)
    expectSameAsReplay(store, samples, T0 + 61 * MIN, T0 + 62 * MIN)

    // An hour without its sum (an older file, a writer that stopped) is replayed.
    const rw = new Database(file)
    rw.prepare('DELETE FROM hours WHERE start = ?').run(hours()[1])
    rw.close()
    expectSameAsReplay(store, samples, T0, T0 + 5 * 60 * MIN)

    // Another writer adds a sample late into a summed hour: that hour's sum goes, answers stay true.
    const late = openHistory(file).store
    world.step()
    const s = world.sample(T0 + 2 * 60 * MIN + 30_000)
    samples.push(structuredClone(s))
    const before = hours().length
    late.record(s)
    late.close()
    expect(hours().length).toBeLessThan(before + 1)
    expect(hours()).not.toContain(Math.floor((T0 + 2 * 60 * MIN) / 3_600_000) * 3_600_000)
    expectSameAsReplay(store, samples, T0, T0 + 5 * 60 * MIN, 1)
    db.close()
    store.close()
  })
})

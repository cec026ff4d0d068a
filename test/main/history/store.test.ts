/**
 * The SQLite history store on real files in temp folders: sample building from a real simulator
 * list, top consumers equal to a computation over the same samples, two writers on one file,
 * retention folding, the size cap and a damaged file kept aside. Time is the samples' own.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { buildSample } from '../../../src-main/history/sample'
import { BUCKET_MS } from '../../../src-main/history/history-blob'
import { openHistory } from '../../../src-main/history/history-file'
import { KEYFRAME_EVERY } from '../../../src-main/history/sqlite-history'
import type { ClusterSample, HistoryStore, Metric } from '../../../src-main/history/history-port'
import { RasClient } from '../../../src-main/ras/client'
import { LIST_REDUCTIONS, sessionTable } from '../../../src-main/services/session-rows'
import { startSimulator } from '../../../src-main/simulator'
import { tempDirEachTest } from '../services/support'
import { CLUSTER, SERVER, World, referenceTop } from './support'

let dir = ''
tempDirEachTest((d) => (dir = d))

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0)
const MIN = 60_000

function expectTopEqual(store: HistoryStore, samples: ClusterSample[], from: number, to: number, by: Metric) {
  const got = store.top({ from, to, by, limit: 100_000, cluster: CLUSTER })
  const want = referenceTop(samples, from, to, by)
  expect(got.users.map((u) => u.userName)).toEqual(want.users.map((u) => u.user))
  expect(got.users.map((u) => u.sessions)).toEqual(want.users.map((u) => u.sessions))
  got.users.forEach((u, i) => {
    const v = want.users[i]!.v
    expect(u.consumption.cpu).toBeCloseTo(v[0]!, 3)
    expect(u.consumption.memory).toBeCloseTo(v[1]!, 0)
    expect(u.consumption.dbms).toBeCloseTo(v[2]!, 3)
    expect(u.consumption.calls).toBeCloseTo(v[3]!, 3)
  })
  expect(got.sessions.map((s) => s.session)).toEqual(want.sessions.map((s) => s.session))
  got.sessions.forEach((s, i) =>
    expect(s.consumption[by]).toBeCloseTo(want.sessions[i]!.v[['cpu', 'memory', 'dbms', 'calls'].indexOf(by)]!, 0),
  )
  return got
}

describe('history sample', () => {
  it('is built from a real session list: totals by app id, active and sleeping, sums of the 5-minute counters', async () => {
    const sim = await startSimulator({ port: 0, sessions: 120, infobases: 3, seed: 5, live: false })
    const client = await RasClient.connect({ host: sim.host, port: sim.port })
    try {
      const cluster = sim.clusters[0]!.id
      await client.authenticateCluster(cluster)
      const table = sessionTable(await client.sessionColumns(cluster, null, LIST_REDUCTIONS), {
        infobaseNames: new Map(),
        protocolMajor: client.versionMajor,
      })
      const sample = buildSample({ cluster: cluster.toUpperCase(), server: 'h:1545', clusterName: 'C' }, T0, table)
      const world = sim.world.sessions(cluster)
      expect(sample.cluster).toBe(cluster)
      expect(sample.at).toBe(T0)
      expect(sample.totals.sessions).toBe(world.length)
      expect(sample.totals.sleeping).toBe(world.filter((s) => s.hibernate).length)
      expect(sample.totals.active).toBe(world.filter((s) => !s.hibernate).length)
      const apps: Record<string, number> = {}
      for (const s of world) apps[s.appId] = (apps[s.appId] ?? 0) + 1
      expect(sample.totals.byAppId).toEqual(apps)
      const sum = (f: (s: (typeof world)[number]) => number) => world.reduce((a, s) => a + f(s), 0)
      expect(sample.totals.cpu).toBe(sum((s) => s.cpuTimeLast5min))
      expect(sample.totals.memory).toBe(sum((s) => s.memoryLast5min))
      expect(sample.totals.dbms).toBe(sum((s) => s.durationLast5minDbms))
      expect(sample.totals.calls).toBe(sum((s) => s.callsLast5min))
      const i = sample.sessions.session.indexOf(world[7]!.session)
      expect([sample.sessions.userName[i], sample.sessions.cpu[i], sample.sessions.calls[i]]).toEqual([
        world[7]!.userName,
        world[7]!.cpuTimeLast5min,
        world[7]!.callsLast5min,
      ])
    } finally {
      await client.close()
      await sim.stop()
    }
  })
})

describe('SQLite history store', () => {
  it('top consumers and a user’s samples equal a computation over the same samples; only changes are written', () => {
    const file = join(dir, 'history.sqlite')
    const { store, keptAside } = openHistory(file)
    expect(keptAside).toBeNull()
    const world = new World(1, 300)
    const samples: ClusterSample[] = []
    const outcomes = []
    for (let i = 0; i < 150; i++) {
      world.step()
      // a minute apart with some jitter, and one gap of 20 minutes (the recorder was stopped)
      const at = T0 + i * MIN + (i % 7) * 950 + (i >= 100 ? 20 * MIN : 0)
      const s = world.sample(at)
      samples.push(s)
      outcomes.push(store.record(s))
    }
    // A keyframe at the first sample of every 10 minutes (the edges of a period replay no more).
    const ten = (i: number) => Math.floor(samples[i]!.at / 600_000)
    expect(outcomes.map((o) => o.keyframe)).toEqual(outcomes.map((_, i) => i === 0 || ten(i) !== ten(i - 1)))
    expect(outcomes.filter((o) => o.keyframe).length).toBeLessThan(outcomes.length / 6)
    expect(outcomes[5]!.written).toBeLessThan(300 * 0.5)
    for (const by of ['cpu', 'memory', 'dbms', 'calls'] as const) {
      expectTopEqual(store, samples, samples[0]!.at, samples.at(-1)!.at + 1, by)
    }
    // a period starting between keyframes, and one across the gap
    expectTopEqual(store, samples, samples[75]!.at, samples[90]!.at, 'cpu')
    expectTopEqual(store, samples, samples[95]!.at, samples[130]!.at, 'calls')
    const limited = store.top({ from: T0, to: T0 + 10 * 86_400_000, by: 'cpu', limit: 3, server: SERVER })
    expect(limited.users).toHaveLength(3)
    expect(store.top({ from: T0, to: T0 + 86_400_000, by: 'cpu', server: 'other:1545' }).users).toEqual([])

    // a user's sessions and their exact counters at every sample
    const user = 'Петрова А.С.'
    const from = samples[30]!.at
    const to = samples[70]!.at
    const history = store.sessionHistory({ cluster: CLUSTER, userName: user, from, to })
    const want: string[] = []
    for (const s of samples.filter((x) => x.at >= from && x.at < to)) {
      s.sessions.session.forEach((id, i) => {
        if (s.sessions.userName[i] === user) want.push(`${s.at} ${id} ${s.sessions.cpu[i]} ${s.sessions.memory[i]}`)
      })
    }
    const got = history.points.map((p) => `${p.at} ${p.session} ${p.cpu} ${p.memory}`)
    expect(got.sort()).toEqual(want.sort())
    expect(new Set(history.sessions.map((s) => s.session))).toEqual(new Set(history.points.map((p) => p.session)))
    const ended = history.sessions.find((s) => s.ended !== null)!
    expect(samples.find((s) => s.at === ended.ended)!.sessions.session).not.toContain(ended.session)

    const totals = store.totals(CLUSTER, { from, to })
    expect(totals.map((t) => [t.at, t.sessions, t.cpu, t.byAppId])).toEqual(
      samples
        .filter((s) => s.at >= from && s.at < to)
        .map((s) => [s.at, s.totals.sessions, s.totals.cpu, s.totals.byAppId]),
    )
    store.close()
  })

  it('samples more often than every 10 s still get a keyframe every KEYFRAME_EVERY samples', () => {
    const { store } = openHistory(join(dir, 'history.sqlite'))
    const world = new World(3, 50)
    const start = Math.floor(T0 / 600_000) * 600_000
    const samples: ClusterSample[] = []
    const keyframes: number[] = []
    for (let i = 0; i < KEYFRAME_EVERY + 10; i++) {
      world.step()
      samples.push(world.sample(start + i * 5_000)) // 70 samples in 350 s: one 10-minute span
      if (store.record(samples.at(-1)!).keyframe) keyframes.push(i)
    }
    expect(keyframes).toEqual([0, KEYFRAME_EVERY])
    expectTopEqual(store, samples, samples[3]!.at, samples[KEYFRAME_EVERY + 5]!.at, 'cpu')
    store.close()
  })

  it('a second writer on the same file and cluster: both samples are kept and replay stays exact', () => {
    const file = join(dir, 'history.sqlite')
    const a = openHistory(file).store
    const b = openHistory(file).store
    const world = new World(2, 100)
    const samples: ClusterSample[] = []
    for (let i = 0; i < 40; i++) {
      world.step()
      const s = world.sample(T0 + i * 30_000)
      samples.push(s)
      const outcome = (i % 3 === 0 ? b : a).record(s)
      if (i > 0 && i % 3 === 0) expect(outcome.keyframe).toBe(true)
    }
    expectTopEqual(a, samples, T0, T0 + 40 * 30_000, 'cpu')
    expectTopEqual(b, samples, T0 + 5 * 30_000, T0 + 33 * 30_000, 'memory')
    a.close()
    b.close()
  })

  it('raw samples are folded into 5-minute buckets after 48 h with the same answers; old data goes by retention', () => {
    const file = join(dir, 'history.sqlite')
    const { store } = openHistory(file)
    const world = new World(3, 40)
    const samples: ClusterSample[] = []
    const start = T0 - (T0 % BUCKET_MS)
    const count = 51 * 60 // 51 hours a minute apart
    for (let i = 0; i < count; i++) {
      world.step(0.2, 0.005)
      const s = world.sample(start + i * MIN + (i % 5) * 700)
      samples.push(s)
      store.record(s)
    }
    const db = new Database(file, { readonly: true })
    const folded = (db.prepare('SELECT folded_until AS f FROM clusters').get() as { f: number }).f
    const newest = samples.at(-1)!.at
    expect(folded).toBeGreaterThan(start)
    expect(folded).toBeLessThanOrEqual(newest - 48 * 3_600_000)
    const oldestRaw = (
      db.prepare('SELECT min(s.at) AS t FROM raw r JOIN samples s ON s.id = r.sample').get() as { t: number }
    ).t
    expect(oldestRaw).toBeGreaterThan(start + 60 * MIN) // older raw samples are gone
    expect(oldestRaw).toBeLessThanOrEqual(folded)
    expect((db.prepare('SELECT count(*) AS n FROM buckets').get() as { n: number }).n).toBeGreaterThan(20)
    db.close()
    // whole buckets in the folded part, across the fold line, and raw only
    expectTopEqual(store, samples, start, start + 2 * 3_600_000, 'cpu')
    expectTopEqual(store, samples, folded - 6 * BUCKET_MS, folded + 7 * BUCKET_MS, 'dbms')
    expectTopEqual(store, samples, start, newest + 1, 'calls')
    const points = store.sessionHistory({
      cluster: CLUSTER,
      session: samples[0]!.sessions.session[0]!,
      from: start,
      to: newest,
    })
    expect(points.points.some((p) => p.kind === 'bucket')).toBe(true)

    // 91 days later: buckets are past their 90 days, totals stay (1 year); a year later totals go too
    const later = world.sample(start + 91 * 86_400_000)
    store.record(later)
    store.record(world.sample(later.at + MIN))
    expect(store.top({ from: start, to: start + 86_400_000, by: 'cpu', cluster: CLUSTER }).users).toEqual([])
    expect(store.totals(CLUSTER, { from: start, to: start + 86_400_000 }).length).toBeGreaterThan(1000)
    store.record(world.sample(start + 366 * 86_400_000))
    store.record(world.sample(start + 366 * 86_400_000 + MIN))
    expect(store.totals(CLUSTER, { from: start, to: start + 86_400_000 })).toEqual([])
    expect(store.totals(CLUSTER, { from: start + 366 * 86_400_000, to: Infinity })).toHaveLength(2)
    store.close()
  }, 60_000)

  it('the size cap prunes the oldest data first and keeps the file under it', () => {
    const file = join(dir, 'history.sqlite')
    const cap = 400_000
    const { store } = openHistory(file, { retention: { maxBytes: cap } })
    const world = new World(4, 400)
    let last: ClusterSample | null = null
    let before: ClusterSample | null = null
    for (let i = 0; i < 200; i++) {
      world.step(1, 0.01)
      before = last
      last = world.sample(T0 + i * MIN)
      store.record(last)
      expect(statSync(file).size).toBeLessThanOrEqual(cap + 100_000)
    }
    const totals = store.totals(CLUSTER, { from: 0, to: Infinity })
    expect(totals.at(-1)!.at).toBe(last!.at)
    expect(totals[0]!.at).toBeGreaterThan(T0) // the oldest went
    expectTopEqual(store, [before!, last!], last!.at, last!.at + 1, 'cpu')
    store.close()
    const db = new Database(file, { readonly: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
  })

  it('a file that is not SQLite, or fails quick_check, is moved aside (never deleted) and a fresh one made', () => {
    const file = join(dir, 'history.sqlite')
    writeFileSync(file, 'this is not a database, but somebody’s notes '.repeat(200))
    const opened = openHistory(file, { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) })
    expect(opened.keptAside).toMatchObject({ file, why: 'it is not an SQLite database' })
    expect(opened.keptAside!.movedTo).toBe(`${file}.corrupt-2026-01-02T03-04-05-000Z`)
    expect(readFileSync(opened.keptAside!.movedTo, 'utf8')).toContain('somebody’s notes')
    opened.store.record(new World(5, 10).sample(T0))
    opened.store.close()

    // a real database with a page overwritten
    const reopened = openHistory(file)
    expect(reopened.keptAside).toBeNull()
    const world = new World(6, 300)
    for (let i = 0; i < 20; i++) {
      world.step(1)
      reopened.store.record(world.sample(T0 + (i + 1) * MIN))
    }
    reopened.store.close()
    const bytes = readFileSync(file)
    const page = 4096
    bytes.fill(0xa5, 3 * page + 8, 3 * page + 200) // inside a b-tree page: header and cell pointers
    writeFileSync(file, bytes)
    const damaged = openHistory(file)
    expect(damaged.keptAside).not.toBeNull()
    expect(existsSync(damaged.keptAside!.movedTo)).toBe(true)
    expect(readFileSync(damaged.keptAside!.movedTo).equals(bytes)).toBe(true)
    expect(damaged.store.totals(CLUSTER, { from: 0, to: Infinity })).toEqual([])
    damaged.store.close()
  })
})

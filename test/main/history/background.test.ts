/**
 * The background recorder through the real services over the simulator and a real history file:
 * marked profiles are sampled every interval with no tab open, one round at a time; an unreachable
 * server is paused with back-off (1, 2, 4 … minutes) and picked up again; unmarking stops it, and
 * disposing the services leaves nothing scheduled. Time is the one thing controlled: a manual
 * scheduler whose clock the simulator's living world and the services share.
 */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApi } from '../../../src-main/api'
import { openHistoryForApp } from '../../../src-main/history/history-file'
import { createServices, openConfStore, type Scheduler, type Services } from '../../../src-main/services'
import { startSimulator, type RunningSimulator } from '../../../src-main/simulator'
import type { ClusterApi, Result } from '../../../src-shared/contract'
import { fakeSecretBox, profileInput, tempDir } from '../services/support'

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}

/** Time that moves only when told; due callbacks run in order, each round awaited before the next. */
class ManualTime implements Scheduler {
  private tasks: Array<{ at: number; fn: () => void; id: number }> = []
  private ids = 0
  constructor(public t: number) {}
  now = () => this.t
  after(ms: number, fn: () => void): () => void {
    const id = this.ids++
    this.tasks.push({ at: this.t + ms, fn, id })
    return () => (this.tasks = this.tasks.filter((x) => x.id !== id))
  }
  get pending(): number {
    return this.tasks.length
  }
  /** Moves time to now + ms, firing what falls due on the way (and awaiting `settle` after each). */
  async advance(ms: number, settle: () => Promise<void>): Promise<void> {
    const end = this.t + ms
    await settle()
    for (;;) {
      this.tasks.sort((a, b) => a.at - b.at || a.id - b.id)
      const next = this.tasks[0]
      if (!next || next.at > end) break
      this.tasks.shift()
      this.t = Math.max(this.t, next.at)
      next.fn()
      await settle()
    }
    this.t = end
  }
}

let dir = ''
let remove: () => Promise<void>
let sim: RunningSimulator
let services: Services
let api: ClusterApi
let time: ManualTime
let logs: string[]
const ALL = { from: 0, to: Date.UTC(2100, 0, 1) }

beforeEach(async () => {
  ;({ dir, remove } = await tempDir())
  time = new ManualTime(Date.UTC(2026, 4, 5, 7, 0, 0))
  logs = []
  sim = await startSimulator({ port: 0, clusters: 2, sessions: 25, infobases: 2, seed: 31, clock: time })
  services = createServices({
    openStore: openConfStore(dir),
    secretBox: fakeSecretBox(),
    auditFile: join(dir, 'audit.jsonl'),
    clock: time,
    log: (line) => logs.push(line),
    pool: { connectTimeoutMs: 2000, requestTimeoutMs: 2000 },
    openHistory: () => openHistoryForApp(join(dir, 'history.sqlite'), () => undefined),
    backgroundHistory: time,
  })
  api = createApi(services, () => undefined)
})

afterEach(async () => {
  await services.dispose()
  await sim.stop()
  await remove()
})

const settle = () => services.history.background!.idle()
const samples = async (profile: string, cluster: string) =>
  value(await api.historyTimeline(profile, cluster, ALL)).totals.at.length
const paused = () => logs.filter((l) => l.includes('background recording of profile')).length

describe('background recording', () => {
  it('samples every cluster of a marked profile each interval, with no tab open', async () => {
    const plain = value(await api.saveProfile(profileInput({ host: sim.host, port: sim.port, clusterPassword: null })))
    expect(plain.recordHistory).toBe(false)
    await time.advance(0, settle)
    expect(value(await api.historyStatus()).background).toEqual([])

    const marked = value(
      await api.saveProfile({
        ...profileInput({ host: sim.host, port: sim.port, clusterPassword: null }),
        id: plain.id,
        recordHistory: true,
      }),
    )
    await time.advance(0, settle)
    const [a, b] = sim.clusters.map((c) => c.id)
    expect([await samples(marked.id, a!), await samples(marked.id, b!)]).toEqual([1, 1])
    const status = value(await api.historyStatus()).background
    expect(status).toEqual([{ profileId: marked.id, lastSample: expect.any(Number), error: null }])
    // The cluster's name, as the server lists it, comes with the samples.
    expect(value(await api.historyTimeline(marked.id, a!, ALL)).clusterName).toBe(sim.clusters[0]!.name)

    await time.advance(30_000, settle)
    expect(await samples(marked.id, a!)).toBe(1)
    await time.advance(30_000, settle)
    expect(await samples(marked.id, a!)).toBe(2)
    await time.advance(5 * 60_000, settle)
    expect(await samples(marked.id, a!)).toBe(7)
    expect(await samples(marked.id, b!)).toBe(7)
    const t = value(await api.historyTimeline(marked.id, a!, ALL)).totals.at
    expect(t.slice(1).map((x, i) => x - t[i]!)).toEqual([60_000, 60_000, 60_000, 60_000, 60_000, 60_000])

    // A new interval in the settings applies from the next wait on.
    value(await api.setHistorySettings({ ...value(await api.historyStatus()).settings, everySeconds: 120 }))
    await time.advance(60_000, settle)
    expect(await samples(marked.id, a!)).toBe(7)
    await time.advance(60_000, settle)
    expect(await samples(marked.id, a!)).toBe(8)

    // Unmarked: the loop stops.
    value(
      await api.saveProfile({
        ...profileInput({ host: sim.host, port: sim.port, clusterPassword: null }),
        id: marked.id,
        recordHistory: false,
      }),
    )
    await time.advance(10 * 60_000, settle)
    expect(await samples(marked.id, a!)).toBe(8)
    expect(value(await api.historyStatus()).background).toEqual([])
    expect(time.pending).toBe(0)
  })

  it('pauses an unreachable server with back-off and picks it up again; stops cleanly', async () => {
    const p = value(
      await api.saveProfile({
        ...profileInput({ host: sim.host, port: sim.port, clusterPassword: null }),
        recordHistory: true,
      }),
    )
    await time.advance(0, settle)
    const cluster = sim.clusters[0]!.id
    expect(await samples(p.id, cluster)).toBe(1)

    sim.faults.garbage = true
    sim.faults.refuseConnections = true
    await time.advance(60_000, settle)
    expect(paused()).toBe(1)
    const status = value(await api.historyStatus()).background[0]!
    expect(status.error).toBeTruthy()
    // 1 minute, then 2, then 4 between attempts.
    await time.advance(59_000, settle)
    expect(paused()).toBe(1)
    await time.advance(1_000, settle)
    expect(paused()).toBe(2)
    await time.advance(119_000, settle)
    expect(paused()).toBe(2)
    await time.advance(1_000, settle)
    expect(paused()).toBe(3)
    await time.advance(239_000, settle)
    expect(paused()).toBe(3)

    sim.faults.garbage = false
    sim.faults.refuseConnections = false
    await time.advance(1_000, settle)
    expect(paused()).toBe(3)
    expect(await samples(p.id, cluster)).toBe(2)
    expect(value(await api.historyStatus()).background[0]!.error).toBeNull()
    await time.advance(60_000, settle)
    expect(await samples(p.id, cluster)).toBe(3)

    await services.dispose()
    expect(time.pending).toBe(0)
  })
})

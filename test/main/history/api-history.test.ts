/**
 * The history calls through the real API (createServices + createApi) over the simulator and a
 * real history file in a temp folder: what a refresh records comes back as the timeline, "who
 * consumed it", a user's timeline and session trends; settings persist in the file. Only the
 * clock is controlled (the simulator's living world and the services share it).
 */
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApi } from '../../../src-main/api'
import { openHistory, openHistoryForApp } from '../../../src-main/history/history-file'
import { createServices, openConfStore, type Services } from '../../../src-main/services'
import { startSimulator, type RunningSimulator } from '../../../src-main/simulator'
import type { ClusterApi, Result } from '../../../src-shared/contract'
import { HISTORY_METRICS } from '../../../src-shared/history-contract'
import { fakeSecretBox, profileInput, tempDir } from '../services/support'

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}

let dir = ''
let remove: () => Promise<void>
let sim: RunningSimulator
let services: Services
let api: ClusterApi
let now = Date.UTC(2026, 2, 10, 9, 0, 0)
const clock = { now: () => now }

beforeEach(async () => {
  ;({ dir, remove } = await tempDir())
  sim = await startSimulator({ port: 0, sessions: 40, infobases: 3, seed: 21, clock })
  services = createServices({
    openStore: openConfStore(dir),
    secretBox: fakeSecretBox(),
    auditFile: join(dir, 'audit.jsonl'),
    clock,
    openHistory: () => openHistoryForApp(join(dir, 'history.sqlite'), () => undefined),
  })
  api = createApi(services, () => undefined)
})

afterEach(async () => {
  await services.dispose()
  await sim.stop()
  await remove()
})

async function recordMinutes(profile: string, cluster: string, minutes: number): Promise<number[]> {
  const seen: number[] = []
  for (let i = 0; i < minutes; i++) {
    const list = value(await api.listSessions(profile, cluster))
    seen.push(list.serverNow!)
    now += 60_000
  }
  return seen
}

describe('history through the API', () => {
  it('answers the timeline, the top consumers, a user and trends from what refreshes recorded', async () => {
    const profile = value(
      await api.saveProfile(profileInput({ host: sim.host, port: sim.port, clusterPassword: null })),
    ).id
    const cluster = sim.clusters[0]!.id
    const times = await recordMinutes(profile, cluster, 6)
    const all = { from: times[0]!, to: times.at(-1)! + 1 }

    const timeline = value(await api.historyTimeline(profile, cluster, all))
    expect(timeline.totals.at).toEqual(times)
    expect(timeline.newest).toBe(times.at(-1))
    expect(timeline.totals.sessions.every((n) => n > 0)).toBe(true)
    // byAppId: one column per app id, as long as the series, adding up to the sessions.
    const apps = Object.values(timeline.totals.byAppId)
    expect(apps.length).toBeGreaterThan(0)
    for (let i = 0; i < times.length; i++) {
      expect(apps.reduce((sum, column) => sum + column[i]!, 0)).toBe(timeline.totals.sessions[i])
      expect(timeline.totals.active[i]! + timeline.totals.sleeping[i]!).toBe(timeline.totals.sessions[i])
    }
    // A period with nothing in it: empty columns, the newest sample still said.
    const before = value(await api.historyTimeline(profile, cluster, { from: 0, to: times[0]! }))
    expect(before.totals.at).toEqual([])
    expect(before.newest).toBe(times.at(-1))

    const top = value(await api.historyTop(profile, cluster, { ...all, by: 'cpu', limit: 5 }))
    expect(top.samples).toBe(times.length)
    expect(top.users.length).toBeGreaterThan(0)
    expect(top.users.length).toBeLessThanOrEqual(5)
    expect(top.infobases.length).toBeGreaterThan(0)
    const cpu = top.users.map((u) => u.consumption.cpu)
    expect(cpu).toEqual([...cpu].sort((a, b) => b - a))
    expect(top.infobases.every((ib) => ib.sessions >= ib.users && ib.users > 0)).toBe(true)

    const who = top.users[0]!.userName
    const user = value(await api.historyUser(profile, cluster, who, all))
    expect(user.sessions.length).toBe(top.users[0]!.sessions)
    const summed = user.sessions.reduce((s, x) => s + x.consumption.cpu, 0)
    expect(summed).toBeCloseTo(top.users[0]!.consumption.cpu, 6)
    expect(user.series.map((s) => s.session).sort()).toEqual(
      user.sessions
        .filter((s) => user.series.some((x) => x.session === s.session))
        .map((s) => s.session)
        .sort(),
    )
    for (const s of user.series) expect(s.at.every((t) => t >= all.from && t < all.to)).toBe(true)

    const ids = user.sessions.slice(0, 3).map((s) => s.session)
    const trends = value(await api.historyTrends(profile, cluster, ids))
    expect(trends.newest).toBe(times.at(-1))
    expect(trends.trends.map((t) => t.session).sort()).toEqual([...ids].sort())
    for (const t of trends.trends) {
      expect(t.at.length).toBe(t.cpu.length)
      expect(t.at.every((at) => at > times.at(-1)! - 30 * 60_000)).toBe(true)
    }
    // Another cluster of the same server, never listed: nothing recorded.
    const other = value(await api.historyTimeline(profile, sim.clusters[1]?.id ?? cluster.replace(/^./, 'f'), all))
    expect(other.newest).toBeNull()
    expect(other.totals.at).toEqual([])
  })

  it('a folded timeline says each metric’s exact peak: the first sample with the highest value', async () => {
    const profile = value(
      await api.saveProfile(profileInput({ host: sim.host, port: sim.port, clusterPassword: null })),
    ).id
    const cluster = sim.clusters[0]!.id
    const times = await recordMinutes(profile, cluster, 25)
    const all = { from: times[0]!, to: times.at(-1)! + 1 }
    const every = value(await api.historyTimeline(profile, cluster, all))
    expect(every.step).toBe(0)
    expect(every.peaks).toBeNull()
    // One column of 25 minutes, read from the 10-minute rows.
    const folded = value(await api.historyTimeline(profile, cluster, { ...all, points: 2 }))
    expect(folded.step).toBeGreaterThanOrEqual(10 * 60_000)
    expect(folded.totals.at.length).toBe(2)
    for (const m of HISTORY_METRICS) {
      const values = every.totals[m]
      const i = values.indexOf(Math.max(...values))
      expect(folded.peaks![m], m).toEqual({ value: values[i], at: every.totals.at[i] })
    }
    expect(structuredClone(folded)).toEqual(folded)
  })

  it('keeps settings in the history file, refuses bad ones and says where the file is', async () => {
    const status = value(await api.historyStatus())
    expect(status.file).toBe(join(dir, 'history.sqlite'))
    expect(status.unavailable).toBeNull()
    expect(status.keptAside).toBeNull()
    expect(status.settings).toEqual({
      rawHours: 48,
      aggregateDays: 90,
      totalsDays: 365,
      maxMegabytes: 1024,
      everySeconds: 60,
    })
    const changed = { rawHours: 24, aggregateDays: 30, totalsDays: 180, maxMegabytes: 256, everySeconds: 120 }
    expect(value(await api.setHistorySettings(changed)).settings).toEqual(changed)
    const refused = await api.setHistorySettings({ ...changed, totalsDays: 10 })
    expect(refused.ok ? null : refused.error.code).toBe('INVALID_ARGUMENT')
    // Another process (the CLI's record) opening the file reads the same settings.
    const other = openHistory(join(dir, 'history.sqlite')).store
    expect(other.settings()).toEqual(changed)
    other.close()
    const after = value(await api.historyStatus())
    expect(after.bytes).toBeGreaterThan(0)
  })

  it('says when this run found the history file damaged and moved it aside', async () => {
    writeFileSync(join(dir, 'history.sqlite'), 'not a database, just text that happens to be here'.repeat(100))
    const status = value(await api.historyStatus())
    expect(status.unavailable).toBeNull()
    expect(status.keptAside?.movedTo).toMatch(/history\.sqlite\.corrupt-/)
    expect(existsSync(status.keptAside!.movedTo)).toBe(true)
    expect(status.keptAside?.why).toBeTruthy()
  })

  it('refuses an unknown profile with NOT_FOUND and answers empty without a store', async () => {
    const missing = await api.historyTop('nope', sim.clusters[0]!.id, { from: 0, to: 1, by: 'cpu' })
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND')

    const bare = createServices({
      openStore: openConfStore(join(dir, 'bare')),
      secretBox: fakeSecretBox(),
      auditFile: join(dir, 'a2.jsonl'),
    })
    try {
      const bareApi = createApi(bare, () => undefined)
      const status = value(await bareApi.historyStatus())
      expect(status.unavailable).not.toBeNull()
      const id = value(
        await bareApi.saveProfile(profileInput({ host: sim.host, port: sim.port, clusterPassword: null })),
      ).id
      const t = value(await bareApi.historyTimeline(id, sim.clusters[0]!.id, { from: 0, to: 1 }))
      expect(t.newest).toBeNull()
    } finally {
      await bare.dispose()
    }
  })
})

/**
 * The app's watch through the API (issue 19): every refresh of a cluster is a look; an alert goes
 * out as a 'watch-alert' event once when it fires and once when it clears, and watchState says
 * what is open and what happened last. The real services over the simulator; only the clock is ours.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ApiEvent, ClusterApi, ProfileDto } from '../../../src-shared/contract'
import type { WatchAlert } from '../../../src-shared/watch-contract'
import { DEFAULT_WATCH_RULES } from '../../../src-shared/watch-rules'
import { createApi } from '../../../src-main/api'
import { createServices, openConfStore } from '../../../src-main/services'
import { startSimulator, type RunningSimulator, type SimCluster } from '../../../src-main/simulator'
import { fakeSecretBox, profileInput } from '../services/support'
import { startTempServices, type TempServices } from '../services/world'

let now = Date.UTC(2026, 10, 25, 6, 30, 15)
const clock = { now: () => now }
const ADMIN = { user: 'admin', password: 'pw' }
let sim: RunningSimulator
let temp: TempServices
let api: ClusterApi
let profile: ProfileDto
let clusterId: string
let c: SimCluster
const alerts: WatchAlert[] = []

beforeAll(async () => {
  sim = await startSimulator({
    clusters: 1,
    infobases: 2,
    sessions: 30,
    seed: 5,
    live: false,
    clock,
    clusterAdmin: ADMIN,
  })
  temp = await startTempServices({ clock })
  api = createApi(temp.services, (e: ApiEvent) => {
    // The world's spare server (no sessions) raises idle-server: these tests follow the others.
    if (e.type === 'watch-alert' && e.alert.rule !== 'idle-server') alerts.push(structuredClone(e.alert))
  })
  profile = await temp.services.profiles.save(
    profileInput({ host: sim.host, port: sim.port, clusterUser: ADMIN.user, clusterPassword: ADMIN.password }),
  )
  c = sim.world.requireCluster()
  clusterId = c.info.cluster
  for (const s of c.sessions.values()) {
    s.durationCurrent = 0
    s.blockedByDbms = 0
    s.blockedByLs = 0
  }
  sim.world.touch(c)
})

afterAll(async () => {
  await temp.stop()
  await sim.stop()
})

const refresh = async () => expect((await api.listSessions(profile.id, clusterId)).ok).toBe(true)

describe('the app watches what it refreshes', () => {
  it('a blocked session: nothing for 30 s of refreshes, then one alert; one all-clear when released', async () => {
    await refresh()
    const [holder, waiter] = [...c.sessions.values()].filter((s) => s.appId === '1CV8C')
    sim.world.blockSession(c, waiter!, holder!, 'ls')
    for (let i = 0; i < 3; i++) {
      await refresh()
      now += 10_000
    }
    expect(alerts).toEqual([])
    await refresh()
    expect(alerts.map((a) => `${a.state} ${a.rule} ${a.subject.sessionId}`)).toEqual([
      `fired blocked ${waiter!.sessionId}`,
    ])
    await refresh()
    await refresh()
    expect(alerts).toHaveLength(1)
    const followed = (list: WatchAlert[]) => list.filter((a) => a.rule !== 'idle-server')
    const state = await api.watchState()
    expect(state.ok && followed(state.value.current).map((a) => a.id)).toEqual([alerts[0]!.id])
    sim.world.releaseWaiters(c, holder!.sessionId)
    await refresh()
    expect(alerts.map((a) => a.state)).toEqual(['fired', 'cleared'])
    const after = await api.watchState()
    expect(after.ok).toBe(true)
    if (!after.ok) return
    expect(followed(after.value.current)).toEqual([])
    expect(followed(after.value.recent).map((a) => a.state)).toEqual(['cleared', 'fired'])
  })

  it('once a minute the servers are read too: the spare server without sessions raises idle-server, once', async () => {
    const seen: WatchAlert[] = []
    const off = temp.services.watch.onAlert((a) => seen.push(a))
    now += 61_000
    await refresh()
    await vi.waitFor(() =>
      expect((temp.services.watch.state().current ?? []).some((a) => a.rule === 'idle-server')).toBe(true),
    )
    const idle = temp.services.watch.state().current.filter((a) => a.rule === 'idle-server')
    const spare = c.servers.filter(
      (s) =>
        ![...c.sessions.values()].some((x) =>
          c.processes.some((p) => p.process === x.process && p.host === s.agentHost),
        ),
    )
    expect(idle.map((a) => a.subject.server)).toEqual(spare.map((s) => s.name))
    now += 61_000
    await refresh()
    await new Promise((r) => setTimeout(r, 200))
    expect(seen.filter((a) => a.rule === 'idle-server' && a.state === 'fired').length).toBeLessThanOrEqual(1)
    off()
  })

  it('licences in use above the limit fire once (share of the series with a limit); raising the limit clears it', async () => {
    const licences = await api.getClusterLicenses(profile.id, clusterId)
    expect(licences.ok).toBe(true)
    if (!licences.ok) return
    const limited = licences.value.groups.filter((g) => g.maxUsers > 0)
    const used = limited.reduce((n, g) => n + g.sessions, 0)
    const available = limited.reduce((n, g) => n + g.maxUsers, 0)
    expect(available).toBeGreaterThan(0)
    const percent = Math.round((used / available) * 100)
    expect(percent).toBeGreaterThan(0)
    const seen: WatchAlert[] = []
    const off = temp.services.watch.onAlert((a) => a.rule === 'licences' && seen.push(a))
    const rules = DEFAULT_WATCH_RULES
    expect((await api.setWatchRules({ ...rules, licencesPercent: percent - 1 })).ok).toBe(true)
    now += 61_000 // the servers and licences are read once a minute
    await refresh()
    await vi.waitFor(() => expect(seen.map((a) => a.state)).toEqual(['fired']))
    expect(seen[0]).toMatchObject({ value: percent, threshold: percent - 1 })
    now += 61_000
    await refresh()
    await new Promise((r) => setTimeout(r, 300))
    expect(seen).toHaveLength(1) // the same episode
    expect((await api.setWatchRules({ ...rules, licencesPercent: 100 })).ok).toBe(true)
    now += 61_000
    await refresh()
    await vi.waitFor(() => expect(seen.map((a) => a.state)).toEqual(['fired', 'cleared']))
    off()
  })

  it('refreshes that fail with the server refusing the administrator fire "unreachable" once, with its text', async () => {
    const wrong = await temp.services.profiles.save(
      profileInput({ name: 'wrong', host: sim.host, port: sim.port, clusterUser: ADMIN.user, clusterPassword: 'x' }),
    )
    alerts.length = 0
    for (let i = 0; i < 4; i++) expect((await api.listSessions(wrong.id, clusterId)).ok).toBe(false)
    expect(alerts.map((a) => `${a.state} ${a.rule} ${a.errorCode}`)).toEqual(['fired unreachable AUTH'])
    expect(alerts[0]!.profileId).toBe(wrong.id)
    expect(alerts[0]!.serverMessage).toBeTruthy()
  })
})

describe('the alerts survive a restart', () => {
  it('without an alerts file (the option absent), nothing is written', async () => {
    const input = { name: 'absent', host: sim.host, port: sim.port, clusterUser: ADMIN.user, clusterPassword: 'x' }
    const absent = await temp.services.profiles.save(profileInput(input))
    for (let i = 0; i < 2; i++) expect((await api.listSessions(absent.id, clusterId)).ok).toBe(false)
    expect(temp.services.watch.state().recent.some((a) => a.profileId === absent.id)).toBe(true)
    await temp.services.watch.alertsWritten()
    expect(readdirSync(temp.dir).filter((name) => name.includes('alerts'))).toEqual([])
  })

  it('what the watch emitted is the centre’s history after the services start again on the same folder', async () => {
    const startOnFolder = () =>
      createServices({
        openStore: openConfStore(temp.dir),
        secretBox: fakeSecretBox(),
        auditFile: join(temp.dir, 'audit.jsonl'),
        alertsFile: join(temp.dir, 'alerts.jsonl'),
        clock,
      })
    const first = startOnFolder()
    const firstApi = createApi(first, () => undefined)
    const emitted: WatchAlert[] = []
    first.watch.onAlert((a) => emitted.push(structuredClone(a)))
    const input = { name: 'restart', host: sim.host, port: sim.port, clusterUser: ADMIN.user }
    const wrong = await first.profiles.save(profileInput({ ...input, clusterPassword: 'x' }))
    const password = (clusterPassword: string) =>
      first.profiles.save(profileInput({ ...input, id: wrong.id, clusterPassword }))
    const list = () => firstApi.listSessions(wrong.id, clusterId)
    for (let i = 0; i < 2; i++) expect((await list()).ok).toBe(false)
    await password(ADMIN.password)
    expect((await list()).ok).toBe(true) // reachable again: cleared
    await password('y')
    for (let i = 0; i < 2; i++) expect((await list()).ok).toBe(false) // fired again, left open
    await first.watch.idle()
    const unreachable = emitted.filter((a) => a.rule === 'unreachable').map((a) => a.state)
    expect(unreachable).toEqual(['fired', 'cleared', 'fired'])
    const before = first.watch.state()
    expect(before.current.map((a) => a.id)).toContain(emitted.at(-1)!.id)
    expect(before.recent).toEqual([...emitted].reverse())
    await first.dispose() // the app quits (or crashes after the writes)

    const second = startOnFolder()
    const state = await createApi(second, () => undefined).watchState()
    expect(state.ok).toBe(true)
    if (!state.ok) return
    expect(state.value.recent).toEqual(before.recent)
    expect(state.value.current).toEqual([]) // judged afresh: the open 'fired' comes back as history only
    await second.dispose()
  })
})

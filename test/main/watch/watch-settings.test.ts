/**
 * The watch's settings, kept with the profiles (issue 19): rules for all in the profile file, a
 * profile's own rules over them and its pins in its entry; read by another process's services;
 * unreadable watch settings read as the defaults (the profiles stay); the app's watch judges by them.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiEvent, ClusterApi, ProfileDto } from '../../../src-shared/contract'
import type { WatchAlert } from '../../../src-shared/watch-contract'
import { DEFAULT_WATCH_RULES } from '../../../src-shared/watch-rules'
import { createApi } from '../../../src-main/api'
import { createServices, openConfStore } from '../../../src-main/services'
import { startSimulator, type RunningSimulator, type SimCluster } from '../../../src-main/simulator'
import { fakeSecretBox, profileInput } from '../services/support'
import { startTempServices, type TempServices } from '../services/world'

const ADMIN = { user: 'admin', password: 'pw' }
let sim: RunningSimulator
let temp: TempServices
let api: ClusterApi
let profile: ProfileDto
let clusterId: string
let c: SimCluster
const alerts: WatchAlert[] = []

beforeAll(async () => {
  sim = await startSimulator({ clusters: 1, infobases: 2, sessions: 30, seed: 9, live: false, clusterAdmin: ADMIN })
  temp = await startTempServices({ watchAround: false })
  api = createApi(temp.services, (e: ApiEvent) => {
    if (e.type === 'watch-alert') alerts.push(e.alert)
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
const longCall = (s: { durationCurrent: number }, ms: number) => {
  s.durationCurrent = ms
  sim.world.touch(c)
}

describe('watch settings', () => {
  it('start as the defaults; rules for all and a profile’s own are saved in the profile file and seen by another process', async () => {
    expect(await api.watchSettings()).toEqual({
      ok: true,
      value: { rules: DEFAULT_WATCH_RULES, defaults: DEFAULT_WATCH_RULES },
    })
    const all = { ...DEFAULT_WATCH_RULES, longCallSeconds: 120, idleServer: false }
    expect(await api.setWatchRules(all)).toMatchObject({ ok: true, value: { rules: all } })
    const own = { rules: { longCallSeconds: 30 }, pins: [{ userName: 'Наблюдаемый' }] }
    const saved = await api.setProfileWatch(profile.id, own)
    expect(saved).toMatchObject({ ok: true, value: { id: profile.id, watch: own } })

    const file = JSON.parse(readFileSync(join(temp.dir, 'profiles.json'), 'utf8')) as {
      watch: unknown
      profiles: Array<{ id: string; watch: unknown }>
    }
    expect(file.watch).toEqual(all)
    expect(file.profiles.find((p) => p.id === profile.id)!.watch).toEqual(own)

    // Another process (a second set of services over the same folder) reads the same.
    const other = createServices({
      openStore: openConfStore(temp.dir),
      secretBox: fakeSecretBox(),
      auditFile: join(temp.dir, 'audit2.jsonl'),
    })
    expect(other.profiles.watchFor(profile.id)).toEqual({
      rules: { ...all, longCallSeconds: 30 },
      pins: [{ userName: 'Наблюдаемый' }],
    })
    // Saving the profile from its form keeps its watch.
    const form = await other.profiles.save({
      ...profileInput({ host: sim.host, port: sim.port, clusterUser: ADMIN.user, clusterPassword: undefined }),
      id: profile.id,
    })
    expect(form.watch).toEqual(own)
    await other.dispose()
  })

  it('the watch judges by them: the profile’s 30 s, not the 120 s for all; its pinned user arriving', async () => {
    await refresh()
    alerts.length = 0
    const s = [...c.sessions.values()].find((x) => x.appId === '1CV8C')!
    longCall(s, 45_000)
    await refresh()
    expect(alerts.map((a) => `${a.rule} ${a.threshold}`)).toEqual(['long-call 30'])
    sim.world.addSession(clusterId, { userName: 'Наблюдаемый' })
    await refresh()
    expect(alerts.map((a) => `${a.state} ${a.rule}`)).toEqual(['fired long-call', 'fired pin'])
    expect(alerts[1]!.subject.userName).toBe('Наблюдаемый')
  })

  it('watch settings that cannot be read are the defaults; the profiles stay', async () => {
    const path = join(temp.dir, 'profiles.json')
    const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & {
      profiles: Array<Record<string, unknown>>
    }
    file.watch = { longCallSeconds: 'soon' }
    file.profiles[0]!.watch = 'nonsense'
    writeFileSync(path, JSON.stringify(file))
    expect(await api.watchSettings()).toMatchObject({ ok: true, value: { rules: DEFAULT_WATCH_RULES } })
    const list = await api.listProfiles()
    expect(list.ok && list.value.profiles.map((p) => [p.id, p.watch])).toEqual([[profile.id, { rules: {}, pins: [] }]])
  })
})

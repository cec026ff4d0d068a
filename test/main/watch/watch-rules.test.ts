/**
 * The watch's rules over a simulated world (issue 19): the real simulator on loopback, the real
 * services and API, the observation every entry point takes (observeCluster); only the clock is
 * ours, to let seconds pass. Each rule fires once per episode and clears once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClusterApi, ProfileDto } from '../../../src-shared/contract'
import { DEFAULT_WATCH_RULES, type WatchPin, type WatchRules } from '../../../src-shared/watch-rules'
import type { WatchAlert } from '../../../src-shared/watch-contract'
import { createApi } from '../../../src-main/api'
import { startSimulator, type RunningSimulator, type SimCluster } from '../../../src-main/simulator'
import { Watch, observeCluster, type ClusterObservation } from '../../../src-main/watch'
import { profileInput } from '../services/support'
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

beforeAll(async () => {
  sim = await startSimulator({
    clusters: 1,
    infobases: 3,
    sessions: 40,
    seed: 11,
    live: false,
    clock,
    clusterAdmin: ADMIN,
  })
  temp = await startTempServices({ clock })
  api = createApi(temp.services, () => undefined)
  profile = await temp.services.profiles.save(
    profileInput({ host: sim.host, port: sim.port, clusterUser: ADMIN.user, clusterPassword: ADMIN.password }),
  )
  c = sim.world.requireCluster()
  clusterId = c.info.cluster
  // A calm world to start from: no call running, nobody blocked.
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

const watch = new Watch()
let lastAt: number | null = null

async function look(rules: Partial<WatchRules> = {}, pins: WatchPin[] = [], profileId = profile.id) {
  const obs = await observeCluster(temp.services, profileId, clusterId, lastAt, now)
  lastAt = obs.at
  return watch.step(obs, { ...DEFAULT_WATCH_RULES, ...rules }, pins)
}

const brief = (alerts: WatchAlert[]) => alerts.map((a) => `${a.state} ${a.rule}`)
const interactive = () => [...c.sessions.values()].filter((s) => s.appId === '1CV8C')
const job = () => [...c.sessions.values()].find((s) => s.appId === 'BackgroundJob')!

describe('watch rules over the simulator', () => {
  it('a calm world raises nothing; a long interactive call fires once and clears once', async () => {
    expect(await look()).toEqual([])
    const s = interactive()[0]!
    s.durationCurrent = 59_000
    sim.world.sessionsChanged(c, [s])
    expect(await look()).toEqual([]) // under a minute
    s.durationCurrent = 90_000
    sim.world.sessionsChanged(c, [s])
    const fired = await look()
    expect(brief(fired)).toEqual(['fired long-call'])
    expect(fired[0]).toMatchObject({ value: 90, threshold: 60, subject: { session: s.session, userName: s.userName } })
    expect(fired[0]!.since).toBe(fired[0]!.at - 90_000) // the call's own start, server time
    now += 10_000
    s.durationCurrent = 100_000
    sim.world.sessionsChanged(c, [s])
    expect(await look()).toEqual([]) // the same episode: not again
    s.durationCurrent = 0
    sim.world.sessionsChanged(c, [s])
    const cleared = await look()
    expect(brief(cleared)).toEqual(['cleared long-call'])
    expect(cleared[0]!.id).toBe(fired[0]!.id)
  })

  it('background jobs have their own, longer limit', async () => {
    const j = job()
    j.durationCurrent = 120_000
    sim.world.sessionsChanged(c, [j])
    expect(await look()).toEqual([]) // two minutes is fine for a job
    j.durationCurrent = 700_000
    sim.world.sessionsChanged(c, [j])
    expect(brief(await look())).toEqual(['fired long-job-call'])
    j.durationCurrent = 0
    sim.world.sessionsChanged(c, [j])
    expect(brief(await look())).toEqual(['cleared long-job-call'])
  })

  it('a blocked session fires only after it has waited long enough, naming its blocker', async () => {
    const [holder, waiter] = interactive()
    sim.world.blockSession(c, waiter!, holder!, 'dbms')
    expect(await look()).toEqual([])
    now += 20_000
    expect(await look()).toEqual([]) // 20 s < 30 s
    now += 11_000
    const fired = await look()
    expect(brief(fired)).toEqual(['fired blocked'])
    expect(fired[0]).toMatchObject({
      severity: 'critical',
      subject: { sessionId: waiter!.sessionId, blockedBy: holder!.sessionId },
    })
    expect(fired[0]!.value).toBeGreaterThanOrEqual(30)
    now += 5_000
    expect(await look()).toEqual([])
    sim.world.releaseWaiters(c, holder!.sessionId)
    expect(brief(await look())).toEqual(['cleared blocked'])
  })

  it('too many sessions on an infobase fires once; terminating below the limit clears it', async () => {
    const ib = c.infobases[0]!
    const onIb = () => [...c.sessions.values()].filter((s) => s.infobase === ib.infobase)
    const limit = onIb().length - 2
    const fired = await look({ sessionsPerInfobase: limit })
    expect(brief(fired)).toEqual(['fired infobase-sessions'])
    expect(fired[0]).toMatchObject({ value: limit + 2, threshold: limit, subject: { infobaseName: ib.name } })
    expect(await look({ sessionsPerInfobase: limit })).toEqual([])
    const victims = onIb()
      .slice(0, 2)
      .map((s) => s.session)
    const done = await api.terminateSessions(profile.id, clusterId, victims, 'watch test')
    expect(done).toMatchObject({ ok: true, value: { terminated: 2 } })
    expect(brief(await look({ sessionsPerInfobase: limit }))).toEqual(['cleared infobase-sessions'])
  })

  it('a lock: starts, is about to end, expires — each once; a look without locks ends nothing', async () => {
    const ib = c.infobases[1]!
    const serverNow = lastAt!
    const set = await api.setInfobaseLock(profile.id, clusterId, ib.infobase, {
      message: 'Обновление',
      permissionCode: '',
      from: null,
      to: serverNow + 10 * 60_000,
      scheduledJobsDeny: false,
    })
    expect(set.ok).toBe(true)
    const started = await look()
    expect(brief(started).sort()).toEqual(['fired lock-ends-soon', 'fired lock-starts'])
    expect(started.find((a) => a.rule === 'lock-ends-soon')).toMatchObject({ value: 10, threshold: 15 })

    // A look that read no locks (the probe failed) is not an all-clear.
    const obs: ClusterObservation = await observeCluster(temp.services, profile.id, clusterId, lastAt, now)
    delete obs.locks
    expect(watch.step(obs, DEFAULT_WATCH_RULES)).toEqual([])

    now += 11 * 60_000
    const expired = await look()
    expect(brief(expired).sort()).toEqual(['cleared lock-ends-soon', 'cleared lock-starts', 'fired lock-expired'])
    expect(await look()).toEqual([])
    const cleared = await api.clearInfobaseLock(profile.id, clusterId, ib.infobase)
    expect(cleared.ok).toBe(true)
    expect(brief(await look())).toEqual(['cleared lock-expired'])
  })

  it('pins: a user online at the first look is no news, their leaving is; a pinned user arriving is', async () => {
    const fresh = new Watch()
    const stay = interactive()[3]!
    const pins: WatchPin[] = [{ userName: stay.userName }, { userName: 'Новый Пользователь' }]
    const step = async () =>
      fresh.step(await observeCluster(temp.services, profile.id, clusterId, lastAt, now), DEFAULT_WATCH_RULES, pins)
    expect(await step()).toEqual([])
    const arrived = sim.world.addSession(clusterId, { userName: 'Новый Пользователь' })
    const came = await step()
    expect(brief(came)).toEqual(['fired pin'])
    expect(came[0]!.subject).toEqual({ userName: 'Новый Пользователь' })
    const theirs = [...c.sessions.values()].filter((s) => s.userName === stay.userName).map((s) => s.session)
    await api.terminateSessions(profile.id, clusterId, theirs, '')
    const left = await step()
    expect(brief(left)).toEqual(['cleared pin'])
    expect(left[0]!.subject).toEqual({ userName: stay.userName })
    sim.world.removeSession(c, arrived.session)
    expect(brief(await step())).toEqual(['cleared pin'])
  })

  it('a server refusing the administrator fires after two looks in a row, with its own text; fixed, it clears', async () => {
    const wrong = await temp.services.profiles.save(
      profileInput({ name: 'wrong', host: sim.host, port: sim.port, clusterUser: ADMIN.user, clusterPassword: 'nope' }),
    )
    const fresh = new Watch()
    const step = async () =>
      fresh.step(await observeCluster(temp.services, wrong.id, clusterId, lastAt, now), DEFAULT_WATCH_RULES)
    expect(await step()).toEqual([])
    const fired = await step()
    expect(brief(fired)).toEqual(['fired unreachable'])
    expect(fired[0]).toMatchObject({ errorCode: 'AUTH', value: 2, threshold: 2 })
    expect(fired[0]!.serverMessage).toBeTruthy()
    expect(await step()).toEqual([])
    expect(fresh.current().map((a) => a.rule)).toEqual(['unreachable'])
    await temp.services.profiles.save({
      ...profileInput({
        name: 'wrong',
        host: sim.host,
        port: sim.port,
        clusterUser: ADMIN.user,
        clusterPassword: ADMIN.password,
      }),
      id: wrong.id,
    })
    expect(brief(await step())).toEqual(['cleared unreachable'])
    expect(fresh.current()).toEqual([])
  })
})

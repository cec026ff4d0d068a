/**
 * A server that shows no sessions (a quiet night, everyone logged out) gives nothing to learn its
 * clock from. Then the lock state says its "now" is unknown instead of passing off the desktop
 * zone's guess as the server's time; once a session appears, the clock is learned.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Services } from '../../../src-main/services'
import { SERVER_ZONE_OFFSET_MS, startSimulator, type RunningSimulator } from '../../../src-main/simulator'
import { profileInput } from './support'
import { startTempServices } from './world'

const now = Date.UTC(2026, 10, 25, 21, 30, 0)
const clock = { now: () => now }
let sim: RunningSimulator
let services: Services
let stop: () => Promise<void>
let profileId = ''

beforeAll(async () => {
  sim = await startSimulator({ clusters: 1, infobases: 2, sessions: 0, seed: 5, live: false, clock })
  ;({ services, stop } = await startTempServices({ clock }))
  const saved = await services.profiles.save(
    profileInput({ name: 'quiet', host: sim.host, port: sim.port, clusterUser: '', clusterPassword: null }),
  )
  profileId = saved.id
})

afterAll(async () => {
  await stop?.()
  await sim?.stop()
})

it('says the server time is unknown while the server shows no sessions, and learns it from the first one', async () => {
  const cluster = sim.world.requireCluster()
  const ib = cluster.infobases[0]!
  expect(sim.world.sessions()).toHaveLength(0)
  const quiet = await services.locks.getLock(profileId, cluster.info.cluster, ib.infobase)
  expect(quiet.serverNow).toBeNull()

  // "Lock now" needs no clock: the server applies its own.
  const locked = await services.locks.setLock(profileId, cluster.info.cluster, ib.infobase, {
    message: '',
    permissionCode: '',
    from: null,
    to: null,
    scheduledJobsDeny: false,
  })
  expect(locked).toMatchObject({ phase: 'active', serverNow: null, deniedFrom: null })
  expect(sim.world.sessionsDenied(ib)).toBe(true)

  sim.world.addSession(cluster.info.cluster, { infobase: cluster.infobases[1]!.infobase })
  const learned = await services.locks.getLock(profileId, cluster.info.cluster, ib.infobase)
  expect(learned.serverNow).not.toBeNull()
  // Moscow, learned from the session: within the quarter-hour rounding of the real server now.
  expect(Math.abs(learned.serverNow! - (now + SERVER_ZONE_OFFSET_MS))).toBeLessThanOrEqual(15 * 60_000)
})

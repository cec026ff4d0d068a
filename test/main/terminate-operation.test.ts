/**
 * The caller's operation id on bulk terminate (docs/architecture.md §4.7): every progress event of
 * a call carries the id the caller passed, so two windows (or two dialogs) can each follow only
 * their own; without one (the CLI) main makes one up; a malformed one is INVALID_ARGUMENT.
 * Real services over the simulator on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiEvent, ClusterApi, ProfileDto } from '../../src-shared/contract'
import { rowsFromTable } from '../../src-shared/session-table'
import { createApi } from '../../src-main/api'
import type { Services } from '../../src-main/services'
import { startSimulator, type RunningSimulator } from '../../src-main/simulator'
import { profileInput } from './services/support'
import { startTempServices } from './services/world'

let sim: RunningSimulator
let services: Services
let api: ClusterApi
let profile: ProfileDto
let cluster: string
let stop: () => Promise<void>
/** Only terminate progress: the watch's alerts share the event channel. */
const events: Array<Extract<ApiEvent, { type: 'terminate-progress' }>> = []

const OP_A = '0f9a3c1e-5b7d-4e2a-9c61-3d8e2f4a7b10'
const OP_B = '7c2e9d41-8a36-4f0b-b5d2-61e4a9c3f828'

beforeAll(async () => {
  sim = await startSimulator({ clusters: 1, infobases: 3, sessions: 40, seed: 3, live: false })
  cluster = sim.clusters[0]!.id
  ;({ services, stop } = await startTempServices({ pool: { connectTimeoutMs: 2000, requestTimeoutMs: 3000 } }))
  api = createApi(services, (e) => {
    if (e.type === 'terminate-progress') events.push(e)
  })
  const saved = await api.saveProfile(
    profileInput({ host: sim.host, port: sim.port, clusterUser: '', clusterPassword: null }),
  )
  if (!saved.ok) throw new Error(saved.error.message)
  profile = saved.value
})
afterAll(async () => {
  await stop()
  await sim.stop()
})

async function userSessions(): Promise<string[]> {
  const r = await api.listSessions(profile.id, cluster)
  if (!r.ok) throw new Error(r.error.message)
  return rowsFromTable(r.value.sessions)
    .filter((s) => !s.isService)
    .map((s) => s.session)
}

const progressOf = (operation: string) => events.filter((e) => e.operation === operation)

describe('terminate operation id', () => {
  it('a malformed id is INVALID_ARGUMENT and nothing is terminated', async () => {
    const before = sim.terminated.length
    const victim = (await userSessions())[0]!
    for (const bad of ['op-1', 5, `${OP_A}x`, { id: OP_A }]) {
      const one = await api.terminateSessions(profile.id, cluster, [victim], '', bad as string)
      expect(one).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
      const every = await api.terminateAllSessions(
        profile.id,
        cluster,
        { includeService: true, message: '' },
        bad as string,
      )
      expect(every).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    }
    expect(sim.terminated.length).toBe(before)
    expect(await userSessions()).toContain(victim)
  })

  it('two terminates at once: each one’s progress carries its own id, from 0 to its own total', async () => {
    events.length = 0
    const ids = await userSessions()
    const [a, b] = [ids.slice(0, 3), ids.slice(3, 8)]
    const [ra, rb] = await Promise.all([
      api.terminateSessions(profile.id, cluster, a, 'first', OP_A),
      api.terminateSessions(profile.id, cluster, b, 'second', OP_B),
    ])
    expect(ra.ok && rb.ok).toBe(true)
    expect(progressOf(OP_A).map((e) => [e.done, e.total])).toEqual([0, 1, 2, 3].map((d) => [d, 3]))
    expect(progressOf(OP_B).map((e) => [e.done, e.total])).toEqual([0, 1, 2, 3, 4, 5].map((d) => [d, 5]))
    expect(events).toHaveLength(4 + 6) // nothing under another id
  })

  it('without an id (the CLI) main makes up a fresh UUID per call', async () => {
    events.length = 0
    const [first, second] = await userSessions()
    await api.terminateSessions(profile.id, cluster, [first!], '')
    await api.terminateSessions(profile.id, cluster, [second!], '')
    const made = [...new Set(events.map((e) => e.operation))]
    expect(made).toHaveLength(2)
    for (const id of made) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('terminate all carries the caller’s id too', async () => {
    events.length = 0
    const ib = (await userSessions()).length
    const r = await api.terminateAllSessions(profile.id, cluster, { includeService: false, message: '' }, OP_A)
    expect(r.ok).toBe(true)
    expect(events.length).toBe(ib + 1)
    expect(events.every((e) => e.operation === OP_A)).toBe(true)
  })
})

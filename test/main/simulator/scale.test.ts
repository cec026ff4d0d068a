/**
 * Scale: 50,000 sessions in one cluster are listed in full, and list replies come from
 * the cache until the cluster changes. Timings are printed, never asserted (docs/architecture.md §9.6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RasClient } from '../../../src-main/ras/client'
import { startSimulator, type RunningSimulator } from '../../../src-main/simulator'

const SESSIONS = 50_000

let sim: RunningSimulator
let client: RasClient
let cluster: string

beforeAll(async () => {
  sim = await startSimulator({ sessions: SESSIONS, infobases: 20, live: false })
  client = await RasClient.connect({ host: sim.host, port: sim.port, requestTimeoutMs: 30_000 })
  cluster = sim.clusters[0]!.id
  await client.authenticateCluster(cluster)
}, 60_000)

afterAll(async () => {
  await client?.close()
  await sim?.stop()
})

describe(`${SESSIONS} sessions in one cluster`, () => {
  it('lists every session', async () => {
    const started = performance.now()
    const sessions = await client.listSessions(cluster)
    const first = performance.now() - started
    expect(sessions).toHaveLength(SESSIONS)
    expect(new Set(sessions.map((s) => s.session)).size).toBe(SESSIONS)
    expect(new Set(sessions.map((s) => s.sessionId)).size).toBe(SESSIONS)
    const again = performance.now()
    await client.listSessions(cluster)
    console.info(`50k session list: first ${first.toFixed(0)} ms, cached ${(performance.now() - again).toFixed(0)} ms`)
  })

  it('serves repeated lists from the cache until something changes', async () => {
    const buh = sim.world.infobaseByName('buh_corp')
    await client.listInfobaseSessions(cluster, buh.infobase)
    const encodes = sim.cache.encodes
    for (let i = 0; i < 3; i++) {
      await client.listSessions(cluster)
      await client.listInfobaseSessions(cluster, buh.infobase)
    }
    expect(sim.cache.encodes).toBe(encodes)

    const victim = sim.world.sessions()[100]!
    await client.terminateSession(cluster, victim.session)
    const after = await client.listSessions(cluster)
    expect(after).toHaveLength(SESSIONS - 1)
    expect(sim.cache.encodes).toBe(encodes + 1)
  })
})

/**
 * The simulator around the sessions (docs/protocol.md §11.9): it answers every request of the
 * spec's session-management table (services, the short infobase update, a session's locks), and
 * its world has licences of several series and kinds, a turned-off process, a server without
 * sessions, managed locks and blocking chains — processes that grow and restart and chains that
 * form and clear as the injected clock moves, the same for the same seed.
 */
import { describe, expect, it } from 'vitest'
import { EMPTY_UUID } from '../../../src-main/ras/codec'
import type { SessionRecord } from '../../../src-main/ras/records'
import { SimulatorWorld } from '../../../src-main/simulator'
import { rasFailure } from '../../support/ras-failures'
import { simulatorPerTest } from '../../support/simulator-per-test'

const T0 = Date.UTC(2026, 10, 25, 7, 0, 0)
const clock = { time: T0, now: () => clock.time }
const simulator = simulatorPerTest({ sessions: 300, seed: 7, clock })

/** The blocker numbers from a session up to the head; [] for a session nobody blocks. */
function chainOf(s: SessionRecord, byNumber: Map<number, SessionRecord>): number[] {
  const chain: number[] = []
  for (let at = s.blockedByDbms || s.blockedByLs; at !== 0 && chain.length < 20;) {
    chain.push(at)
    const next = byNumber.get(at)
    at = next ? next.blockedByDbms || next.blockedByLs : 0
  }
  return chain
}

describe('the requests of the session-management table', () => {
  it('GET_CLUSTER_SERVICES lists the services and the managers running them', async () => {
    clock.time = T0
    const { client, cluster } = await simulator.connect({ live: false })
    await client.authenticateCluster(cluster)
    const services = await client.listClusterServices(cluster)
    const managers = new Set((await client.listManagers(cluster)).map((m) => m.manager))
    expect(services.map((s) => s.name)).toEqual(expect.arrayContaining(['EventLogService', 'LicenseService']))
    for (const s of services) {
      expect(s.managers.length).toBeGreaterThan(0)
      for (const m of s.managers) expect(managers).toContain(m.manager)
      if (s.mainOnly) expect(s.managers).toHaveLength(1)
    }
  })

  it('UPDATE_INFOBASE_SHORT changes the description and nothing else', async () => {
    const { client, cluster } = await simulator.connect({ live: false })
    await client.authenticateCluster(cluster)
    const [ib] = await client.listInfobases(cluster)
    await client.updateInfobaseDescription(cluster, ib!.infobase, 'Новое описание')
    expect(await client.getInfobaseSummary(cluster, ib!.infobase)).toEqual({ ...ib, descr: 'Новое описание' })
    const missing = await rasFailure(client.updateInfobaseDescription(cluster, EMPTY_UUID, 'x'))
    expect(missing.notFound).toBe('infobase')
  })

  it('GET_SESSION_LOCKS gives what the cluster list gives for that session', async () => {
    const { client, cluster } = await simulator.connect({ live: false })
    await client.authenticateCluster(cluster)
    const all = await client.listLocks(cluster)
    const holder = simulator.sim.world.sessions().find((s) => all.some((l) => l.session === s.session))!
    const direct = await client.listSessionLocksDirect(cluster, holder.infobase, holder.session)
    expect(direct.length).toBeGreaterThanOrEqual(2) // a DBMS lock and a managed one
    expect(direct).toEqual(await client.listSessionLocks(cluster, holder.session))
    const gone = await rasFailure(client.listSessionLocksDirect(cluster, holder.infobase, EMPTY_UUID))
    expect(gone.notFound).toBe('session')
  })
})

describe('the furnished world', () => {
  it('licences of several series, software and HASP, from two licence servers; sleepers keep theirs', () => {
    const world = new SimulatorWorld(
      { seed: 5, clusters: 1, infobases: 8, sessions: 2000, clusterAdmin: null },
      () => T0,
    )
    const sessions = world.sessions()
    const licences = sessions.flatMap((s) => s.licenses)
    expect(new Set(licences.map((l) => l.series)).size).toBe(5)
    expect(new Set(licences.map((l) => l.licenseType))).toEqual(new Set([0, 1]))
    const hasp = licences.filter((l) => l.licenseType === 1)
    expect(hasp.every((l) => l.fullName === '' && l.net)).toBe(true)
    expect(new Set(licences.map((l) => `${l.rmngrAddress}:${l.rmngrPort}`))).toEqual(
      new Set(['srv-1c-app01:1541', 'srv-1c-app02:1541']),
    )
    expect(sessions.some((s) => s.hibernate && s.licenses.length === 1)).toBe(true)
  })

  it("a demo-sized cluster holds no more sessions on a licence than it has seats, as a real server can't", () => {
    for (const seed of [1, 5, 7]) {
      const world = new SimulatorWorld(
        { seed, clusters: 2, infobases: 12, sessions: 400, clusterAdmin: null },
        () => T0,
      )
      for (const cluster of world.clusters) {
        const held = new Map<string, { seats: number; sessions: number }>()
        for (const l of world.sessions(cluster.info.cluster).flatMap((s) => s.licenses)) {
          const h = held.get(l.series) ?? { seats: l.maxUsersAll, sessions: 0 }
          h.sessions++
          held.set(l.series, h)
        }
        expect(held.size, `seed ${seed}`).toBe(5) // every licence of the pool in use
        for (const [series, h] of held) expect(h.sessions, `${series}, seed ${seed}`).toBeLessThanOrEqual(h.seats)
      }
    }
  })

  it('starts with a turned-off process, an idle server and a chain two deep, the same for a seed', () => {
    const make = () =>
      new SimulatorWorld({ seed: 9, clusters: 1, infobases: 8, sessions: 400, clusterAdmin: null }, () => T0)
    const world = make()
    const c = world.requireCluster()
    expect(c.processes.filter((p) => !p.enable)).toHaveLength(1)
    const hostsWithSessions = new Set(
      [...c.connections.values()].map((conn) => c.processes.find((p) => p.process === conn.process)!.host),
    )
    expect(c.servers.filter((s) => !hostsWithSessions.has(s.agentHost)).map((s) => s.agentHost)).toEqual([
      'srv-1c-rsv01',
    ])
    const byNumber = new Map(world.sessions().map((s) => [s.sessionId, s]))
    const chains = world.sessions().map((s) => chainOf(s, byNumber))
    expect(Math.max(...chains.map((x) => x.length))).toBeGreaterThanOrEqual(2)
    const twin = make()
    expect(twin.sessions()).toEqual(world.sessions())
    expect(twin.requireCluster().locks).toEqual(c.locks)
    expect(twin.requireCluster().processes).toEqual(c.processes)
  })
})

describe('the machinery lives', () => {
  it('processes grow and restart; chains form and clear', async () => {
    clock.time = T0
    const { client, cluster } = await simulator.connect({ sessions: 600 })
    await client.authenticateCluster(cluster)
    const first = await client.listWorkingProcesses(cluster)
    const byId = new Map(first.map((p) => [p.process, p]))
    let restarted = 0
    let restarting = 0
    let deepest = 0
    const chainsSeen = new Set<string>()
    let cleared = 0
    let previous = new Set<string>()
    for (let minute = 0; minute < 6 * 60; minute += 5) {
      clock.time += 5 * 60_000
      const processes = await client.listWorkingProcesses(cluster)
      restarting += processes.filter((p) => p.enable && p.running === 0).length
      for (const p of processes) {
        const before = byId.get(p.process)!
        if (p.enable && p.startedAt !== before.startedAt) restarted++
      }
      const sessions = await client.listSessions(cluster)
      const byNumber = new Map(sessions.map((s) => [s.sessionId, s]))
      const now = new Set<string>()
      for (const s of sessions) {
        const chain = chainOf(s, byNumber)
        deepest = Math.max(deepest, chain.length)
        if (chain.length > 0) now.add(s.session)
        if (chain.length >= 2) chainsSeen.add(s.session)
      }
      cleared += [...previous].filter((id) => !now.has(id)).length
      previous = now
      // connections of a process are the connections the list shows on it
      const connections = await client.listConnections(cluster)
      for (const p of processes) expect(p.connections).toBe(connections.filter((x) => x.process === p.process).length)
    }
    const last = await client.listWorkingProcesses(cluster)
    expect(restarted).toBeGreaterThan(0)
    expect(restarting + restarted).toBeGreaterThan(0)
    const grown = last.filter((p) => p.enable && p.startedAt === byId.get(p.process)!.startedAt)
    expect(grown.some((p) => p.memorySize > byId.get(p.process)!.memorySize)).toBe(true)
    expect(last.find((p) => !p.enable)!.running).toBe(0)
    expect(deepest).toBeGreaterThanOrEqual(2)
    expect(chainsSeen.size).toBeGreaterThan(1)
    expect(cleared).toBeGreaterThan(0)
  })
})

/**
 * Around a session (issue 18) through the real services and API over the simulator on loopback:
 * a blocked session's chain, connection, process, locks and licence; from a process or a
 * connection back to its sessions; processes and servers; licences per cluster and across saved
 * servers. Expectations are computed from the simulated world itself.
 */
import { describe, expect, it } from 'vitest'
import type { ClusterApi, ProfileDto, Result } from '../../../src-shared/contract'
import { rowsFromTable } from '../../../src-shared/session-table'
import { createApi } from '../../../src-main/api'
import type { Services } from '../../../src-main/services'
import { SERVER_ZONE_OFFSET_MS, type RunningSimulator } from '../../../src-main/simulator'
import type { SessionRecord } from '../../../src-main/ras/records'
import { profileInput } from './support'
import { NOW, withServicesWorld } from './world'

let sim: RunningSimulator
let services: Services
let profile: ProfileDto
let cluster: string
let api: ClusterApi

withServicesWorld((world) => {
  ;({ sim, services, profile, cluster } = world)
  api = createApi(services, () => undefined)
})

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}

const blockerOf = (s: SessionRecord) => s.blockedByDbms || s.blockedByLs

/** The chain of numbers from a session to its head, computed from the world. */
function worldChain(s: SessionRecord): number[] {
  const byNumber = new Map(sim.world.sessions(cluster).map((x) => [x.sessionId, x]))
  const chain = [s.sessionId]
  for (let at = byNumber.get(blockerOf(s)); at; at = byNumber.get(blockerOf(at))) chain.push(at.sessionId)
  return chain
}

describe('blocking chains', () => {
  it('gives every blocked session its chain up to the head blocker, the head with its long call', async () => {
    const report = value(await api.getBlockingChains(profile.id, cluster))
    expect(report.serverNow).toBe(NOW + SERVER_ZONE_OFFSET_MS)
    const blocked = sim.world.sessions(cluster).filter((s) => blockerOf(s) !== 0)
    expect(report.chains.map((c) => c.links[0]!.sessionId).sort()).toEqual(blocked.map((s) => s.sessionId).sort())
    for (const chain of report.chains) {
      const start = blocked.find((s) => s.sessionId === chain.links[0]!.sessionId)!
      expect(chain.links.map((l) => l.sessionId)).toEqual(worldChain(start))
      const head = chain.links[chain.links.length - 1]!
      const record = sim.world.sessions(cluster).find((s) => s.sessionId === head.sessionId)!
      expect(head).toMatchObject({
        waitsOn: null,
        userName: record.userName,
        durationCurrent: record.durationCurrent,
        durationCurrentDbms: record.durationCurrentDbms,
      })
      expect(head.durationCurrent).toBeGreaterThanOrEqual(60_000)
    }
    expect(Math.max(...report.chains.map((c) => c.links.length))).toBeGreaterThanOrEqual(3)
  })
})

describe('a session and what surrounds it', () => {
  it('a waiter at the end of a chain: connection, process, locks waited for, licence, DBMS', async () => {
    const tail = sim.world.sessions(cluster).find((s) => worldChain(s).length >= 3)!
    const around = value(await api.getSessionSurroundings(profile.id, cluster, tail.session))
    const c = sim.world.requireCluster(cluster)
    const conn = c.connections.get(tail.connection)!
    expect(around.connection).toMatchObject({ connection: conn.connection, connId: conn.connId, process: conn.process })
    const proc = c.processes.find((p) => p.process === tail.process)!
    expect(around.process).toMatchObject({ process: proc.process, host: proc.host, pid: proc.pid, state: 'running' })
    expect(around.process!.sessions).toBe(sim.world.sessions(cluster).filter((s) => s.process === proc.process).length)
    expect(around.server).toMatchObject({ host: proc.host, receivesSessions: true })
    const blocker = sim.world.sessions(cluster).find((s) => s.sessionId === blockerOf(tail))!
    expect(around.locksWaitedFor).toEqual(
      c.locks.filter((l) => l.session === blocker.session).map((l) => expect.objectContaining({ descr: l.descr })),
    )
    expect(around.chain!.links.map((l) => l.sessionId)).toEqual(worldChain(tail))
    expect(around.licenses.map((l) => l.series)).toEqual(tail.licenses.map((l) => l.series))
    expect(around.dbms).toEqual({
      procInfo: tail.dbProcInfo,
      took: tail.dbProcTook,
      tookAt: tail.dbProcTookAt,
      durationCurrentDbms: tail.durationCurrentDbms,
      blockedByDbms: tail.blockedByDbms,
    })
  })

  it('the head: the locks it holds and how many wait behind it', async () => {
    const tail = sim.world.sessions(cluster).find((s) => worldChain(s).length >= 3)!
    const headNumber = worldChain(tail).at(-1)!
    const head = sim.world.sessions(cluster).find((s) => s.sessionId === headNumber)!
    const around = value(await api.getSessionSurroundings(profile.id, cluster, head.session))
    expect(around.chain).toBeNull()
    expect(around.locksHeld.length).toBeGreaterThanOrEqual(2)
    expect(around.locksHeld.every((l) => l.sessionId === head.sessionId && l.userName === head.userName)).toBe(true)
    const behind = sim.world.sessions(cluster).filter((s) => worldChain(s).slice(1).includes(headNumber))
    expect(around.blocking).toBe(behind.length)
    const gone = await api.getSessionSurroundings(profile.id, cluster, '00000000-0000-4000-8000-000000000000')
    expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', subject: 'session' } })
  })

  it('from a process or a connection back to its sessions', async () => {
    const someone = sim.world.sessions(cluster).find((s) => s.process !== '00000000-0000-0000-0000-000000000000')!
    const onProcess = value(await api.listSessionsOn(profile.id, cluster, { process: someone.process }))
    expect(
      rowsFromTable(onProcess.sessions)
        .map((r) => r.session)
        .sort(),
    ).toEqual(
      sim.world
        .sessions(cluster)
        .filter((s) => s.process === someone.process)
        .map((s) => s.session)
        .sort(),
    )
    const onConnection = value(await api.listSessionsOn(profile.id, cluster, { connection: someone.connection }))
    expect(rowsFromTable(onConnection.sessions).map((r) => r.sessionId)).toEqual([someone.sessionId])
    const unknown = await api.listSessionsOn(profile.id, cluster, { process: '00000000-0000-4000-8000-000000000000' })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})

describe('working processes and servers', () => {
  it('counts sessions per process and server; a turned-off, a restarting process, an idle server', async () => {
    const c = sim.world.requireCluster(cluster)
    const restarting = c.hosts[0]!.processes[1]!
    restarting.running = 0
    try {
      const m = value(await api.getClusterMachinery(profile.id, cluster))
      expect(m.processes.map((p) => p.state).sort()).toEqual([
        'off',
        'restarting',
        'running',
        'running',
        'running',
        'running',
      ])
      expect(m.processes.find((p) => p.process === restarting.process)!.state).toBe('restarting')
      const withProcess = sim.world
        .sessions(cluster)
        .filter((s) => s.process !== '00000000-0000-0000-0000-000000000000')
      expect(m.processes.reduce((n, p) => n + p.sessions, 0)).toBe(withProcess.length)
      expect(m.servers.map((s) => [s.host, s.receivesSessions])).toEqual([
        ['srv-1c-app01', true],
        ['srv-1c-app02', true],
        ['srv-1c-rsv01', false],
      ])
      expect(m.servers.reduce((n, s) => n + s.sessions, 0)).toBe(withProcess.length)
    } finally {
      restarting.running = 1
    }
  })
})

describe('licences', () => {
  it('per cluster: by licence server, series and kind, sleepers, unique users', async () => {
    const lic = value(await api.getClusterLicenses(profile.id, cluster))
    const sessions = sim.world.sessions(cluster)
    const holding = sessions.filter((s) => s.licenses.length > 0)
    expect(lic).toMatchObject({
      profileId: profile.id,
      cluster,
      clusterName: 'Основной кластер',
      sessions: sessions.length,
      sessionsWithLicense: holding.length,
      sleepingWithLicense: holding.filter((s) => s.hibernate).length,
      uniqueUsers: new Set(holding.map((s) => s.userName)).size,
    })
    expect(lic.groups.reduce((n, g) => n + g.sessions, 0)).toBe(holding.length)
    expect(new Set(lic.groups.map((g) => g.kind))).toEqual(new Set(['software', 'hasp']))
    for (const g of lic.groups) {
      const same = holding.filter((s) => s.licenses[0]!.series === g.series)
      expect(g.sessions).toBe(same.length)
      expect(g.licenseServer).toBe(`${same[0]!.licenses[0]!.rmngrAddress}:${same[0]!.licenses[0]!.rmngrPort}`)
    }
  })

  it('across saved servers: every cluster, one total, an unreachable server listed as a failure', async () => {
    const dead = await services.profiles.save(profileInput({ name: 'Недоступный', host: '127.0.0.1', port: 1 }))
    try {
      const fleet = value(await api.getFleetLicenses())
      expect(fleet.clusters.map((c) => c.cluster).sort()).toEqual(sim.clusters.map((c) => c.id).sort())
      expect(fleet.failures).toEqual([
        expect.objectContaining({
          profileId: dead.id,
          profileName: 'Недоступный',
          error: expect.objectContaining({ code: 'NETWORK' }),
        }),
      ])
      const all = sim.clusters.flatMap((c) => sim.world.sessions(c.id))
      expect(fleet.total.sessions).toBe(all.length)
      expect(fleet.total.uniqueUsers).toBe(new Set(all.filter((s) => s.licenses.length).map((s) => s.userName)).size)
      expect(fleet.total.sessionsWithLicense).toBe(fleet.clusters.reduce((n, c) => n + c.sessionsWithLicense, 0))
    } finally {
      services.profiles.delete(dead.id)
    }
  })
})

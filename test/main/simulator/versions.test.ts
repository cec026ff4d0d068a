/**
 * RasClient against the simulator for every served version: each version
 * is encoded with its own layout through the shared record declarations.
 */
import { describe, expect, it } from 'vitest'
import type { RasClient } from '../../../src-main/ras/client'
import { MASKED_PASSWORD } from '../../../src-main/ras/records'
import type { RunningSimulator } from '../../../src-main/simulator'
import { simulatorPerTest } from '../../support/simulator-per-test'

const ADMIN = { user: 'admin', password: 'secret' }
const IB_ADMIN = { user: 'Администратор', password: 'пароль' }

const simulator = simulatorPerTest({ live: false }, { requestTimeoutMs: 2000 })

async function start(maxVersion: string): Promise<{ sim: RunningSimulator; client: RasClient; cluster: string }> {
  // The client asks for 16.0 first and falls back on the server's supported= list.
  const { client, cluster } = await simulator.connect({
    maxVersion,
    sessions: 120,
    clusterAdmin: ADMIN,
    infobaseAdmin: IB_ADMIN,
  })
  await client.authenticateCluster(cluster, ADMIN.user, ADMIN.password)
  return { sim: simulator.sim, client, cluster }
}

describe.each([
  { version: '16.0', major: 16 },
  { version: '11.0', major: 11 },
  { version: '10.0', major: 10 },
  { version: '9.0', major: 9 },
])('service version $version', ({ version, major }) => {
  it('negotiates it and lists clusters, infobases and sessions', async () => {
    const { sim, client, cluster } = await start(version)
    expect(client.version).toBe(version)
    const clusters = await client.listClusters()
    expect(clusters.map((c) => c.cluster)).toEqual([cluster])
    expect(clusters[0]!.name).toBe('Основной кластер')
    expect(clusters[0]!.unknownV16).toBe(major >= 16 ? 1 : 0) // v16 tail present only in 16
    const infobases = await client.listInfobases(cluster)
    expect(infobases.map((i) => i.name)).toEqual(['buh_corp', 'zup', 'ut11', 'erp', 'do', 'ka2', 'unf', 'rozn'])
    const sessions = await client.listSessions(cluster)
    expect(sessions).toHaveLength(120)
    expect(sessions.map((s) => s.session).sort()).toEqual(
      sim.world
        .sessions()
        .map((s) => s.session)
        .sort(),
    )
    const withIp = sessions.filter((s) => s.clientIp !== '')
    if (major >= 10) expect(withIp.length).toBeGreaterThan(60)
    else expect(withIp).toHaveLength(0) // client-ip arrived in v10
    expect(sessions.every((s) => s.dataSeparation === "''")).toBe(true)
    const one = await client.getSession(cluster, sessions[5]!.session)
    expect(one).toEqual(sessions[5])
    const ofInfobase = await client.listInfobaseSessions(cluster, infobases[0]!.infobase)
    expect(ofInfobase.length).toBeGreaterThan(0)
    expect(ofInfobase.every((s) => s.infobase === infobases[0]!.infobase)).toBe(true)
  })

  it('reads and updates infobase lock fields, keeping the version tail', async () => {
    const { sim, client, cluster } = await start(version)
    const target = sim.world.infobaseByName('zup')
    await client.authenticateInfobase(cluster, IB_ADMIN.user, IB_ADMIN.password)
    const info = await client.getInfobase(cluster, target.infobase)
    expect(info.name).toBe('zup')
    expect(info.descr).toMatch(/Зарплата/)
    expect(info.dbPwd).toBe(MASKED_PASSWORD)
    expect(info.tail).toBe(major >= 16 ? '00000003e70000037800000309' : '')
    const from = Date.UTC(2026, 10, 25, 0, 0, 0)
    const to = Date.UTC(2026, 10, 25, 23, 0, 0)
    const lock = {
      sessionsDeny: true,
      deniedFrom: from,
      deniedTo: to,
      deniedMessage: 'Обновление конфигурации',
      permissionCode: 'KOD123',
    }
    await client.updateInfobase(cluster, { ...info, ...lock })
    const back = await client.getInfobase(cluster, target.infobase)
    expect(back).toEqual({ ...info, ...lock })
    // U+FFFD meant "unchanged": the stored password survived; the tail is still the v16 one.
    expect(target.dbPwd).not.toBe(MASKED_PASSWORD)
    expect(target.tail).toBe('00000003e70000037800000309')
  })

  it('lists connections, locks, processes, servers and managers', async () => {
    const { client, cluster } = await start(version)
    const connections = await client.listConnections(cluster)
    expect(connections.length).toBeGreaterThan(50)
    const locks = await client.listLocks(cluster)
    expect(Array.isArray(locks)).toBe(true)
    // Two per working server, a turned-off one, and the spare server's (docs/protocol.md §11.9).
    const processes = await client.listWorkingProcesses(cluster)
    expect(processes).toHaveLength(6)
    expect(processes.filter((p) => !p.enable)).toHaveLength(1)
    const servers = await client.listWorkingServers(cluster)
    expect(servers.map((s) => s.agentHost)).toEqual(['srv-1c-app01', 'srv-1c-app02', 'srv-1c-rsv01'])
    const services = await client.listClusterServices(cluster)
    expect(services.map((s) => s.name)).toContain('LicenseService')
    expect(await client.listManagers(cluster)).toHaveLength(2)
    expect(await client.agentVersion()).toMatch(/^8\.\d+\.\d+\.\d+$/)
  })
})

describe('older clients on a 16.0 server', () => {
  it.each(['11.0', '10.0', '9.0'])('a client that opens %s directly lists everything in that layout', async (v) => {
    const { client } = await simulator.connect({ sessions: 40 }, { version: v })
    expect(client.version).toBe(v)
    const [cluster] = await client.listClusters()
    await client.authenticateCluster(cluster!.cluster)
    expect(await client.listInfobases(cluster!.cluster)).toHaveLength(8)
    const sessions = await client.listSessions(cluster!.cluster)
    expect(sessions).toHaveLength(40)
    expect(sessions.some((s) => s.clientIp !== '')).toBe(v !== '9.0')
  })
})

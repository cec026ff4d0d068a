/** The generated world: deterministic by seed, and realistic in every SessionInfo field. */
import { afterEach, describe, expect, it } from 'vitest'
import { RasClient } from '../../../src-main/ras/client'
import { EMPTY_UUID } from '../../../src-main/ras/codec'
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../src-main/simulator'

const T0 = Date.UTC(2026, 10, 25, 6, 30, 0) // 09:30 on the simulated server (UTC+3)
const fixedClock = { now: () => T0 }

const running: RunningSimulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
})

async function snapshot(options: SimulatorOptions) {
  const sim = await startSimulator({ clock: fixedClock, ...options })
  running.push(sim)
  const client = await RasClient.connect({ host: sim.host, port: sim.port, requestTimeoutMs: 2000 })
  try {
    const clusters = await client.listClusters()
    const out = []
    for (const c of clusters) {
      await client.authenticateCluster(c.cluster)
      out.push({
        cluster: c,
        infobases: await client.listInfobases(c.cluster),
        sessions: await client.listSessions(c.cluster),
        connections: await client.listConnections(c.cluster),
        locks: await client.listLocks(c.cluster),
      })
    }
    return out
  } finally {
    await client.close()
  }
}

describe('determinism', () => {
  it('the same seed and clock give the same world, byte for byte', async () => {
    const a = await snapshot({ seed: 7, clusters: 2, sessions: 150 })
    const b = await snapshot({ seed: 7, clusters: 2, sessions: 150 })
    expect(b).toEqual(a)
    expect(a).toHaveLength(2)
    expect(a[0]!.cluster.cluster).not.toBe(a[1]!.cluster.cluster)
  })

  it('another seed gives another world', async () => {
    const a = await snapshot({ seed: 1, sessions: 50 })
    const b = await snapshot({ seed: 2, sessions: 50 })
    expect(b[0]!.cluster.cluster).not.toBe(a[0]!.cluster.cluster)
    expect(b[0]!.sessions.map((s) => s.userName)).not.toEqual(a[0]!.sessions.map((s) => s.userName))
  })
})

describe('realism', () => {
  it('sessions look like a working day on a Russian 1C cluster', async () => {
    const [{ sessions, infobases, connections }] = (await snapshot({ sessions: 2000, infobases: 20 })) as [
      Awaited<ReturnType<typeof snapshot>>[number],
    ]
    const now = T0 + 3 * 3600_000 // server wall clock
    const share = (p: (s: (typeof sessions)[number]) => boolean) => sessions.filter(p).length / sessions.length
    const apps = new Set(sessions.map((s) => s.appId))
    for (const app of [
      '1CV8C',
      '1CV8',
      'WebClient',
      'COMConnection',
      'WSConnection',
      'HTTPServiceConnection',
      'BackgroundJob',
      'SystemBackgroundJob',
      'Designer',
      'SrvrConsole',
    ])
      expect(apps).toContain(app)
    expect(share((s) => s.appId === '1CV8C')).toBeGreaterThan(0.6)
    expect(infobases.map((i) => i.name)).toEqual(expect.arrayContaining(['buh_corp', 'zup', 'ut11', 'erp', 'do']))
    expect(infobases).toHaveLength(20)
    expect(new Set(infobases.map((i) => i.name)).size).toBe(20)
    expect(infobases.every((i) => /[А-Яа-яЁё]/.test(i.descr))).toBe(true)

    expect(share((s) => /[А-Яа-яЁё]/.test(s.userName))).toBeGreaterThan(0.5)
    expect(sessions.some((s) => /^CORP\\/.test(s.userName))).toBe(true)
    expect(share((s) => s.hibernate)).toBeGreaterThan(0.01)
    expect(sessions.filter((s) => s.hibernate).every((s) => s.connection === EMPTY_UUID)).toBe(true)
    expect(sessions.some((s) => s.durationCurrent > 60_000)).toBe(true)
    expect(sessions.some((s) => s.blockedByDbms > 0)).toBe(true)
    expect(sessions.some((s) => s.blockedByLs > 0)).toBe(true)
    const numbers = new Set(sessions.map((s) => s.sessionId))
    for (const s of sessions) {
      if (s.blockedByDbms) expect(numbers).toContain(s.blockedByDbms)
      expect(s.licenses).toHaveLength(['BackgroundJob', 'SystemBackgroundJob', 'SrvrConsole'].includes(s.appId) ? 0 : 1)
      expect(s.dataSeparation).toBe("''")
      expect(s.startedAt!).toBeLessThanOrEqual(now)
      expect(s.lastActiveAt!).toBeGreaterThanOrEqual(s.startedAt!)
      expect(s.lastActiveAt!).toBeLessThanOrEqual(now)
      if (!['BackgroundJob', 'SystemBackgroundJob'].includes(s.appId)) {
        expect(s.clientIp).toMatch(/^10\.\d+\.\d+\.\d+$/)
        expect(s.host).not.toBe('')
      }
    }
    expect(connections.length).toBe(sessions.filter((s) => s.connection !== EMPTY_UUID).length)
  })
})

/**
 * The world lives on an injected clock: counters grow, calls run, sessions end and
 * start; caches are re-encoded at most once per simulated second; sessions-deny keeps new
 * sessions out of a locked infobase unless they carry the permission code.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { RasClient } from '../../../src-main/ras/client'
import type { SessionRecord } from '../../../src-main/ras/records'
import { startSimulator, SERVER_ZONE_OFFSET_MS, type RunningSimulator } from '../../../src-main/simulator'

const T0 = Date.UTC(2026, 10, 25, 7, 0, 0) // 10:00 server time

class ManualClock {
  constructor(public time = T0) {}
  now = () => this.time
  advance(ms: number): void {
    this.time += ms
  }
}

let sim: RunningSimulator | null = null
let client: RasClient | null = null
afterEach(async () => {
  await client?.close().catch(() => undefined)
  await sim?.stop()
  sim = client = null
})

async function start(clock: ManualClock, sessions = 300, seed = 42) {
  sim = await startSimulator({ clock, sessions, seed })
  client = await RasClient.connect({ host: sim.host, port: sim.port, requestTimeoutMs: 5000 })
  const cluster = sim.clusters[0]!.id
  await client.authenticateCluster(cluster)
  return { sim, client, cluster }
}

const total = (sessions: SessionRecord[], key: 'callsAll' | 'bytesAll' | 'cpuTimeTotal') =>
  sessions.reduce((sum, s) => sum + s[key], 0)

describe('living world', () => {
  it('grows counters, runs calls, ends and starts sessions as the clock moves', async () => {
    const clock = new ManualClock()
    const { client, cluster } = await start(clock)
    const before = await client.listSessions(cluster)
    clock.advance(15 * 60_000)
    const after = await client.listSessions(cluster)

    const beforeIds = new Set(before.map((s) => s.session))
    const afterIds = new Set(after.map((s) => s.session))
    const ended = before.filter((s) => !afterIds.has(s.session))
    const started = after.filter((s) => !beforeIds.has(s.session))
    expect(ended.length).toBeGreaterThan(3)
    expect(started.length).toBeGreaterThan(3)
    expect(Math.abs(after.length - 300)).toBeLessThan(30)
    const firstNew = Math.max(...before.map((s) => s.sessionId))
    expect(started.every((s) => s.sessionId > firstNew)).toBe(true) // numbers keep increasing

    const kept = after.filter((s) => beforeIds.has(s.session))
    const keptBefore = before.filter((s) => afterIds.has(s.session))
    expect(total(kept, 'callsAll')).toBeGreaterThan(total(keptBefore, 'callsAll'))
    expect(total(kept, 'bytesAll')).toBeGreaterThan(total(keptBefore, 'bytesAll'))
    const serverNow = clock.time + SERVER_ZONE_OFFSET_MS
    expect(after.some((s) => s.lastActiveAt! > serverNow - 60_000)).toBe(true)
    expect(started.every((s) => s.startedAt! > serverNow - 16 * 60_000 && s.startedAt! <= serverNow)).toBe(true)

    // A long call that is still running got 15 minutes longer.
    const long = keptBefore.filter((s) => s.durationCurrent >= 60_000)
    const stillRunning = long
      .map((s) => [s, after.find((a) => a.session === s.session)!] as const)
      .filter(([b, a]) => a.durationCurrent > b.durationCurrent)
    for (const [b, a] of stillRunning) expect(a.durationCurrent - b.durationCurrent).toBe(15 * 60_000)
  })

  it('is deterministic given the seed and the clock readings', async () => {
    const run = async () => {
      const clock = new ManualClock()
      const run = await start(clock, 200, 9)
      clock.advance(5 * 60_000)
      await run.client.listSessions(run.cluster)
      clock.advance(2 * 3600_000)
      const sessions = await run.client.listSessions(run.cluster)
      await run.client.close()
      await run.sim.stop()
      sim = client = null
      return sessions
    }
    expect(await run()).toEqual(await run())
  })

  it('lists exactly the world after each step (per-session bytes are reused only when unchanged)', async () => {
    const clock = new ManualClock()
    const { sim, client, cluster } = await start(clock, 400, 3)
    const buh = sim.world.infobaseByName('buh_corp').infobase
    for (let step = 0; step < 8; step++) {
      expect(await client.listSessions(cluster)).toEqual(sim.world.sessions())
      expect(await client.listInfobaseSessions(cluster, buh)).toEqual(
        sim.world.sessions().filter((s) => s.infobase === buh),
      )
      clock.advance(step < 4 ? 1000 : 7000)
    }
  })

  it('re-encodes a list at most once per simulated second', async () => {
    const clock = new ManualClock()
    const { sim, client, cluster } = await start(clock)
    await client.listSessions(cluster)
    const encodes = sim.cache.encodes
    for (let i = 0; i < 5; i++) {
      clock.advance(150) // still inside the same second
      await client.listSessions(cluster)
    }
    expect(sim.cache.encodes).toBe(encodes)
    clock.advance(1000)
    await client.listSessions(cluster)
    expect(sim.cache.encodes).toBe(encodes + 1)
  })

  it('stays still with live: false', async () => {
    const clock = new ManualClock()
    sim = await startSimulator({ clock, sessions: 50, live: false })
    client = await RasClient.connect({ host: sim.host, port: sim.port })
    const cluster = sim.clusters[0]!.id
    await client.authenticateCluster(cluster)
    const before = await client.listSessions(cluster)
    clock.advance(3600_000)
    expect(await client.listSessions(cluster)).toEqual(before)
  })
})

describe('sessions-deny', () => {
  async function lockInfobase(name: string, window: { fromMin: number; toMin: number }, permissionCode = '') {
    const clock = new ManualClock()
    const { sim, client, cluster } = await start(clock, 2000, 5)
    const ib = sim.world.infobaseByName(name)
    const info = await client.getInfobase(cluster, ib.infobase)
    const serverNow = clock.time + SERVER_ZONE_OFFSET_MS
    await client.updateInfobase(cluster, {
      ...info,
      sessionsDeny: true,
      deniedFrom: serverNow + window.fromMin * 60_000,
      deniedTo: serverNow + window.toMin * 60_000,
      deniedMessage: 'Идёт обновление',
      permissionCode,
    })
    const before = new Set((await client.listSessions(cluster)).map((s) => s.session))
    clock.advance(60 * 60_000)
    const fresh = (await client.listSessions(cluster)).filter((s) => !before.has(s.session))
    return { sim, ib, fresh }
  }

  it('refuses new sessions for the locked infobase while the period covers now', async () => {
    const { sim, ib, fresh } = await lockInfobase('buh_corp', { fromMin: -10, toMin: 120 })
    expect(fresh.length).toBeGreaterThan(100) // other infobases go on
    expect(fresh.filter((s) => s.infobase === ib.infobase)).toEqual([])
    expect(sim.world.refusedByDeny).toBeGreaterThan(10)
  })

  it('lets in only sessions that carry the permission code', async () => {
    const { sim, ib, fresh } = await lockInfobase('buh_corp', { fromMin: -10, toMin: 120 }, 'KOD-1C')
    const admitted = fresh.filter((s) => s.infobase === ib.infobase)
    expect(admitted.length).toBeGreaterThan(0)
    expect(admitted.every((s) => sim.world.admittedWithPermissionCode.has(s.session))).toBe(true)
    expect(sim.world.refusedByDeny).toBeGreaterThan(admitted.length)
  })

  it('does not refuse before the period starts', async () => {
    const { sim, ib, fresh } = await lockInfobase('buh_corp', { fromMin: 24 * 60, toMin: 25 * 60 })
    expect(fresh.filter((s) => s.infobase === ib.infobase).length).toBeGreaterThan(10)
    expect(sim.world.refusedByDeny).toBe(0)
  })
})

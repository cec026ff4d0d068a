/**
 * The cluster pool against simulators: older service versions, a stalled server that blocks no
 * other profile, connection reuse, one retry on a broken idle socket, idle close and dispose, a
 * profile saved while its request runs, and testing unsaved settings.
 */
import { describe, expect, it } from 'vitest'
import type { ProfileDto } from '../../../src-shared/contract'
import { rowsFromTable } from '../../../src-shared/session-table'
import type { Services } from '../../../src-main/services'
import { startSimulator, type RunningSimulator } from '../../../src-main/simulator'
import { profileInput } from './support'
import { CLUSTER_ADMIN, code, startTempServices, withServicesWorld } from './world'

let sim: RunningSimulator
let services: Services
let profile: ProfileDto
let cluster: string

withServicesWorld((world) => ({ sim, services, profile, cluster } = world))

describe('older servers', () => {
  it.each([
    ['9.0', ''],
    ['10.0', 'ip'],
    ['11.0', 'ip'],
  ])('service version %s: client IP only from 10.0 on', async (maxVersion, expectIp) => {
    const old = await startSimulator({ seed: 5, sessions: 12, infobases: 2, live: false, maxVersion })
    const { services: s, stop } = await startTempServices()
    try {
      const p = await s.profiles.save(profileInput({ host: old.host, port: old.port, clusterPassword: null }))
      const list = await s.sessions.listSessions(p.id, old.clusters[0]!.id)
      expect(list.protocolVersion).toBe(maxVersion)
      const rows = rowsFromTable(list.sessions)
      expect(rows).toHaveLength(old.world.sessions(old.clusters[0]!.id).length)
      expect(rows.every((r) => r.infobaseName !== '')).toBe(true)
      if (expectIp) expect(rows.some((r) => r.clientIp !== '')).toBe(true)
      else expect(rows.every((r) => r.clientIp === '')).toBe(true)
    } finally {
      await stop()
      await old.stop()
    }
  })
})

describe('cluster pool', () => {
  it('a stalled server does not block another profile', async () => {
    const stalled = await startSimulator({ seed: 1, sessions: 5, live: false, faults: { stallAfterRequests: 0 } })
    try {
      const slow = await services.profiles.save(
        profileInput({ name: 'stalled', host: stalled.host, port: stalled.port, clusterPassword: null }),
      )
      let stalledSettled = false
      const pending = code(services.pool.connect(slow.id)).finally(() => (stalledSettled = true))
      const healthy = await services.sessions.listSessions(profile.id, cluster)
      expect(healthy.sessions.count).toBeGreaterThan(0)
      // Ordering, not a stopwatch: the healthy list is back while the stalled server still hangs.
      expect(stalledSettled).toBe(false)
      expect(await pending).toBe('ras:timeout')
      services.profiles.delete(slow.id)
    } finally {
      await stalled.stop()
    }
  })

  it('reuses connections, retries once on a broken idle socket, closes idle ones and disposes', async () => {
    const own = await startSimulator({ seed: 3, sessions: 20, live: false, clusterAdmin: CLUSTER_ADMIN })
    // Only the pool's own connections are counted: the watch's once-a-minute reads stay off.
    const { services: s, stop } = await startTempServices({
      pool: { idleMs: 300, requestTimeoutMs: 2000 },
      watchAround: false,
    })
    try {
      const p = await s.profiles.save(
        profileInput({
          host: own.host,
          port: own.port,
          clusterUser: CLUSTER_ADMIN.user,
          clusterPassword: CLUSTER_ADMIN.password,
        }),
      )
      const c = own.clusters[0]!.id
      await s.sessions.listSessions(p.id, c) // auth + sessions + infobases = 3 requests on one connection
      await s.sessions.listSessions(p.id, c) // same connection, no new login: request 4
      expect(s.pool.openConnections(p.id)).toBe(1)
      // the idle connection breaks: its next request is dropped half-way; a fresh one answers
      own.faults.dropAfterRequests = 4
      const rows = await s.sessions.listSessions(p.id, c)
      expect(rows.sessions.count).toBe(own.world.sessions(c).length)
      own.faults.dropAfterRequests = null
      // parallel work opens at most 4 connections
      await Promise.all(Array.from({ length: 10 }, () => s.sessions.listSessions(p.id, c)))
      expect(s.pool.openConnections(p.id)).toBeLessThanOrEqual(4)
      await new Promise((r) => setTimeout(r, 600))
      expect(s.pool.openConnections(p.id)).toBe(0) // idle ones closed
      await s.sessions.listSessions(p.id, c)
      expect(s.pool.openConnections(p.id)).toBe(1)
      await s.dispose()
      expect(s.pool.openConnections(p.id)).toBe(0)
      expect(await code(s.pool.connect(p.id))).toBe('INTERNAL')
    } finally {
      await stop()
      await own.stop()
    }
  })

  it('saving a profile while its request runs lets that request finish; the next one reconnects', async () => {
    await services.sessions.listSessions(profile.id, cluster)
    sim.faults.latencyMs = 300
    try {
      const pending = services.sessions.listSessions(profile.id, cluster)
      await new Promise((r) => setTimeout(r, 50))
      const { clusterPassword: _p, ...rest } = profileInput({
        id: profile.id,
        host: sim.host,
        port: sim.port,
        clusterUser: CLUSTER_ADMIN.user,
        label: 'test',
      })
      void _p
      await services.profiles.save(rest)
      expect((await pending).sessions.count).toBeGreaterThan(0)
    } finally {
      sim.faults.latencyMs = 0
    }
    expect((await services.sessions.listSessions(profile.id, cluster)).sessions.count).toBeGreaterThan(0)
  })

  it('tests unsaved settings with a one-off connection, checking the password', async () => {
    const input = profileInput({ host: sim.host, port: sim.port, clusterUser: 'admin', clusterPassword: 'nope' })
    expect(await code(services.pool.test(await services.profiles.testTarget(input)))).toBe('ras:auth')
    const ok = await services.pool.test(
      await services.profiles.testTarget({ ...input, clusterPassword: CLUSTER_ADMIN.password }),
    )
    expect(ok.clusters).toHaveLength(2)
    // an existing profile with the password left unchanged uses the stored one
    const { clusterPassword: _p, ...unchanged } = { ...input, id: profile.id }
    void _p
    expect((await services.pool.test(await services.profiles.testTarget(unchanged))).clusters).toHaveLength(2)
  })
})

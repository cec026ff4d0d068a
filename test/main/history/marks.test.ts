/**
 * The timeline's marks through the real API over the simulator and a real history file: lock
 * periods opened and closed by what lock reads see (the app's own lock, and one another console
 * set, seen by the infobase list's probe), and the app's destructive actions marked with their
 * audit entry's time. Also: a version-1 history file (written by the v1 code, kept as a fixture)
 * gets the later schemas in place and keeps its samples.
 */
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApi } from '../../../src-main/api'
import { openHistory, openHistoryForApp } from '../../../src-main/history/history-file'
import { createServices, openConfStore, type Services } from '../../../src-main/services'
import { startSimulator, type RunningSimulator } from '../../../src-main/simulator'
import type { ClusterApi, Result } from '../../../src-shared/contract'
import { fakeSecretBox, profileInput, tempDir } from '../services/support'

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}

let dir = ''
let remove: () => Promise<void>
let sim: RunningSimulator
let services: Services
let api: ClusterApi
let now = Date.UTC(2026, 2, 10, 9, 0, 0)
const clock = { now: () => now }
const ALL = { from: 0, to: Date.UTC(2100, 0, 1) }

beforeEach(async () => {
  ;({ dir, remove } = await tempDir())
  sim = await startSimulator({ port: 0, sessions: 30, infobases: 3, seed: 5, clock, live: false })
  services = createServices({
    openStore: openConfStore(dir),
    secretBox: fakeSecretBox(),
    auditFile: join(dir, 'audit.jsonl'),
    clock,
    openHistory: () => openHistoryForApp(join(dir, 'history.sqlite'), () => undefined),
  })
  api = createApi(services, () => undefined)
})

afterEach(async () => {
  await services.dispose()
  await sim.stop()
  await remove()
})

describe('timeline marks', () => {
  it("marks the app's lock and unlock, and the lock period the reads saw, in server time", async () => {
    const profile = value(
      await api.saveProfile(profileInput({ host: sim.host, port: sim.port, clusterPassword: null })),
    ).id
    const cluster = sim.clusters[0]!.id
    const list = value(await api.listSessions(profile, cluster))
    const ib = sim.world.requireCluster(cluster).infobases[0]!
    const lockInput = { message: 'Обновление', permissionCode: '', from: null, to: null, scheduledJobsDeny: false }
    const locked = value(await api.setInfobaseLock(profile, cluster, ib.infobase, lockInput))
    expect(locked.phase).toBe('active')
    now += 10 * 60_000
    const unlocked = value(await api.clearInfobaseLock(profile, cluster, ib.infobase))
    expect(unlocked.phase).toBe('off')

    const t = value(await api.historyTimeline(profile, cluster, ALL))
    expect(t.locks).toEqual([
      { infobaseName: ib.name, from: expect.any(Number), to: unlocked.serverNow, message: 'Обновление' },
    ])
    // Opened when it took effect on the server's clock (no earlier than the sessions showed it).
    expect(t.locks[0]!.from).toBeGreaterThanOrEqual(list.serverNow! - 1000)
    expect(t.locks[0]!.from).toBeLessThanOrEqual(locked.serverNow!)
    expect(t.events.map((e) => e.kind)).toEqual(['lock-seen', 'lock', 'unlock-seen', 'unlock'])
    const audit = value(await api.readAuditLog(10))
    const byAction = new Map(audit.map((e) => [e.action, e.time]))
    for (const e of t.events) {
      expect(e.infobaseName).toBe(ib.name)
      if (e.kind === 'lock' || e.kind === 'unlock') expect(e.auditTime).toBe(byAction.get(e.kind))
      else expect(e.auditTime).toBeUndefined()
    }
    // Reading the same state again changes nothing.
    value(await api.getInfobaseLock(profile, cluster, ib.infobase))
    expect(value(await api.historyTimeline(profile, cluster, ALL)).events).toHaveLength(4)
  })

  it("sees a lock another console set through the infobase list's probe, and marks a terminate", async () => {
    const profile = value(
      await api.saveProfile(profileInput({ host: sim.host, port: sim.port, clusterPassword: null })),
    ).id
    const cluster = sim.clusters[0]!.id
    const list = value(await api.listSessions(profile, cluster))
    const ib = sim.world.requireCluster(cluster).infobases[1]!
    ib.sessionsDeny = true
    ib.deniedMessage = 'чужая блокировка'
    value(await api.listInfobases(profile, cluster))
    let t = value(await api.historyTimeline(profile, cluster, ALL))
    expect(t.locks).toEqual([
      { infobaseName: ib.name, from: expect.any(Number), to: null, message: 'чужая блокировка' },
    ])

    now += 5 * 60_000 // the probe reads each infobase at most once a minute
    ib.sessionsDeny = false
    value(await api.listInfobases(profile, cluster))
    t = value(await api.historyTimeline(profile, cluster, ALL))
    expect(t.locks[0]!.to).toBeGreaterThan(t.locks[0]!.from)
    expect(t.events.map((e) => e.kind)).toEqual(['lock-seen', 'unlock-seen'])

    const victims = list.sessions.columns.session.slice(0, 2)
    value(await api.terminateSessions(profile, cluster, victims, 'до свидания'))
    t = value(await api.historyTimeline(profile, cluster, ALL))
    const terminate = t.events.find((e) => e.kind === 'terminate')!
    expect(terminate.detail).toContain(`#${list.sessions.columns.sessionId[0]}`)
    expect(terminate.detail).toContain('terminated 2')
    expect(terminate.auditTime).toBe(value(await api.readAuditLog(1))[0]!.time)
    expect(terminate.at).toBeGreaterThanOrEqual(t.locks[0]!.to!)
  })

  it('opens a version-1 file in place as version 4, its samples kept and rolled into the timeline’s 10-minute rows', async () => {
    const file = join(dir, 'v1.sqlite')
    copyFileSync(join(import.meta.dirname, 'fixtures', 'history-v1.sqlite'), file)
    const before = new Database(file, { readonly: true })
    expect(before.pragma('user_version', { simple: true })).toBe(1)
    before.close()
    const { store, keptAside } = openHistory(file)
    expect(keptAside).toBeNull()
    const totals = store.totals('0a1b2c3d-0000-4000-8000-000000000001', ALL)
    expect(totals).toHaveLength(30)
    // The 10-minute rows were made from the old samples: a chart of 2 columns gets their extremes.
    const folded = store.totalsColumns('0a1b2c3d-0000-4000-8000-000000000001', ALL, 4)
    expect(folded.step).toBeGreaterThan(0)
    expect(Math.max(...folded.totals.sessions)).toBe(Math.max(...totals.map((t) => t.sessions)))
    expect(Math.min(...folded.totals.sessions)).toBe(Math.min(...totals.map((t) => t.sessions)))
    expect(Math.max(...folded.totals.cpu)).toBe(Math.max(...totals.map((t) => t.cpu)))
    const top = store.top({ ...ALL, by: 'cpu', cluster: '0a1b2c3d-0000-4000-8000-000000000001' })
    expect(top.samples).toBe(30)
    expect(top.users.length).toBeGreaterThan(0)
    store.observeLock({
      cluster: '0a1b2c3d-0000-4000-8000-000000000001',
      server: 'srv:1545',
      infobase: 'ib',
      infobaseName: 'ib0',
      at: totals[5]!.at,
      active: true,
      deniedFrom: null,
      deniedTo: null,
      message: 'm',
    })
    expect(store.locks('0a1b2c3d-0000-4000-8000-000000000001', ALL)).toHaveLength(1)
    expect(store.settings().rawHours).toBe(48)
    store.close()
    const after = new Database(file, { readonly: true })
    expect(after.pragma('user_version', { simple: true })).toBe(4)
    expect(after.prepare("SELECT name FROM sqlite_master WHERE name = 'tens'").get()).toBeDefined()
    after.close()
  })
})

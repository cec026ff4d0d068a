import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Pinia } from 'pinia'
import FleetView from '../../src-renderer/src/components/fleet/FleetView.vue'
import FindUserPanel from '../../src-renderer/src/components/tools/FindUserPanel.vue'
import { createLimiter } from '../../src-shared/limit'
import { filterByQuery, searchKey } from '../../src-renderer/src/format/search'
import { useProfilesStore } from '../../src-renderer/src/stores/profiles'
import { useTabsStore } from '../../src-renderer/src/stores/tabs'
import { useUiStore } from '../../src-renderer/src/stores/ui'
import { ASK_PASSWORD, LOCKED_INFOBASE, type ProfileKey, type RendererWorld } from '../support/renderer-world'
import { settle as settleBy, startWorld, stopWorldAfterEach } from './app-world'
import { lockRecord } from './fixtures'
import { mountWithApp, q, qa, typeInto } from './mount'

let world: RendererWorld | undefined
let pinia: Pinia
const settle = () => settleBy(8)
/** The fleet row of a profile of the world. */
const row = (key: ProfileKey) =>
  document.querySelector<HTMLElement>(`[data-testid="fleet-row"][data-profile-id="${world!.id(key)}"]`)
/** A server wall-clock time to the minute, as the app shows it. */
const serverMinute = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ')

async function startFleet(profiles: ProfileKey[] = ['prod', 'test', 'audit', 'old']) {
  // A stalled server must stay "loading" for the whole test, not time out meanwhile.
  const started = await startWorld({ sessions: 80, seed: 3, profiles, requestTimeoutMs: 30_000 })
  ;({ world, pinia } = started)
  return started.world
}

async function mountWith(component: typeof FleetView) {
  mountWithApp(component, {}, { locale: 'en', pinia })
  await useProfilesStore().load()
  await settle()
}

/** The fleet drawer, opened, once each profile's row has the status given. */
async function openFleet(statuses: Partial<Record<ProfileKey, string>>) {
  await mountWith(FleetView)
  q('fleet-open')!.click()
  for (const [key, status] of Object.entries(statuses))
    await vi.waitFor(() => expect(row(key as ProfileKey)?.dataset.status).toBe(status), { timeout: 10_000 })
}

beforeEach(() => localStorage.clear())
stopWorldAfterEach()

describe('createLimiter', () => {
  it('runs at most N at once, in order; a task that never settles holds one slot only', async () => {
    const run = createLimiter(2)
    let running = 0
    let most = 0
    const done: number[] = []
    const task = (i: number, ms: number) => () =>
      new Promise<void>((resolve) => {
        running++
        most = Math.max(most, running)
        setTimeout(() => {
          running--
          done.push(i)
          resolve()
        }, ms)
      })
    void run(() => new Promise<void>(() => {})) // a dead server
    await Promise.all([1, 2, 3, 4].map((i) => run(task(i, 5))))
    expect(done).toEqual([1, 2, 3, 4])
    expect(most).toBe(1) // the stalled task kept one of the two slots; the rest flowed through the other
  })
})

describe('fleet view', () => {
  it('loads every profile: counts split active / sleeping / background, locks, password needed, errors', async () => {
    await startFleet(['prod', 'test', 'audit', 'old', 'hr'])
    await openFleet({ prod: 'ok', hr: 'ok' })
    await settle()
    expect(row('test')!.dataset.status).toBe('ok')
    expect(row('audit')!.dataset.status).toBe('password')
    expect(row('old')!.dataset.status).toBe('unreachable')
    // "Ask every time" is never prompted from the fleet.
    expect(useUiStore().passwordPrompt).toBeNull()
    expect(q('fleet-error', row('old')!)!.textContent).toMatch(/cannot be reached/)
    expect(q('fleet-unlock', row('audit')!)).not.toBeNull()

    // Both clusters of the production profile, summed.
    const all = [...world!.rows('prod', 0), ...world!.rows('prod', 1)]
    const sessions = q('fleet-sessions', row('prod')!)!
    expect(Number(sessions.dataset.service)).toBe(all.filter((s) => s.isService).length)
    expect(Number(sessions.dataset.sleeping)).toBe(all.filter((s) => !s.isService && s.hibernate).length)
    expect(Number(sessions.dataset.active)).toBe(all.filter((s) => !s.isService && !s.hibernate).length)
    expect(qa('fleet-cluster', row('prod')!)).toHaveLength(2)

    // One infobase of the first cluster is locked; the hr server's locks need infobase credentials.
    const locked = qa('fleet-locked', row('prod')!)
    expect(locked.map((l) => l.dataset.infobaseName)).toEqual([LOCKED_INFOBASE])
    expect(qa('fleet-lock-unknown', row('prod')!)).toHaveLength(0)
    const unknown = qa('fleet-lock-unknown', row('hr')!)
    expect(unknown).toHaveLength(1) // one note per cluster, with the count
    expect(unknown[0]!.textContent).toContain(String(world!.sim('hr').world.requireCluster().infobases.length))
    expect(q('fleet-locked-count', row('test')!)!.dataset.count).toBe('1')

    // Five servers, counted in words that agree; when it loaded is this computer's time, said so
    // (the servers' clocks may all differ).
    expect(q('fleet-summary')!.textContent).toMatch(/^5 servers · \d+ reachable · \d+ with problems · [\d,]+ sessions$/)
    expect(q('fleet-loaded-at')!.textContent).toMatch(/^Loaded at \d\d:\d\d:\d\d \(your clock\)$/)
  })

  it("says whether each lock is in effect now, scheduled (from …) or expired (ended …), on the server's clock", async () => {
    // Set on the server: one lock starts in 12 h 30 min, one ended 4 h ago; one is in effect.
    const world = await startFleet()
    const minute = 60_000
    const now = Math.floor(world.serverNow() / minute) * minute
    const lock = lockRecord
    const startsAt = now + 750 * minute
    const endedAt = now - 240 * minute
    world.lockInfobase('test', 'buh_corp', lock(startsAt, null))
    world.lockInfobase('test', 'erp', lock(now - 840 * minute, endedAt))

    await openFleet({})
    await vi.waitFor(() => expect(q('fleet-locked-count', row('test')!)).not.toBeNull(), { timeout: 10_000 })
    expect(qa('fleet-locked', row('test')!).map((l) => [l.dataset.phase, l.textContent!.trim()])).toEqual([
      ['active', LOCKED_INFOBASE],
    ])
    expect(qa('fleet-lock-standing', row('test')!).map((l) => [l.dataset.phase, l.textContent!.trim()])).toEqual([
      ['scheduled', `buh_corp · from ${serverMinute(startsAt)}`],
      ['expired', `erp · ended ${serverMinute(endedAt)}`],
    ])
    const count = q('fleet-locked-count', row('test')!)!
    expect(count.dataset.count).toBe('1')
    expect(count.dataset.scheduled).toBe('1')
    expect(count.textContent).toContain('1 in effect now · 1 scheduled')
  })

  it('"password needed": entering it on request loads that server only', async () => {
    const world = await startFleet()
    await openFleet({ audit: 'password', test: 'ok' })
    const connects = world.calls('connect').length
    q('fleet-unlock', row('audit')!)!.click()
    await settle()
    const ui = useUiStore()
    expect(ui.passwordPrompt?.profile.id).toBe(world.id('audit'))
    ui.passwordPrompt!.resolve(ASK_PASSWORD)
    await vi.waitFor(() => expect(row('audit')?.dataset.status).toBe('ok'), { timeout: 10_000 })
    expect(
      world
        .calls('connect')
        .slice(connects)
        .every((c) => c.args[0] === world.id('audit')),
    ).toBe(true)
    expect(q('fleet-sessions', row('audit')!)).not.toBeNull()
  })

  it('a server that never answers does not hold the others', async () => {
    const world = await startFleet()
    world.sim('test').faults.stallAfterRequests = 0 // accepts the connection, then answers nothing
    await openFleet({ prod: 'ok', old: 'unreachable' })
    expect(row('test')!.dataset.status).toBe('loading')
    expect(q('fleet-loading', row('test')!)).not.toBeNull()
  })

  it('a cluster link opens its tab and closes the drawer; refresh reloads', async () => {
    const world = await startFleet()
    await openFleet({ prod: 'ok', old: 'unreachable' })
    await settle()
    const connects = world.calls('connect').length
    q('fleet-refresh')!.click()
    // Every server is read again.
    await vi.waitFor(() => expect(world.calls('connect').length).toBeGreaterThanOrEqual(connects + 4), {
      timeout: 10_000,
    })
    await vi.waitFor(() => expect(row('prod')?.dataset.status).toBe('ok'), { timeout: 10_000 })
    await settle()
    const second = qa('fleet-cluster', row('prod')!)[1]!
    q('fleet-open-cluster', second)!.click()
    await settle()
    const tabs = useTabsStore()
    expect(tabs.active?.clusterId).toBe(second.dataset.clusterId)
    expect(tabs.active?.clusterId).toBe(world.clusterId('prod', 1))
    expect(tabs.active?.profileId).toBe(world.id('prod'))
    expect(tabs.tabs).toHaveLength(1)
  })
})

describe('find a user everywhere', () => {
  it('searches every saved server, groups by server / cluster / infobase; read-only disables terminate', async () => {
    const world = await startFleet()
    expect((await world.api.unlockProfile(world.id('audit'), ASK_PASSWORD)).ok).toBe(true)
    await mountWith(FindUserPanel)
    q('find-user-open')!.click()
    await settle()
    q('find-user-all')!.click()
    await vi.waitFor(
      () => expect(qa('find-user-source').map((s) => s.dataset.status)).toEqual(['ok', 'ok', 'ok', 'unreachable']),
      { timeout: 10_000 },
    )
    // A "Фамилия И.О." user of the test server.
    const victim = world.rows('test').find((s) => !s.isService && / /.test(s.userName))!
    const surname = victim.userName.split(' ')[0]!
    await typeInto('find-user-input', surname.toUpperCase())
    await settle()

    // The expected matches, computed with the grid's own search over every cluster.
    let expected = 0
    for (const key of ['prod', 'test', 'audit'] as const) {
      for (const [index] of world.sim(key).clusters.entries()) {
        const rows = world.rows(key, index)
        expected += filterByQuery(rows, rows.map(searchKey), surname).length
      }
    }
    expect(Number(q('find-user-count')!.dataset.total)).toBe(expected)
    const groups = qa('find-user-group')
    const keys = groups.map((g) => `${g.dataset.profileId}/${g.dataset.clusterId}/${g.dataset.infobaseName}`)
    expect(new Set(keys).size).toBe(keys.length)
    for (const r of qa('find-user-row'))
      expect(q('find-user-name', r)!.textContent!.toLowerCase()).toContain(surname.toLowerCase())

    const readOnlyGroup = groups.find((g) => g.dataset.profileId === world.id('audit'))
    if (readOnlyGroup) expect(q<HTMLButtonElement>('find-user-terminate', readOnlyGroup)!.disabled).toBe(true)

    // Terminate the victim: the usual dialog, then the row leaves the results.
    const victimRow = document.querySelector<HTMLElement>(
      `[data-testid="find-user-row"][data-session="${victim.session}"]`,
    )!
    expect(victimRow).not.toBeNull()
    q<HTMLButtonElement>('find-user-terminate', victimRow)!.click()
    await settle()
    expect(q('terminate-dialog')!.dataset.mode).toBe('one')
    q('terminate-confirm')!.click()
    await vi.waitFor(() => expect(q('terminate-report')).not.toBeNull(), { timeout: 10_000 })
    const call = world.calls('terminateSessions').at(-1)!
    expect(call.args[0]).toBe(world.id('test'))
    expect(call.args[2]).toEqual([victim.session])
    expect(world.sim('test').terminated.map((t) => t.session)).toEqual([victim.session])
    await settle()
    expect(document.querySelector(`[data-testid="find-user-row"][data-session="${victim.session}"]`)).toBeNull()
    expect(Number(q('find-user-count')!.dataset.total)).toBe(expected - 1)
  })

  it('searches the open tabs first and never prompts for "ask every time" passwords', async () => {
    await startFleet()
    await mountWith(FindUserPanel)
    q('find-user-open')!.click()
    await settle()
    expect(q('find-user-scope')!.dataset.clusters).toBe('0')
    q('find-user-all')!.click()
    await vi.waitFor(
      () =>
        expect(qa('find-user-source').map((s) => s.dataset.status)).toEqual(['ok', 'ok', 'password', 'unreachable']),
      { timeout: 10_000 },
    )
    expect(useUiStore().passwordPrompt).toBeNull()
    expect(q('find-user-scope')!.dataset.clusters).toBe('3')
  })
})

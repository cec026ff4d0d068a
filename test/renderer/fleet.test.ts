import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { ConnectionInfo, Result } from '../../src-shared/contract'
import FleetView from '../../src-renderer/src/components/fleet/FleetView.vue'
import FindUserPanel from '../../src-renderer/src/components/tools/FindUserPanel.vue'
import { createLimiter } from '../../src-renderer/src/format/fleet'
import { filterByQuery, searchKey } from '../../src-renderer/src/format/search'
import { useProfilesStore } from '../../src-renderer/src/stores/profiles'
import { useTabsStore } from '../../src-renderer/src/stores/tabs'
import { useUiStore } from '../../src-renderer/src/stores/ui'
import { callsOf, createFake, type FakeApi } from './fake'
import { flush, mountWithApp, q, qa, typeInto, unmountAll } from './mount'

let fake: FakeApi
const settle = async () => {
  for (let i = 0; i < 8; i++) {
    await flush()
    await nextTick()
  }
}
const row = (id: string) => document.querySelector<HTMLElement>(`[data-testid="fleet-row"][data-profile-id="${id}"]`)

async function mountWith(component: typeof FleetView, api: unknown = fake) {
  vi.stubGlobal('api', api)
  mountWithApp(component, {}, { locale: 'en' })
  await useProfilesStore().load()
  await settle()
}

beforeEach(async () => {
  localStorage.clear()
  fake = await createFake({ sessions: 80, seed: 3 })
})
afterEach(() => {
  unmountAll()
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
})

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
    await mountWith(FleetView)
    q('fleet-open')!.click()
    await vi.waitFor(() => expect(row('p1')?.dataset.status).toBe('ok'), { timeout: 5000 })
    await settle()
    expect(row('p2')!.dataset.status).toBe('ok')
    expect(row('p3')!.dataset.status).toBe('password')
    expect(row('p4')!.dataset.status).toBe('unreachable')
    // "Ask every time" is never prompted from the fleet.
    expect(useUiStore().passwordPrompt).toBeNull()
    expect(q('fleet-error', row('p4')!)!.textContent).toMatch(/cannot be reached/)
    expect(q('fleet-unlock', row('p3')!)).not.toBeNull()

    // Both clusters of the production profile, summed.
    const p1 = (await fake.connect('p1')) as Extract<Result<ConnectionInfo>, { ok: true }>
    const all = p1.value.clusters.flatMap((c) => fake.control.sessions('p1', c.cluster))
    const sessions = q('fleet-sessions', row('p1')!)!
    expect(Number(sessions.dataset.service)).toBe(all.filter((s) => s.isService).length)
    expect(Number(sessions.dataset.sleeping)).toBe(all.filter((s) => !s.isService && s.hibernate).length)
    expect(Number(sessions.dataset.active)).toBe(all.filter((s) => !s.isService && !s.hibernate).length)
    expect(qa('fleet-cluster', row('p1')!)).toHaveLength(2)

    // The fake locks its sixth infobase; the second needs infobase credentials (not readable).
    const locked = qa('fleet-locked', row('p1')!)
    expect(locked.map((l) => l.dataset.infobaseName)).toEqual(['buh_copy'])
    expect(qa('fleet-lock-unknown', row('p1')!)).toHaveLength(2)
    expect(q('fleet-locked-count', row('p2')!)!.dataset.count).toBe('1')
  })

  it("says whether each lock is in effect now, scheduled (from …) or expired (ended …), on the server's clock", async () => {
    // The fake server's now is 2026-11-25 10:00:00; its sixth infobase is locked since 09:00.
    const conn = (await fake.connect('p2')) as Extract<Result<ConnectionInfo>, { ok: true }>
    const cluster = conn.value.clusters[0]!.cluster
    const ibs = await fake.listInfobases('p2', cluster)
    if (!ibs.ok) throw new Error('list')
    const id = (name: string) => ibs.value.find((i) => i.name === name)!.infobase
    const lock = (from: number, to: number | null) =>
      ({ message: '', permissionCode: '', from, to, scheduledJobsDeny: false }) as const
    await fake.setInfobaseLock('p2', cluster, id('buh_prod'), lock(Date.UTC(2026, 10, 25, 22, 30), null))
    await fake.setInfobaseLock(
      'p2',
      cluster,
      id('erp'),
      lock(Date.UTC(2026, 10, 24, 20, 0), Date.UTC(2026, 10, 25, 6, 0)),
    )

    await mountWith(FleetView)
    q('fleet-open')!.click()
    await vi.waitFor(() => expect(q('fleet-locked-count', row('p2')!)).not.toBeNull(), { timeout: 5000 })
    expect(qa('fleet-locked', row('p2')!).map((l) => [l.dataset.phase, l.textContent!.trim()])).toEqual([
      ['active', 'buh_copy'],
    ])
    expect(qa('fleet-lock-standing', row('p2')!).map((l) => [l.dataset.phase, l.textContent!.trim()])).toEqual([
      ['scheduled', 'buh_prod · from 2026-11-25 22:30'],
      ['expired', 'erp · ended 2026-11-25 06:00'],
    ])
    const count = q('fleet-locked-count', row('p2')!)!
    expect(count.dataset.count).toBe('1')
    expect(count.dataset.scheduled).toBe('1')
    expect(count.textContent).toContain('1 in effect now · 1 scheduled')
  })

  it('"password needed": entering it on request loads that server only', async () => {
    await mountWith(FleetView)
    q('fleet-open')!.click()
    await vi.waitFor(() => expect(row('p3')?.dataset.status).toBe('password'), { timeout: 5000 })
    const connects = callsOf(fake, 'connect').length
    q('fleet-unlock', row('p3')!)!.click()
    await settle()
    const ui = useUiStore()
    expect(ui.passwordPrompt?.profile.id).toBe('p3')
    ui.passwordPrompt!.resolve(fake.control.askPassword)
    await vi.waitFor(() => expect(row('p3')?.dataset.status).toBe('ok'), { timeout: 10_000 })
    expect(
      callsOf(fake, 'connect')
        .slice(connects)
        .every((c) => c.args[0] === 'p3'),
    ).toBe(true)
    expect(q('fleet-sessions', row('p3')!)).not.toBeNull()
  })

  it('a server that never answers does not hold the others', async () => {
    const stalled = {
      ...fake,
      connect: (id: string) => (id === 'p2' ? new Promise<never>(() => {}) : fake.connect(id)),
    }
    await mountWith(FleetView, stalled)
    q('fleet-open')!.click()
    await vi.waitFor(() => expect(row('p1')?.dataset.status).toBe('ok'), { timeout: 5000 })
    await vi.waitFor(() => expect(row('p4')?.dataset.status).toBe('unreachable'), { timeout: 10_000 })
    expect(row('p2')!.dataset.status).toBe('loading')
    expect(q('fleet-loading', row('p2')!)).not.toBeNull()
  })

  it('a cluster link opens its tab and closes the drawer; refresh reloads', async () => {
    await mountWith(FleetView)
    q('fleet-open')!.click()
    await vi.waitFor(() => expect(row('p1')?.dataset.status).toBe('ok'), { timeout: 5000 })
    await settle()
    const connects = callsOf(fake, 'connect').length
    q('fleet-refresh')!.click()
    await vi.waitFor(() => expect(callsOf(fake, 'connect').length).toBeGreaterThanOrEqual(connects + 4), {
      timeout: 10_000,
    })
    await vi.waitFor(() => expect(row('p1')?.dataset.status).toBe('ok'), { timeout: 10_000 })
    await settle()
    const second = qa('fleet-cluster', row('p1')!)[1]!
    q('fleet-open-cluster', second)!.click()
    await settle()
    const tabs = useTabsStore()
    expect(tabs.active?.clusterId).toBe(second.dataset.clusterId)
    expect(tabs.active?.profileId).toBe('p1')
    expect(tabs.tabs).toHaveLength(1)
  })
})

describe('find a user everywhere', () => {
  it('searches every saved server, groups by server / cluster / infobase; read-only disables terminate', async () => {
    await fake.unlockProfile('p3', fake.control.askPassword)
    await mountWith(FindUserPanel)
    q('find-user-open')!.click()
    await settle()
    q('find-user-all')!.click()
    await vi.waitFor(
      () => expect(qa('find-user-source').map((s) => s.dataset.status)).toEqual(['ok', 'ok', 'ok', 'unreachable']),
      { timeout: 10_000 },
    )
    const victim = fake.control.sessions('p2').find((s) => !s.isService && s.userName)!
    const surname = victim.userName.split(' ')[0]!
    await typeInto('find-user-input', surname.toUpperCase())
    await settle()

    // The expected matches, computed with the grid's own search over every cluster.
    let expected = 0
    for (const id of ['p1', 'p2', 'p3']) {
      const info = (await fake.connect(id)) as Extract<Result<ConnectionInfo>, { ok: true }>
      for (const c of info.value.clusters) {
        const rows = fake.control.sessions(id, c.cluster)
        expected += filterByQuery(rows, rows.map(searchKey), surname).length
      }
    }
    expect(Number(q('find-user-count')!.dataset.total)).toBe(expected)
    const groups = qa('find-user-group')
    const keys = groups.map((g) => `${g.dataset.profileId}/${g.dataset.clusterId}/${g.dataset.infobaseName}`)
    expect(new Set(keys).size).toBe(keys.length)
    for (const r of qa('find-user-row'))
      expect(q('find-user-name', r)!.textContent!.toLowerCase()).toContain(surname.toLowerCase())

    const readOnlyGroup = groups.find((g) => g.dataset.profileId === 'p3')
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
    const call = callsOf(fake, 'terminateSessions').at(-1)!
    expect(call.args[0]).toBe('p2')
    expect(call.args[2]).toEqual([victim.session])
    await settle()
    expect(document.querySelector(`[data-testid="find-user-row"][data-session="${victim.session}"]`)).toBeNull()
    expect(Number(q('find-user-count')!.dataset.total)).toBe(expected - 1)
  })

  it('searches the open tabs first and never prompts for "ask every time" passwords', async () => {
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

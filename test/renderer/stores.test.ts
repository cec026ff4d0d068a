import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useAlertsStore } from '../../src-renderer/src/stores/alerts'
import { useProfilesStore } from '../../src-renderer/src/stores/profiles'
import { useTabsStore } from '../../src-renderer/src/stores/tabs'
import { useTabData } from '../../src-renderer/src/stores/tab-data'
import { useUiStore } from '../../src-renderer/src/stores/ui'
import type { ProfileInput } from '../../src-shared/contract'
import type { WatchAlert } from '../../src-shared/watch-contract'
import {
  ASK_PASSWORD,
  startRendererWorld,
  type RendererWorldOptions,
  type RendererWorld,
} from '../support/renderer-world'

let world: RendererWorld | undefined

async function setup(options: RendererWorldOptions = {}) {
  world = await startRendererWorld(options)
  vi.stubGlobal('api', world.api)
  setActivePinia(createPinia())
  return world
}

beforeEach(() => localStorage.clear())
afterEach(async () => {
  vi.unstubAllGlobals()
  await world?.stop()
  world = undefined
})

const byName = (name: string) => useProfilesStore().profiles.find((p) => p.name.startsWith(name))!

describe('profiles store', () => {
  it('loads profiles into groups and reports the first-start demo', async () => {
    await setup({ profiles: [], demoSessions: 5 })
    const profiles = useProfilesStore()
    await profiles.load()
    expect(profiles.profiles).toHaveLength(0)
    expect(profiles.demoAvailable).toBe(true)
    const r = await profiles.createDemo()
    expect(r.ok).toBe(true)
    expect(profiles.profiles.map((p) => p.demo)).toEqual([true])
  })

  it('groups profiles, named groups first', async () => {
    await setup()
    const profiles = useProfilesStore()
    await profiles.load()
    expect(profiles.groups.map((g) => g.group)).toEqual(['Производство', 'Разработка', 'Тест'])
  })

  it('prompts for the password of an "ask every time" profile, unlocks and connects', async () => {
    const world = await setup()
    const profiles = useProfilesStore()
    const ui = useUiStore()
    await profiles.load()
    const p = byName('Аудит')
    const connecting = profiles.connect(p.id)
    await vi.waitFor(() => expect(ui.passwordPrompt).not.toBeNull(), { timeout: 10_000 })
    expect(profiles.connection(p.id).status).toBe('connecting')
    ui.passwordPrompt!.resolve(ASK_PASSWORD)
    const r = await connecting
    expect(r.ok).toBe(true)
    expect(profiles.connection(p.id).status).toBe('ok')
    expect(world.calls('unlockProfile')).toHaveLength(1)
  })

  it('marks unreachable and auth failures with the server error kept', async () => {
    const world = await setup()
    const profiles = useProfilesStore()
    await profiles.load()
    const old = byName('Старый')
    expect((await profiles.connect(old.id)).ok).toBe(false)
    expect(profiles.connection(old.id).status).toBe('unreachable')
    expect(profiles.connection(old.id).error?.code).toBe('NETWORK')

    const test = byName('Тестовый')
    world.control.fail('connect', {
      code: 'AUTH',
      message: 'no',
      serverMessage: 'Администратор кластера не аутентифицирован',
    })
    await profiles.connect(test.id)
    expect(profiles.connection(test.id).status).toBe('auth')
    expect(profiles.connection(test.id).error?.serverMessage).toBe('Администратор кластера не аутентифицирован')
  })

  it('does not send a password when editing without typing one', async () => {
    const world = await setup()
    const profiles = useProfilesStore()
    await profiles.load()
    const p = byName('Бухгалтерия')
    // The api refuses unknown keys, so the input carries ProfileInput's fields only.
    const input: ProfileInput = {
      id: p.id,
      name: p.name,
      group: p.group,
      host: p.host,
      port: p.port,
      clusterUser: p.clusterUser,
      clusterPassword: undefined,
      askClusterPassword: p.askClusterPassword,
      label: p.label,
      refreshInterval: p.refreshInterval,
      protection: p.protection,
    }
    expect((await profiles.save(input)).ok).toBe(true)
    const sent = world.calls('saveProfile')[0]!.args[0] as { clusterPassword?: unknown }
    expect('clusterPassword' in sent && sent.clusterPassword !== undefined).toBe(false)
    expect(byName('Бухгалтерия').hasClusterPassword).toBe(true)
  })
})

describe('tabs store', () => {
  it('opens a tab per cluster, persists them and restores without connecting', async () => {
    const world = await setup()
    const profiles = useProfilesStore()
    await profiles.load()
    const prod = byName('Бухгалтерия')
    const tabs = useTabsStore()
    expect(await tabs.openProfile(prod.id)).toBeNull()
    expect(tabs.tabs.map((t) => t.clusterName)).toEqual(['Основной кластер', 'Резервный кластер'])
    expect(tabs.activeId).toBe(tabs.tabs[0]!.id)
    tabs.openInfobase(tabs.tabs[0]!, 'ib-1', 'buh_prod')
    expect(tabs.active?.kind).toBe('infobase')
    await Promise.resolve()

    // Next start: same tabs, same active one, no connect call yet.
    setActivePinia(createPinia())
    const connectsBefore = world.calls('connect').length
    const restored = useTabsStore()
    expect(restored.tabs).toHaveLength(3)
    expect(restored.active?.infobaseName).toBe('buh_prod')
    expect(world.calls('connect')).toHaveLength(connectsBefore)

    restored.next()
    expect(restored.activeId).toBe(restored.tabs[0]!.id)
    restored.close(restored.tabs[0]!.id)
    expect(restored.tabs).toHaveLength(2)
    restored.pruneMissing(new Set())
    expect(restored.tabs).toHaveLength(0)
    expect(restored.activeId).toBeNull()
  })
})

describe('tab data', () => {
  async function openFirstTab() {
    const profiles = useProfilesStore()
    await profiles.load()
    const tabs = useTabsStore()
    await tabs.openProfile(byName('Бухгалтерия').id)
    return useTabData(tabs.tabs[0]!)
  }

  it('converts the columnar table once per refresh and counts sessions on the profile', async () => {
    await setup({ sessions: 1234 })
    const data = await openFirstTab()
    await data.refresh()
    expect(data.snapshot.rows).toHaveLength(1234)
    expect(data.snapshot.keys).toHaveLength(1234)
    expect(data.infobases.length).toBeGreaterThan(0)
    expect(data.lastRefreshAt).not.toBeNull()
    const profiles = useProfilesStore()
    expect(Object.values(profiles.connection(byName('Бухгалтерия').id).sessionCounts)).toContain(1234)
  })

  it('keeps the last data, marked stale, when a refresh fails', async () => {
    await setup({ sessions: 50 })
    const data = await openFirstTab()
    await data.refresh()
    world!.control.fail('listSessions', { code: 'TIMEOUT', message: 'slow', serverMessage: 'Сервер не ответил' })
    await data.refresh()
    expect(data.error?.code).toBe('TIMEOUT')
    expect(data.stale).toBe(true)
    expect(data.snapshot.rows).toHaveLength(50)
    await data.refresh()
    expect(data.error).toBeNull()
    expect(data.stale).toBe(false)
  })

  it('marks sessions that appeared and counts the ones that vanished', async () => {
    await setup({ sessions: 40 })
    const data = await openFirstTab()
    await data.refresh()
    expect(data.newIds.size).toBe(0)
    world!.churn('prod', 3, 5)
    await data.refresh()
    expect(data.newIds.size).toBe(3)
    expect(data.vanished).toBe(5)
    expect(data.snapshot.rows).toHaveLength(38)
  })

  it('drops vanished sessions from the selection', async () => {
    await setup({ sessions: 10 })
    const data = await openFirstTab()
    await data.refresh()
    const ids = data.snapshot.rows.map((r) => r.session)
    data.selected = new Set([ids[0]!, ids[9]!])
    world!.churn('prod', 0, 1)
    await data.refresh()
    expect([...data.selected]).toEqual([ids[9]])
  })
})

describe('alerts store', () => {
  it('lists open alerts the worst first, then the newest, however they arrived', () => {
    setActivePinia(createPinia())
    const store = useAlertsStore()
    const alert = (id: string, severity: WatchAlert['severity'], at: number): WatchAlert => ({
      id,
      rule: 'long-call',
      severity,
      state: 'fired',
      profileId: 'p',
      cluster: 'c',
      since: at,
      at,
      value: 200,
      threshold: 180,
      subject: { session: id },
    })
    store.receive(alert('older warning', 'warning', 1_000))
    store.receive(alert('critical', 'critical', 500))
    store.receive(alert('newer warning', 'warning', 2_000))
    store.receive(alert('info', 'info', 3_000))
    expect(store.open.map((a) => a.id)).toEqual(['critical', 'newer warning', 'older warning', 'info'])
    store.receive({ ...alert('critical', 'critical', 4_000), state: 'cleared' })
    expect(store.open.map((a) => a.id)).toEqual(['newer warning', 'older warning', 'info'])
  })
})

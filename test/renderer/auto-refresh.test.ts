import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useProfilesStore } from '../../src-renderer/src/stores/profiles'
import { useTabsStore } from '../../src-renderer/src/stores/tabs'
import { useTabData } from '../../src-renderer/src/stores/tab-data'
import { useUiStore } from '../../src-renderer/src/stores/ui'
import { callsOf, createFake, type FakeApi } from './fake'

let fake: FakeApi

beforeEach(async () => {
  localStorage.clear()
  vi.useFakeTimers()
  fake = await createFake({ sessions: 20 })
  vi.stubGlobal('api', fake)
  setActivePinia(createPinia())
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

async function activeTab() {
  const profiles = useProfilesStore()
  await profiles.load()
  const tabs = useTabsStore()
  await tabs.openProfile(profiles.profiles.find((p) => p.name.startsWith('Бухгалтерия'))!.id)
  return useTabData(tabs.tabs[0]!)
}

describe('auto-refresh loop', () => {
  it('never overlaps when the server is slower than the interval', async () => {
    const data = await activeTab()
    fake.control.latencyMs = 7000 // each list takes 7 s, the interval is 5 s
    data.setInterval(5)
    await vi.advanceTimersByTimeAsync(60_000)
    const lists = callsOf(fake, 'listSessions').length
    expect(fake.control.maxInFlightBy.listSessions).toBe(1)
    // 5 s wait + 7 s call per round: 60 s hold 5 rounds, never 12 (which overlap would give).
    expect(lists).toBeGreaterThanOrEqual(4)
    expect(lists).toBeLessThanOrEqual(5)
  })

  it('joins a manual refresh to the one already running', async () => {
    const data = await activeTab()
    fake.control.latencyMs = 3000
    const a = data.refresh()
    const b = data.refresh()
    await vi.advanceTimersByTimeAsync(3000)
    await Promise.all([a, b])
    expect(callsOf(fake, 'listSessions')).toHaveLength(1)
  })

  it('pauses while a dialog is open and resumes after', async () => {
    const data = await activeTab()
    data.setInterval(5)
    await vi.advanceTimersByTimeAsync(5_001)
    const before = callsOf(fake, 'listSessions').length
    expect(before).toBe(1)
    const ui = useUiStore()
    ui.dialogOpened()
    await vi.advanceTimersByTimeAsync(30_000)
    expect(callsOf(fake, 'listSessions')).toHaveLength(before)
    ui.dialogClosed()
    await vi.advanceTimersByTimeAsync(5_001)
    expect(callsOf(fake, 'listSessions')).toHaveLength(before + 1)
  })

  it('runs only for the active tab and stops when set to off', async () => {
    const data = await activeTab()
    data.setInterval(5)
    const tabs = useTabsStore()
    tabs.activate(tabs.tabs[1]!.id) // the other cluster's tab
    await vi.advanceTimersByTimeAsync(20_000)
    expect(callsOf(fake, 'listSessions')).toHaveLength(0)
    tabs.activate(tabs.tabs[0]!.id)
    await vi.advanceTimersByTimeAsync(5_001)
    expect(callsOf(fake, 'listSessions')).toHaveLength(1)
    data.setInterval(0)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(callsOf(fake, 'listSessions')).toHaveLength(1)
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useProfilesStore } from '../../src-renderer/src/stores/profiles'
import { useTabsStore } from '../../src-renderer/src/stores/tabs'
import { useTabData } from '../../src-renderer/src/stores/tab-data'
import { useUiStore } from '../../src-renderer/src/stores/ui'
import { startRendererWorld, type RendererWorld } from '../support/renderer-world'

let world: RendererWorld

beforeEach(async () => {
  localStorage.clear()
  world = await startRendererWorld({ sessions: 20, profiles: ['prod'] })
  vi.stubGlobal('api', world.api)
  setActivePinia(createPinia())
})
afterEach(async () => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  await world.stop()
})

const lists = () => world.calls('listSessions').length

/** Opens the production profile's tabs (real time), then fakes the timers. */
async function activeTab() {
  const profiles = useProfilesStore()
  await profiles.load()
  const tabs = useTabsStore()
  await tabs.openProfile(world.id('prod'))
  vi.useFakeTimers()
  return useTabData(tabs.tabs[0]!)
}

/**
 * Moves fake time on in small steps. The simulator answers on real sockets, so before each step
 * the calls already sent to it are let finish — fake time never runs ahead of a real answer.
 */
async function advance(ms: number) {
  const STEP = 250
  for (let left = ms; left > 0; left -= STEP) {
    await world.control.settled()
    await vi.advanceTimersByTimeAsync(Math.min(STEP, left))
  }
  await world.control.settled()
}

describe('auto-refresh loop', () => {
  it('never overlaps when the server is slower than the interval', async () => {
    const data = await activeTab()
    world.control.latencyMs = 7000 // each list takes 7 s more, the interval is 5 s
    data.setInterval(5)
    await advance(60_000)
    expect(world.control.maxInFlightBy.listSessions).toBe(1)
    // 5 s wait + 7 s call per round: 60 s hold 5 rounds, never 12 (which overlap would give).
    expect(lists()).toBeGreaterThanOrEqual(4)
    expect(lists()).toBeLessThanOrEqual(5)
  })

  it('joins a manual refresh to the one already running', async () => {
    const data = await activeTab()
    world.control.latencyMs = 3000
    const a = data.refresh()
    const b = data.refresh()
    await advance(3000)
    await Promise.all([a, b])
    expect(lists()).toBe(1)
    expect(data.snapshot.rows).toHaveLength(20)
  })

  it('pauses while a dialog is open and resumes after', async () => {
    const data = await activeTab()
    data.setInterval(5)
    await advance(5_001)
    const before = lists()
    expect(before).toBe(1)
    const ui = useUiStore()
    ui.dialogOpened()
    await advance(30_000)
    expect(lists()).toBe(before)
    ui.dialogClosed()
    await advance(5_001)
    expect(lists()).toBe(before + 1)
  })

  it('runs only for the active tab and stops when set to off', async () => {
    const data = await activeTab()
    data.setInterval(5)
    const tabs = useTabsStore()
    tabs.activate(tabs.tabs[1]!.id) // the other cluster's tab
    await advance(20_000)
    expect(lists()).toBe(0)
    tabs.activate(tabs.tabs[0]!.id)
    await advance(5_001)
    expect(lists()).toBe(1)
    data.setInterval(0)
    await advance(60_000)
    expect(lists()).toBe(1)
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import App from '../../src-renderer/src/App.vue'
import { COLUMN_DEFS } from '../../src-renderer/src/grid/column-defs'
import {
  defaultLayout,
  moveColumn,
  normalizeLayout,
  toggleColumn,
  togglePin,
  visibleColumns,
} from '../../src-renderer/src/grid/layout'
import { clickSelect } from '../../src-renderer/src/grid/selection'
import { usePreferencesStore } from '../../src-renderer/src/stores/preferences'
import { startRendererWorld, type RendererWorld } from '../support/renderer-world'
import { flush, mountWithApp, q, qa, unmountAll } from './mount'

describe('column layout', () => {
  it('defaults to the issue-6 columns; extras only from the chooser', () => {
    const ids = visibleColumns(defaultLayout()).map((c) => c.id)
    expect(ids).toEqual([
      'userName',
      'infobaseName',
      'connectionType',
      'startedAt',
      'lastActiveAt',
      'hibernate',
      'sessionId',
      'clientIp',
      'cpuTime',
      'memory',
      'bytes',
      'calls',
      'dbmsBytes',
    ])
    expect(COLUMN_DEFS.find((c) => c.id === 'cpuTime')!.leaves.map((l) => l.field)).toEqual([
      'cpuTimeCurrent',
      'cpuTimeLast5min',
      'cpuTimeTotal',
    ])
    expect(visibleColumns(defaultLayout(), ['infobaseName']).map((c) => c.id)).not.toContain('infobaseName')
  })

  it('toggles, moves and survives stale stored layouts', () => {
    let l = toggleColumn(defaultLayout(), 'host', true)
    // A pinned column stays first whatever its place in the order; unpinned, it moves.
    l = moveColumn(l, 'userName', 1)
    expect(visibleColumns(l)[0]!.id).toBe('userName')
    l = togglePin(l, 'userName', false)
    expect(
      visibleColumns(l)
        .map((c) => c.id)
        .slice(0, 2),
    ).toEqual(['infobaseName', 'userName'])
    expect(visibleColumns(l).map((c) => c.id)).toContain('host')
    const stale = normalizeLayout({
      order: ['gone', 'memory'],
      visible: ['gone', 'memory'],
      widths: { memoryTotal: 5, userName: 300 },
    })
    expect(stale.order[0]).toBe('memory')
    expect(stale.order).toHaveLength(COLUMN_DEFS.length)
    expect(stale.visible).toEqual(['memory'])
    expect(stale.widths).toEqual({ userName: 300 })
  })

  it('is remembered in localStorage', async () => {
    localStorage.clear()
    setActivePinia(createPinia())
    const prefs = usePreferencesStore()
    prefs.setColumns({ ...defaultLayout(), widths: { userName: 222 } })
    prefs.zoomBy(1)
    await nextTick()
    setActivePinia(createPinia())
    const again = usePreferencesStore()
    expect(again.columns?.widths.userName).toBe(222)
    expect(again.zoom).toBe(1.1)
  })

  it('selection: shift ranges from the anchor over the visible order', () => {
    const ids = ['a', 'b', 'c', 'd', 'e']
    let s = clickSelect({ selected: new Set(), anchor: null }, ids, 'd', { shift: false, ctrl: false })
    s = clickSelect(s, ids, 'b', { shift: true, ctrl: false })
    expect([...s.selected].sort()).toEqual(['b', 'c', 'd'])
    s = clickSelect(s, ids, 'e', { shift: false, ctrl: true })
    expect([...s.selected].sort()).toEqual(['b', 'c', 'd', 'e'])
    s = clickSelect(s, ids, 'a', { shift: true, ctrl: true })
    expect([...s.selected].sort()).toEqual(['a', 'b', 'c', 'd', 'e'])
  })
})

describe('keyboard shortcuts', () => {
  let world: RendererWorld
  const settle = async () => {
    for (let i = 0; i < 6; i++) {
      await flush()
      await nextTick()
    }
  }
  const key = (init: KeyboardEventInit) =>
    window.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...init }))

  beforeEach(async () => {
    localStorage.clear()
    world = await startRendererWorld({ sessions: 30, profiles: ['test'] })
    vi.stubGlobal('api', world.api)
    mountWithApp(App, {}, { locale: 'en' })
    await vi.waitFor(() => expect(qa('profile-item')).toHaveLength(1), { timeout: 10_000 })
    const item = qa('profile-item').find((el) => el.textContent!.includes('Тестовый'))!
    ;(item.querySelector('.cd-profile-main') as HTMLElement).click()
    await vi.waitFor(() => expect(qa('session-row').length).toBeGreaterThan(0), { timeout: 10_000 })
    await world.control.settled() // the first refresh ends with the infobases, after the rows
    await settle()
  })
  afterEach(async () => {
    unmountAll()
    document.body.innerHTML = ''
    document.documentElement.style.zoom = ''
    vi.unstubAllGlobals()
    await world.stop()
  })

  it('F5 refreshes, Ctrl+A + Del asks to terminate the selection, F1 shows the cheat sheet', async () => {
    const before = world.calls('listSessions').length
    key({ key: 'F5' })
    await vi.waitFor(() => expect(world.calls('listSessions').length).toBe(before + 1), { timeout: 10_000 })
    key({ key: 'a', ctrlKey: true })
    await settle()
    expect(q('selected-count')!.textContent).toContain('30')
    key({ key: 'Delete' })
    await settle()
    expect(q('terminate-dialog')!.dataset.mode).toBe('selected')
    expect(q('terminate-count')!.dataset.count).toBe('30')
    q('dialog-cancel')!.click()
    await settle()
    key({ key: 'F1' })
    await settle()
    expect(q('shortcuts-help')).not.toBeNull()
  }, 60_000)

  it('Ctrl+W closes the tab, Ctrl+Tab moves to the next, Ctrl+= zooms the root', async () => {
    expect(qa('tab')).toHaveLength(1)
    const row = qa('infobase-item')[0]!
    row.click()
    await settle()
    expect(qa('tab')).toHaveLength(2)
    expect(qa('tab')[1]!.dataset.active).toBe('true')
    key({ key: 'Tab', ctrlKey: true })
    await settle()
    expect(qa('tab')[0]!.dataset.active).toBe('true')
    key({ key: 'w', ctrlKey: true })
    await settle()
    expect(qa('tab')).toHaveLength(1)
    expect(qa('tab')[0]!.dataset.kind).toBe('infobase')
    key({ key: '=', ctrlKey: true })
    await settle()
    expect(document.documentElement.style.zoom).toBe('1.1')
  }, 60_000)
})

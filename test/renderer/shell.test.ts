import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import App from '../../src-renderer/src/App.vue'
import { ru } from '../../src-renderer/src/i18n/ru'
import { shellEn } from '../../src-renderer/src/i18n/shell.en'
import { shellRu } from '../../src-renderer/src/i18n/shell.ru'
import { useUiStore } from '../../src-renderer/src/stores/ui'
import { SIMULATED_AGENT_VERSION, type RendererWorldOptions } from '../support/renderer-world'
import { mountOverWorld, openProfile, settle, startApp, stopWorldAfterEach } from './app-world'
import { q, qa } from './mount'

const mountApp = (world: RendererWorldOptions) => mountOverWorld(App, { world })

beforeEach(() => localStorage.clear())
stopWorldAfterEach()

describe('app shell', () => {
  it('first start: shows the notice once, offers the demo, opens it in a tab with sessions', async () => {
    await mountApp({ profiles: [], demoSessions: 30, secretsUnavailable: true })
    await settle()
    expect(q('store-notice')!.textContent).toMatch(/cannot be encrypted/)
    expect(q('first-start')).not.toBeNull()
    q('open-demo')!.click()
    await vi.waitFor(() => expect(qa('session-row').length).toBeGreaterThan(0), { timeout: 10_000 })
    const tabs = qa('tab')
    expect(tabs).toHaveLength(1)
    expect(tabs[0]!.dataset.active).toBe('true')
    // The demo cluster starts with 30 sessions; being alive, it may have started or ended a few since.
    expect(Math.abs(Number(q('session-counts')!.dataset.total) - 30)).toBeLessThan(10)
    expect(q('profile-status')!.dataset.status).toBe('ok')
    expect(q('profile-version')!.textContent).toContain(SIMULATED_AGENT_VERSION)
  }, 60_000)

  it('switches the language at run time and remembers it', async () => {
    await mountApp({ sessions: 5, profiles: ['test'] })
    await settle()
    expect(q('profile-add')!.textContent).toContain('Add server')
    q('language-ru')!.click()
    await settle()
    expect(q('profile-add')!.textContent).toContain('Добавить сервер')
    expect(document.documentElement.lang).toBe('ru')
    expect(localStorage.getItem('clusterdesk.locale')).toBe('ru')
  }, 60_000)

  it('shows a failed connection in the sidebar with the translated error', async () => {
    await mountApp({ sessions: 5, profiles: ['test', 'old'] })
    await vi.waitFor(() => expect(qa('profile-item')).toHaveLength(2), { timeout: 10_000 })
    const old = qa('profile-item').find((el) => el.textContent!.includes('Старый'))!
    ;(old.querySelector('.cd-profile-main') as HTMLElement).click()
    await vi.waitFor(() => expect(old.dataset.status).toBe('unreachable'), { timeout: 10_000 })
    expect(old.querySelector('[data-testid=profile-error]')!.textContent).toContain('cannot be reached')
    expect(qa('tab')).toHaveLength(0)
  }, 60_000)
  it('with no profiles, the empty page offers "Add server" and the demo cluster', async () => {
    await mountApp({ profiles: [], demoSessions: 10 })
    await settle()
    expect(q('no-tabs')).toBeNull()
    expect(q('no-profiles')!.textContent).toContain('No servers yet')
    q('empty-add-profile')!.click()
    await settle()
    // The same form the sidebar's "+ Add server" opens.
    expect(q('form-name')).not.toBeNull()
    expect(q('profile-form')).not.toBeNull()
    q('form-cancel')!.click()
    await settle()

    q('empty-open-demo')!.click()
    await vi.waitFor(() => expect(qa('session-row').length).toBeGreaterThan(0), { timeout: 10_000 })
    expect(qa('tab')).toHaveLength(1)
    expect(q('no-profiles')).toBeNull()
  }, 60_000)

  it('with profiles but no tab open, points at the list instead', async () => {
    await mountApp({ sessions: 5, profiles: ['test'] })
    await settle()
    expect(q('no-profiles')).toBeNull()
    expect(q('no-tabs')!.textContent).toContain('Open a profile')
  }, 60_000)

  it('shows toasts at the bottom, clear of the tab titles', async () => {
    await mountApp({ sessions: 5, profiles: ['test'] })
    await settle()
    q('profile-export')!.click()
    await vi.waitFor(() => expect(document.querySelector('.n-message')).not.toBeNull(), { timeout: 10_000 })
    const container = document.querySelector('.n-message-container')!
    expect(container.className).toContain('n-message-container--bottom')
    expect(container.className).not.toContain('--top')
  }, 60_000)
})

// --- the frame an admin drives without a mouse hunt: folding panels, tab bar, server list -------

const press = (target: EventTarget, key: string, init: KeyboardEventInit = {}) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }))
const attr = (el: Element | null, name: string) => el?.getAttribute(name) ?? null
const savedPanels = () => JSON.parse(localStorage.getItem('clusterdesk.panels') ?? 'null') as Record<string, boolean>

describe('foldable panels', () => {
  it('fold to a strip and back by their toggle and Ctrl+B / Ctrl+Shift+B, and are remembered', async () => {
    await startApp({ sessions: 10, profiles: ['test'] })
    await openProfile('Тестовый')

    const sidebar = q('sidebar')!
    const toggle = q('sidebar-toggle')!
    expect(sidebar.dataset.collapsed).toBe('false')
    expect(attr(toggle, 'aria-expanded')).toBe('true')
    expect(attr(toggle, 'aria-label')).toBe('Hide panel: Servers')
    const body = document.getElementById(attr(toggle, 'aria-controls')!)!
    expect(body.querySelector('[data-testid=profile-sidebar]')).not.toBeNull()

    toggle.click()
    await settle()
    expect(sidebar.dataset.collapsed).toBe('true')
    expect(attr(toggle, 'aria-expanded')).toBe('false')
    expect(attr(toggle, 'aria-label')).toBe('Show panel: Servers')
    expect(body.style.display).toBe('none')
    expect(savedPanels()).toEqual({ sidebar: true, sidePanel: false })
    press(window, 'b', { ctrlKey: true })
    await settle()
    expect(sidebar.dataset.collapsed).toBe('false')
    expect(body.style.display).toBe('')

    // The tab's side panel: the infobase list of a cluster tab.
    const sideToggle = q('side-panel-toggle')!
    expect(attr(sideToggle, 'aria-label')).toBe('Hide panel: Infobases')
    const sideBody = document.getElementById(attr(sideToggle, 'aria-controls')!)!
    expect(sideBody.querySelector('[data-testid=infobase-list]')).not.toBeNull()
    expect(document.querySelector('aside[aria-label="Infobases"]')).not.toBeNull()
    press(window, 'B', { ctrlKey: true, shiftKey: true })
    await settle()
    expect(q('side-panel')!.dataset.collapsed).toBe('true')
    expect(attr(sideToggle, 'aria-expanded')).toBe('false')
    expect(sideBody.style.display).toBe('none')
    sideToggle.click()
    await settle()
    expect(q('side-panel')!.dataset.collapsed).toBe('false')
    q('sidebar-toggle')!.click()
    q('side-panel-toggle')!.click()
    await settle()
    expect(savedPanels()).toEqual({ sidebar: true, sidePanel: true })

    // Next start: a fresh store reads both back.
    setActivePinia(createPinia())
    const ui = useUiStore()
    expect([ui.sidebarCollapsed, ui.sidePanelCollapsed]).toEqual([true, true])
  }, 60_000)
})

describe('tab bar', () => {
  it('is a tablist of tabs with aria-selected, one tab panel, labelled close buttons and arrow keys', async () => {
    await startApp({ sessions: 10, profiles: ['test'] })
    await openProfile('Тестовый')
    qa('infobase-item')[0]!.click()
    await vi.waitFor(() => expect(qa('tab')).toHaveLength(2), { timeout: 10_000 })
    await settle()

    const list = q('tablist')!
    expect(attr(list, 'role')).toBe('tablist')
    expect(attr(list, 'aria-label')).toBe('Open tabs')
    let [first, second] = qa('tab')
    expect(list.contains(first!) && list.contains(second!)).toBe(true)
    expect([attr(first!, 'role'), attr(second!, 'role')]).toEqual(['tab', 'tab'])
    expect([attr(first!, 'aria-selected'), attr(second!, 'aria-selected')]).toEqual(['false', 'true'])
    expect([first!.tabIndex, second!.tabIndex]).toEqual([-1, 0])
    const panel = document.getElementById(attr(second!, 'aria-controls')!)!
    expect(attr(panel, 'role')).toBe('tabpanel')
    expect(attr(panel, 'aria-labelledby')).toBe(second!.id)
    expect(panel.querySelector('[data-testid=workspace]')).not.toBeNull()
    expect(document.querySelector('main')!.getAttribute('aria-label')).toBe('Sessions workspace')

    const closes = qa('tab-close')
    expect(attr(closes[0]!, 'aria-label')).toBe(`Close tab ${first!.textContent!.trim()}`)
    expect(attr(closes[1]!, 'aria-label')).toBe(`Close tab ${second!.textContent!.trim()}`)

    // ← → Home End switch and move focus; the shortcut pair does the same from anywhere.
    second!.focus()
    press(second!, 'ArrowLeft')
    await settle()
    ;[first, second] = qa('tab')
    expect(first!.dataset.active).toBe('true')
    expect(attr(first!, 'aria-selected')).toBe('true')
    expect(document.activeElement).toBe(first)
    press(first!, 'End')
    await settle()
    expect(qa('tab')[1]!.dataset.active).toBe('true')
    press(window, 'Tab', { ctrlKey: true, shiftKey: true })
    await settle()
    expect(qa('tab')[0]!.dataset.active).toBe('true')

    // Delete on a tab closes it, and only it: no "terminate selected sessions" behind it.
    const infobaseTab = qa('tab')[1]!
    infobaseTab.focus()
    press(infobaseTab, 'Delete')
    await settle()
    expect(qa('tab')).toHaveLength(1)
    expect(q('terminate-dialog')).toBeNull()
    qa('tab-close')[0]!.click()
    await settle()
    expect(qa('tab')).toHaveLength(0)
    expect(attr(q('tabpanel'), 'role')).toBeNull()
  }, 60_000)
})

describe('server list', () => {
  it('is a list of labelled groups with a labelled ⋯ menu, ↑ ↓ Home End to move, Enter to connect', async () => {
    await startApp({ sessions: 5, profiles: ['test', 'old'] })
    const aside = document.querySelector('aside[aria-label="Servers"]')!
    expect(aside.querySelector('[data-testid=profile-sidebar]')).not.toBeNull()

    for (const group of qa('profile-group')) {
      const list = group.querySelector('ul[role=list]')!
      expect(document.getElementById(attr(list, 'aria-labelledby')!)!.textContent!.trim()).not.toBe('')
      for (const item of list.querySelectorAll('[data-testid=profile-item]')) expect(item.tagName).toBe('LI')
    }
    const rows = qa('profile-row')
    expect(rows).toHaveLength(2)
    expect(rows.map((r) => attr(r, 'role'))).toEqual(['button', 'button'])
    expect(rows.map((r) => r.tabIndex)).toEqual([0, -1])

    const menu = qa('profile-menu')[0]!
    const name = qa('profile-name')[0]!.textContent!
    expect(attr(menu, 'aria-label')).toBe(`Actions: ${name}`)
    expect(attr(menu, 'aria-haspopup')).toBe('menu')
    expect(attr(menu, 'aria-expanded')).toBe('false')
    menu.click()
    await vi.waitFor(() => expect(q('profile-menu-connect')).not.toBeNull())
    await settle()
    expect(attr(menu, 'aria-expanded')).toBe('true')
    expect(attr(document.querySelector('[role=menu]'), 'aria-label')).toBe(`Actions: ${name}`)
    for (const id of ['connect', 'edit', 'duplicate', 'delete'])
      expect(attr(q(`profile-menu-${id}`), 'role'), id).toBe('menuitem')
    press(document.activeElement ?? document.body, 'Escape')
    document.body.click()
    await settle()

    // Roving focus: one Tab stop, arrows move it, → reaches the row's menu and ← comes back.
    rows[0]!.focus()
    press(rows[0]!, 'ArrowDown')
    await settle()
    expect(document.activeElement).toBe(rows[1])
    expect(qa('profile-row').map((r) => r.tabIndex)).toEqual([-1, 0])
    press(rows[1]!, 'Home')
    await settle()
    expect(document.activeElement).toBe(rows[0])
    press(rows[0]!, 'End')
    await settle()
    expect(document.activeElement).toBe(rows[1])
    press(rows[1]!, 'ArrowRight')
    expect(document.activeElement).toBe(qa('profile-menu')[1])
    press(qa('profile-menu')[1]!, 'ArrowLeft')
    expect(document.activeElement).toBe(rows[1])

    // Enter connects the focused server (the old one is unreachable: the attempt shows at once).
    const item = rows[1]!.closest<HTMLElement>('[data-testid=profile-item]')!
    expect(item.dataset.status).toBe('idle')
    press(rows[1]!, 'Enter')
    await vi.waitFor(() => expect(item.dataset.status).not.toBe('idle'), { timeout: 10_000 })
  }, 60_000)
})

describe('shell labels', () => {
  it('follow the language: panel toggles, tab list, close buttons, menus', async () => {
    await startApp({ sessions: 5, profiles: ['test'] })
    await openProfile('Тестовый')
    q('language-ru')!.click()
    await settle()
    expect(attr(q('sidebar-toggle'), 'aria-label')).toBe('Скрыть панель «Серверы»')
    expect(attr(q('side-panel-toggle'), 'aria-label')).toMatch(/^Скрыть панель «.+»$/)
    expect(attr(q('tablist'), 'aria-label')).toBe('Открытые вкладки')
    expect(attr(q('tab-close'), 'aria-label')).toMatch(/^Закрыть вкладку /)
    expect(attr(q('profile-menu'), 'aria-label')).toMatch(/^Действия: /)
    expect(document.querySelector('aside[aria-label="Серверы"]')).not.toBeNull()
    expect(attr(document.querySelector('main'), 'aria-label')).toBe('Рабочая область сеансов')
    expect(attr(q('zoom-in'), 'aria-label')).toBe(ru.app.zoomIn)
    // Key names (← → Home End) are the same in both; what they do is translated.
    const described = Object.entries(shellRu.keys).filter(([key]) => !key.endsWith('Keys'))
    for (const [key, text] of described) expect(text, key).not.toBe(shellEn.keys[key as keyof typeof shellEn.keys])
  }, 60_000)
})

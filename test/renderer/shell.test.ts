import { beforeEach, describe, expect, it, vi } from 'vitest'
import App from '../../src-renderer/src/App.vue'
import { SIMULATED_AGENT_VERSION, type RendererWorldOptions } from '../support/renderer-world'
import { mountOverWorld, settle, stopWorldAfterEach } from './app-world'
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

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import App from '../../src-renderer/src/App.vue'
import { createFake, type FakeApi } from './fake'
import { flush, mountWithApp, q, qa, unmountAll } from './mount'

let fake: FakeApi
const settle = async () => {
  for (let i = 0; i < 6; i++) {
    await flush()
    await nextTick()
  }
}

beforeEach(() => localStorage.clear())
afterEach(() => {
  unmountAll()
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
})

describe('app shell', () => {
  it('first start: shows the notice once, offers the demo, opens it in a tab with sessions', async () => {
    fake = await createFake({ empty: true, sessions: 30, notices: [{ kind: 'secrets-unavailable' }] })
    vi.stubGlobal('api', fake)
    mountWithApp(App)
    await settle()
    expect(q('store-notice')!.textContent).toMatch(/cannot be encrypted/)
    expect(q('first-start')).not.toBeNull()
    q('open-demo')!.click()
    await vi.waitFor(() => expect(qa('session-row').length).toBeGreaterThan(0), { timeout: 10_000 })
    const tabs = qa('tab')
    expect(tabs).toHaveLength(1)
    expect(tabs[0]!.dataset.active).toBe('true')
    expect(q('session-counts')!.dataset.total).toBe('30')
    expect(q('profile-status')!.dataset.status).toBe('ok')
    expect(q('profile-version')!.textContent).toContain('8.5.1.1150')
  }, 60_000)

  it('switches the language at run time and remembers it', async () => {
    fake = await createFake({ sessions: 5 })
    vi.stubGlobal('api', fake)
    mountWithApp(App, {}, { locale: 'en' })
    await settle()
    expect(q('profile-add')!.textContent).toContain('Add server')
    q('language-ru')!.click()
    await settle()
    expect(q('profile-add')!.textContent).toContain('Добавить сервер')
    expect(document.documentElement.lang).toBe('ru')
    expect(localStorage.getItem('clusterdesk.locale')).toBe('ru')
  }, 60_000)

  it('shows a failed connection in the sidebar with the translated error', async () => {
    fake = await createFake({ sessions: 5 })
    vi.stubGlobal('api', fake)
    mountWithApp(App, {}, { locale: 'en' })
    await settle()
    const old = qa('profile-item').find((el) => el.textContent!.includes('Старый'))!
    ;(old.querySelector('.cd-profile-main') as HTMLElement).click()
    await vi.waitFor(() => expect(old.dataset.status).toBe('unreachable'), { timeout: 10_000 })
    expect(old.querySelector('[data-testid=profile-error]')!.textContent).toContain('cannot be reached')
    expect(qa('tab')).toHaveLength(0)
  }, 60_000)
})

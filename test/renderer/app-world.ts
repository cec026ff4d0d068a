/**
 * A component (or the whole app) mounted over the real backend of test/support/renderer-world.ts.
 *
 *   stopWorldAfterEach()                              // once per file: unmount, unstub, stop
 *   const { world, pinia } = await startWorld({ sessions: 40, profiles: ['test'] })  // api installed
 *   const { world, wrapper } = await mountOverWorld(LockPanel, { world: { … }, props: { tab } })
 *   const { world } = await startApp({ sessions: 60, profiles: ['test', 'hr'] })  // App, sidebar listed
 *   await openProfile('Тестовый')                     // from the sidebar, until its sessions show
 *   await openInfobase('buh_corp')                    // from the cluster tab's list, until its lock state shows
 *   await openInfobase('zup', INFOBASE_ADMIN)         // …entered from the lock panel's "Enter infobase administrator…"
 *   await mountLockPanel(infobaseTab(…), pinia)       // the lock panel alone, once it shows the lock state
 *   await reloadApp(1)                                // the window reloaded over the same world
 */
import { afterEach, expect, vi } from 'vitest'
import { nextTick, type Component } from 'vue'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import App from '../../src-renderer/src/App.vue'
import LockPanel from '../../src-renderer/src/components/locks/LockPanel.vue'
import { useTabData } from '../../src-renderer/src/stores/tab-data'
import { useTabsStore, type TabDescriptor } from '../../src-renderer/src/stores/tabs'
import {
  INFOBASE_ADMIN,
  startRendererWorld,
  type RendererWorld,
  type RendererWorldOptions,
} from '../support/renderer-world'
import { flush, mountWithApp, q, qa, typeInto, unmountAll } from './mount'

const WAIT = { timeout: 10_000 }

/** Lets timers, promises and Vue's queue run `rounds` times (store actions, teleported dialogs). */
export async function settle(rounds = 6) {
  for (let i = 0; i < rounds; i++) {
    await flush()
    await nextTick()
  }
}

let current: { world: RendererWorld; pinia: Pinia } | undefined

/** Starts a world, installs its api as `window.api` and makes a fresh pinia the active one. */
export async function startWorld(options: RendererWorldOptions = {}) {
  const world = await startRendererWorld(options)
  vi.stubGlobal('api', world.api)
  const pinia = createPinia()
  setActivePinia(pinia)
  current = { world, pinia }
  return current
}

/**
 * Undoes what a test built: the app's tab auto-refresh loops (left running, an old app's tick
 * calls the next test's api and makes its own pinia the active one), the mounted components, the
 * api stub and the world.
 */
export async function stopWorld() {
  const last = current
  current = undefined
  closeApp(last?.pinia)
  vi.unstubAllGlobals()
  await last?.world.stop()
}

/** Stops the tabs' refresh loops of the app on `pinia` (if any) and unmounts everything mounted. */
function closeApp(pinia: Pinia | undefined) {
  if (pinia) {
    setActivePinia(pinia)
    for (const tab of useTabsStore().tabs) if (`tab:${tab.id}` in pinia.state.value) useTabData(tab, pinia).dispose()
  }
  unmountAll()
  document.body.innerHTML = ''
}

/**
 * The window reloaded (Ctrl+R, or the app restarted over a main that kept its state): the app
 * unmounted and mounted again with a fresh pinia over the same world; local storage is kept.
 */
export async function reloadApp(items: number) {
  if (!current) throw new Error('reloadApp: no world started')
  closeApp(current.pinia)
  const pinia = createPinia()
  setActivePinia(pinia)
  current = { world: current.world, pinia }
  mountWithApp(App, undefined, { pinia, locale: 'en' })
  await vi.waitFor(() => expect(qa('profile-item')).toHaveLength(items), WAIT)
  await settle()
  return current
}

export function stopWorldAfterEach() {
  afterEach(stopWorld)
}

/** `component` mounted over a fresh world (the world's pinia, English unless told). */
export async function mountOverWorld(
  component: Component,
  options: { world?: RendererWorldOptions; props?: Record<string, unknown>; locale?: 'en' | 'ru' } = {},
) {
  const { world, pinia } = await startWorld(options.world)
  const wrapper = mountWithApp(component, options.props, { pinia, locale: options.locale ?? 'en' })
  return { world, pinia, wrapper }
}

/** The app over a fresh world (local storage cleared), once its sidebar lists `items` profiles. */
export async function startApp(options: RendererWorldOptions, items = options.profiles?.length ?? 4) {
  localStorage.clear()
  const started = await mountOverWorld(App, { world: options })
  await vi.waitFor(() => expect(qa('profile-item')).toHaveLength(items), WAIT)
  await settle()
  return started
}

/** Opens a profile from the sidebar, typing its "ask every time" password if given, until its first refresh is over. */
export async function openProfile(name: string, password?: string) {
  const item = qa('profile-item').find((el) => el.textContent!.includes(name))!
  ;(item.querySelector('.cd-profile-main') as HTMLElement).click()
  if (password !== undefined) {
    await vi.waitFor(() => expect(q('password-prompt')).not.toBeNull(), WAIT)
    await typeInto('password-input', password)
    q('password-submit')!.click()
  }
  await vi.waitFor(() => expect(qa('session-row').length).toBeGreaterThan(0), WAIT)
  // The rows show before the infobases (their locks probed) arrive: the refresh is over with both.
  await current?.world.control.settled()
  await settle()
}

/**
 * Opens an infobase from the cluster tab's list until its lock panel shows the lock state. With
 * `credentials` (the hr server asks for them) the tab opens without a prompt and the panel says
 * the administrator is needed; its "Enter infobase administrator…" asks, and they are entered.
 */
export async function openInfobase(name: string, credentials?: typeof INFOBASE_ADMIN) {
  qa('infobase-item')
    .find((el) => el.textContent!.includes(name))!
    .click()
  if (credentials) {
    await vi.waitFor(() => expect(q('lock-auth-needed')).not.toBeNull(), WAIT)
    expect(q('credentials-prompt')).toBeNull()
    q('lock-enter-admin')!.click()
    await vi.waitFor(() => expect(q('credentials-prompt')).not.toBeNull(), WAIT)
    await typeInto('credentials-user', credentials.user)
    await typeInto('credentials-password', credentials.password)
    q('credentials-submit')!.click()
  }
  await vi.waitFor(() => expect(q('lock-state')).not.toBeNull(), WAIT)
}

/** The lock panel of an infobase tab, alone, once it shows the lock state. */
export async function mountLockPanel(tab: TabDescriptor, pinia: Pinia) {
  const wrapper = mountWithApp(LockPanel, { tab }, { pinia })
  await vi.waitFor(() => expect(q('lock-state')).not.toBeNull(), WAIT)
  return wrapper
}

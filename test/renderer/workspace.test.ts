import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import App from '../../src-renderer/src/App.vue'
import type { TerminateAllOptions } from '../../src-shared/contract'
import { useTabData } from '../../src-renderer/src/stores/tab-data'
import { useTabsStore } from '../../src-renderer/src/stores/tabs'
import {
  ASK_PASSWORD,
  INFOBASE_ADMIN,
  LOCKED_INFOBASE,
  LOCKED_MESSAGE,
  startRendererWorld,
  type RendererWorld,
} from '../support/renderer-world'
import { flush, mountWithApp, q, qa, typeInto, unmountAll } from './mount'

let world: RendererWorld
let pinia: Pinia
const settle = async () => {
  for (let i = 0; i < 6; i++) {
    await flush()
    await nextTick()
  }
}

/** Names of the infobases whose badge says "locked now", in list order. */
const lockedNames = () =>
  qa('infobase-item')
    .filter((el) => el.querySelector('[data-testid=lock-badge]'))
    .map((el) => el.querySelector('[data-testid=infobase-name]')!.textContent)

/** A server wall-clock time as the app shows it: "2026-11-25 09:00:00" (or to the minute). */
const serverText = (t: number, seconds = true) =>
  new Date(t)
    .toISOString()
    .slice(0, seconds ? 19 : 16)
    .replace('T', ' ')

async function openProfile(name: string) {
  const item = qa('profile-item').find((el) => el.textContent!.includes(name))!
  ;(item.querySelector('.cd-profile-main') as HTMLElement).click()
  await vi.waitFor(() => expect(qa('session-row').length).toBeGreaterThan(0), { timeout: 10_000 })
  await settle()
}

beforeEach(async () => {
  localStorage.clear()
  world = await startRendererWorld({ sessions: 60, profiles: ['test', 'audit', 'hr'] })
  vi.stubGlobal('api', world.api)
  pinia = createPinia()
  mountWithApp(App, {}, { locale: 'en', pinia })
  await vi.waitFor(() => expect(qa('profile-item')).toHaveLength(3), { timeout: 10_000 })
  await settle()
})
afterEach(async () => {
  // Stop this app's auto-refresh loops. Left running, an old app's tick calls the next test's api
  // and, through its store actions, makes its own pinia the active one.
  setActivePinia(pinia)
  for (const tab of useTabsStore().tabs) if (`tab:${tab.id}` in pinia.state.value) useTabData(tab, pinia).dispose()
  unmountAll()
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
  await world.stop()
})

describe('cluster workspace', () => {
  it('terminate all: confirm with the typed count, service sessions kept, result summary, refreshed list', async () => {
    await openProfile('Тестовый')
    const service = world.rows('test').filter((s) => s.isService).length
    const total = Number(q('session-counts')!.dataset.total)
    q('terminate-all')!.click()
    await settle()
    expect(q('terminate-dialog')).not.toBeNull()
    expect(q('terminate-profile')!.textContent).toContain('Тестовый контур')
    expect(q<HTMLButtonElement>('terminate-confirm')!.disabled).toBe(true)
    await typeInto('terminate-typed-count', String(total - service))
    await typeInto('terminate-message', 'Обновление')
    q('terminate-confirm')!.click()
    await vi.waitFor(() => expect(q('terminate-report')).not.toBeNull(), { timeout: 10_000 })
    const call = world.calls('terminateAllSessions')[0]!
    expect(call.args[2] as TerminateAllOptions).toEqual({
      infobase: undefined,
      includeService: false,
      message: 'Обновление',
    })
    expect(Number(q('report-terminated')!.dataset.count)).toBe(total - service)
    await vi.waitFor(() => expect(Number(q('session-counts')!.dataset.total)).toBe(service), { timeout: 10_000 })
  }, 60_000)

  it('read-only profile: terminate actions disabled', async () => {
    const item = qa('profile-item').find((el) => el.textContent!.includes('Аудит'))!
    ;(item.querySelector('.cd-profile-main') as HTMLElement).click()
    await vi.waitFor(() => expect(q('password-prompt')).not.toBeNull(), { timeout: 10_000 })
    await typeInto('password-input', ASK_PASSWORD)
    q('password-submit')!.click()
    await vi.waitFor(() => expect(qa('session-row').length).toBeGreaterThan(0), { timeout: 10_000 })
    await settle()
    expect(q<HTMLButtonElement>('terminate-all')!.disabled).toBe(true)
    qa('session-row')[0]!.click()
    await settle()
    expect(q<HTMLButtonElement>('terminate-selected')!.disabled).toBe(true)
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true }))
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete' }))
    await settle()
    expect(q('terminate-dialog')).toBeNull()
  }, 60_000)

  it('a failed refresh keeps the rows, shows the error and marks the data stale', async () => {
    await openProfile('Тестовый')
    const rowsBefore = qa('session-row').length
    world.control.fail('listSessions', { code: 'NETWORK', message: 'reset', serverMessage: 'Соединение разорвано' })
    q('refresh')!.click()
    await vi.waitFor(() => expect(q('tab-error')).not.toBeNull(), { timeout: 10_000 })
    expect(q('tab-error')!.textContent).toContain('cannot be reached')
    expect(q('tab-error')!.textContent).toContain('Соединение разорвано')
    expect(q('status-line')!.dataset.stale).toBe('true')
    expect(qa('session-row')).toHaveLength(rowsBefore)
  }, 60_000)
})

describe('infobase tab and lock panel', () => {
  it('asks for infobase admin credentials, retries and shows the lock state', async () => {
    // The hr server requires the infobase administrator to read or change infobase settings.
    await openProfile('Кадры')
    const zup = qa('infobase-item').find((el) => el.textContent!.includes('zup'))!
    zup.click()
    await vi.waitFor(() => expect(q('credentials-prompt')).not.toBeNull(), { timeout: 10_000 })
    await typeInto('credentials-user', INFOBASE_ADMIN.user)
    await typeInto('credentials-password', INFOBASE_ADMIN.password)
    q('credentials-submit')!.click()
    await vi.waitFor(() => expect(q('lock-state')).not.toBeNull(), { timeout: 10_000 })
    expect(q('lock-state')!.dataset.sessionsDeny).toBe('false')
    const active = qa('tab').find((t) => t.dataset.active === 'true')!
    expect(active.dataset.kind).toBe('infobase')
    // The infobase grid hides the infobase column.
    expect(document.querySelector('[data-col-key="infobaseName"]')).toBeNull()
  }, 60_000)

  it('locks with the credentials the panel keeps (reactive state crosses the cloning bridge)', async () => {
    await openProfile('Кадры')
    qa('infobase-item')
      .find((el) => el.textContent!.includes('zup'))!
      .click()
    await vi.waitFor(() => expect(q('credentials-prompt')).not.toBeNull(), { timeout: 10_000 })
    await typeInto('credentials-user', INFOBASE_ADMIN.user)
    await typeInto('credentials-password', INFOBASE_ADMIN.password)
    q('credentials-submit')!.click()
    await vi.waitFor(() => expect(q('lock-state')).not.toBeNull(), { timeout: 10_000 })
    q('lock-open')!.click()
    await settle()
    await typeInto('lock-message', 'Обновление')
    q('lock-confirm')!.click()
    await vi.waitFor(() => expect(q('lock-state')!.dataset.sessionsDeny).toBe('true'), { timeout: 10_000 })
    expect(world.calls('setInfobaseLock')[0]!.args[4]).toMatchObject({ user: INFOBASE_ADMIN.user })
    expect(world.infobase('hr', 'zup').sessionsDeny).toBe(true)
  }, 60_000)

  it('shows the lock badge for locked infobases and the lock fields in server time', async () => {
    await openProfile('Тестовый')
    const locked = qa('infobase-item').filter((el) => el.querySelector('[data-testid=lock-badge]'))
    expect(lockedNames()).toEqual([LOCKED_INFOBASE])
    expect(q('lock-badge')!.dataset.phase).toBe('active')
    locked[0]!.click()
    await vi.waitFor(() => expect(q('lock-state')).not.toBeNull(), { timeout: 10_000 })
    expect(q('lock-state')!.dataset.sessionsDeny).toBe('true')
    expect(q('lock-state')!.dataset.phase).toBe('active')
    expect(q('lock-state')!.textContent).toContain('Denied now: the lock is in effect')
    expect(q('lock-state-from')!.textContent).toBe(serverText(world.infobase('test', LOCKED_INFOBASE).deniedFrom!))
    expect(q('lock-state-message')!.textContent).toBe(LOCKED_MESSAGE)
    expect(q('lock-state-jobs')!.dataset.jobsDeny).toBe('true')

    // Unlock: one click, one confirmation.
    q('lock-unlock')!.click()
    await settle()
    expect(world.calls('clearInfobaseLock')).toHaveLength(0)
    q('dialog-confirm')!.click()
    await vi.waitFor(() => expect(q('lock-state')!.dataset.sessionsDeny).toBe('false'), { timeout: 10_000 })
    expect(world.calls('clearInfobaseLock')).toHaveLength(1)
    expect(world.infobase('test', LOCKED_INFOBASE).sessionsDeny).toBe(false)
  }, 60_000)

  it('locks from the dialog: "from" untouched is sent as null, the panel shows the new state', async () => {
    await openProfile('Тестовый')
    qa('infobase-item')
      .find((el) => el.textContent!.includes('buh_corp'))!
      .click()
    await vi.waitFor(() => expect(q('lock-state')).not.toBeNull(), { timeout: 10_000 })
    q('lock-open')!.click()
    await settle()
    await typeInto('lock-message', 'Плановое обновление')
    q('lock-confirm')!.click()
    await vi.waitFor(() => expect(q('lock-state')!.dataset.sessionsDeny).toBe('true'), { timeout: 10_000 })
    const args = world.calls('setInfobaseLock')[0]!.args[3] as { from: unknown; message: string }
    expect(args.from).toBeNull()
    expect(args.message).toBe('Плановое обновление')
    expect(q('lock-state-message')!.textContent).toBe('Плановое обновление')
    // The cluster tab's infobase list (lock badges) is re-read after the lock was set.
    const methods = world.control.calls.map((c) => c.method)
    expect(methods.slice(methods.indexOf('setInfobaseLock'))).toContain('listInfobases')
    qa('tab')[0]!.click()
    await vi.waitFor(() => expect(lockedNames()).toEqual(['buh_corp', LOCKED_INFOBASE]), { timeout: 10_000 })
  }, 60_000)

  it('list and panel say whether a lock is in effect, scheduled or expired (server time); unlock keeps the last settings', async () => {
    // Set on the server: one lock starts in two hours, one ended an hour ago (its wall clock).
    const minute = 60_000
    const now = Math.floor(world.serverNow() / minute) * minute
    const lock = (deniedFrom: number, deniedTo: number | null) => ({
      sessionsDeny: true,
      deniedFrom,
      deniedTo,
      deniedMessage: 'Обновление',
      permissionCode: 'K1',
      scheduledJobsDeny: false,
    })
    const startsAt = now + 120 * minute
    const endedAt = now - 60 * minute
    world.lockInfobase('test', 'buh_corp', lock(startsAt, null))
    world.lockInfobase('test', 'ut11', lock(now - 180 * minute, endedAt))

    await openProfile('Тестовый')
    expect(lockedNames()).toEqual([LOCKED_INFOBASE])
    const standing = qa('lock-standing').map((el) => [el.dataset.phase, el.textContent!.trim()])
    expect(standing).toEqual([
      ['scheduled', `lock from ${serverText(startsAt, false)}`],
      ['expired', `lock ended ${serverText(endedAt, false)}`],
    ])

    qa('infobase-item')
      .find((el) => el.textContent!.includes('buh_corp'))!
      .click()
    await vi.waitFor(() => expect(q('lock-state')?.dataset.phase).toBe('scheduled'), { timeout: 10_000 })
    expect(q('lock-state')!.textContent).toContain(`Allowed until ${serverText(startsAt)}`)
    expect(q('lock-last-settings')).toBeNull()

    q('lock-unlock')!.click()
    await settle()
    q('dialog-confirm')!.click()
    await vi.waitFor(() => expect(q('lock-state')!.dataset.phase).toBe('off'), { timeout: 10_000 })
    expect(q('lock-state')!.textContent).toContain('Allowed')
    expect(q('lock-last-settings')).not.toBeNull()
    expect(q('lock-state-message')!.textContent).toBe('Обновление')
    expect(q('lock-state-from')!.textContent).toBe(serverText(startsAt))
    expect(world.infobase('test', 'buh_corp').sessionsDeny).toBe(false)
  }, 60_000)
})

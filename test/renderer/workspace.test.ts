import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import App from '../../src-renderer/src/App.vue'
import type { LockInput, TerminateAllOptions } from '../../src-shared/contract'
import { useTabData } from '../../src-renderer/src/stores/tab-data'
import { useTabsStore } from '../../src-renderer/src/stores/tabs'
import { callsOf, createFake, type FakeApi } from './fake'
import { flush, mountWithApp, q, qa, typeInto, unmountAll } from './mount'

let fake: FakeApi
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

async function openProfile(name: string) {
  const item = qa('profile-item').find((el) => el.textContent!.includes(name))!
  ;(item.querySelector('.cd-profile-main') as HTMLElement).click()
  await vi.waitFor(() => expect(qa('session-row').length).toBeGreaterThan(0), { timeout: 10_000 })
  await settle()
}

beforeEach(async () => {
  localStorage.clear()
  fake = await createFake({ sessions: 60 })
  vi.stubGlobal('api', fake)
  pinia = createPinia()
  mountWithApp(App, {}, { locale: 'en', pinia })
  await settle()
})
afterEach(() => {
  // Stop this app's auto-refresh loops. Left running, an old app's tick calls the next test's fake
  // and, through its store actions, makes its own pinia the active one.
  setActivePinia(pinia)
  for (const tab of useTabsStore().tabs) if (`tab:${tab.id}` in pinia.state.value) useTabData(tab, pinia).dispose()
  unmountAll()
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
})

describe('cluster workspace', () => {
  it('terminate all: confirm with the checkbox, service sessions kept, result summary, refreshed list', async () => {
    await openProfile('Тестовый')
    const service = fake.control.sessions(undefined).filter((s) => s.isService).length
    const total = Number(q('session-counts')!.dataset.total)
    q('terminate-all')!.click()
    await settle()
    expect(q('terminate-dialog')).not.toBeNull()
    expect(q('terminate-profile')!.textContent).toContain('Тестовый контур')
    expect(q<HTMLButtonElement>('terminate-confirm')!.disabled).toBe(true)
    q('terminate-ack')!.click()
    await settle()
    await typeInto('terminate-message', 'Обновление')
    q('terminate-confirm')!.click()
    await vi.waitFor(() => expect(q('terminate-report')).not.toBeNull(), { timeout: 10_000 })
    const call = callsOf(fake, 'terminateAllSessions')[0]!
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
    await typeInto('password-input', fake.control.askPassword)
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
    fake.control.fail('listSessions', { code: 'NETWORK', message: 'reset', serverMessage: 'Соединение разорвано' })
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
    await openProfile('Тестовый')
    const zup = qa('infobase-item').find((el) => el.textContent!.includes('zup_prod'))!
    zup.click()
    await vi.waitFor(() => expect(q('credentials-prompt')).not.toBeNull(), { timeout: 10_000 })
    await typeInto('credentials-user', fake.control.infobaseAdmin.user)
    await typeInto('credentials-password', fake.control.infobaseAdmin.password)
    q('credentials-submit')!.click()
    await vi.waitFor(() => expect(q('lock-state')).not.toBeNull(), { timeout: 10_000 })
    expect(q('lock-state')!.dataset.sessionsDeny).toBe('false')
    const active = qa('tab').find((t) => t.dataset.active === 'true')!
    expect(active.dataset.kind).toBe('infobase')
    // The infobase grid hides the infobase column.
    expect(document.querySelector('[data-col-key="infobaseName"]')).toBeNull()
  }, 60_000)

  it('locks with the credentials the panel keeps (reactive state crosses the cloning bridge)', async () => {
    await openProfile('Тестовый')
    qa('infobase-item')
      .find((el) => el.textContent!.includes('zup_prod'))!
      .click()
    await vi.waitFor(() => expect(q('credentials-prompt')).not.toBeNull(), { timeout: 10_000 })
    await typeInto('credentials-user', fake.control.infobaseAdmin.user)
    await typeInto('credentials-password', fake.control.infobaseAdmin.password)
    q('credentials-submit')!.click()
    await vi.waitFor(() => expect(q('lock-state')).not.toBeNull(), { timeout: 10_000 })
    q('lock-open')!.click()
    await settle()
    await typeInto('lock-message', 'Обновление')
    q('lock-confirm')!.click()
    await vi.waitFor(() => expect(q('lock-state')!.dataset.sessionsDeny).toBe('true'), { timeout: 10_000 })
    expect(callsOf(fake, 'setInfobaseLock')[0]!.args[4]).toMatchObject({ user: fake.control.infobaseAdmin.user })
  }, 60_000)

  it('shows the lock badge for locked infobases and the lock fields in server time', async () => {
    await openProfile('Тестовый')
    const locked = qa('infobase-item').filter((el) => el.querySelector('[data-testid=lock-badge]'))
    expect(lockedNames()).toEqual(['buh_copy'])
    expect(q('lock-badge')!.dataset.phase).toBe('active')
    locked[0]!.click()
    await vi.waitFor(() => expect(q('lock-state')).not.toBeNull(), { timeout: 10_000 })
    expect(q('lock-state')!.dataset.sessionsDeny).toBe('true')
    expect(q('lock-state')!.dataset.phase).toBe('active')
    expect(q('lock-state')!.textContent).toContain('Denied now: the lock is in effect')
    expect(q('lock-state-from')!.textContent).toBe('2026-11-25 09:00:00')
    expect(q('lock-state-message')!.textContent).toBe('Тестовая база обновляется')
    expect(q('lock-state-jobs')!.dataset.jobsDeny).toBe('true')

    // Unlock: one click, one confirmation.
    q('lock-unlock')!.click()
    await settle()
    expect(callsOf(fake, 'clearInfobaseLock')).toHaveLength(0)
    q('dialog-confirm')!.click()
    await vi.waitFor(() => expect(q('lock-state')!.dataset.sessionsDeny).toBe('false'), { timeout: 10_000 })
    expect(callsOf(fake, 'clearInfobaseLock')).toHaveLength(1)
  }, 60_000)

  it('locks from the dialog: "from" untouched is sent as null, the panel shows the new state', async () => {
    await openProfile('Тестовый')
    qa('infobase-item')
      .find((el) => el.textContent!.includes('buh_prod'))!
      .click()
    await vi.waitFor(() => expect(q('lock-state')).not.toBeNull(), { timeout: 10_000 })
    q('lock-open')!.click()
    await settle()
    await typeInto('lock-message', 'Плановое обновление')
    q('lock-confirm')!.click()
    await vi.waitFor(() => expect(q('lock-state')!.dataset.sessionsDeny).toBe('true'), { timeout: 10_000 })
    const args = callsOf(fake, 'setInfobaseLock')[0]!.args[3] as { from: unknown; message: string }
    expect(args.from).toBeNull()
    expect(args.message).toBe('Плановое обновление')
    expect(q('lock-state-message')!.textContent).toBe('Плановое обновление')
    // The cluster tab's infobase list (lock badges) is re-read after the lock was set.
    const methods = fake.control.calls.map((c) => c.method)
    expect(methods.slice(methods.indexOf('setInfobaseLock'))).toContain('listInfobases')
    qa('tab')[0]!.click()
    await vi.waitFor(() => expect(lockedNames()).toEqual(['buh_copy', 'buh_prod']), { timeout: 10_000 })
  }, 60_000)

  it('list and panel say whether a lock is in effect, scheduled or expired (server time); unlock keeps the last settings', async () => {
    // The fake server's now is 2026-11-25 10:00:00.
    const conn = await fake.connect('p2')
    if (!conn.ok) throw new Error('connect')
    const cluster = conn.value.clusters[0]!.cluster
    const ibs = await fake.listInfobases('p2', cluster)
    if (!ibs.ok) throw new Error('list')
    const id = (name: string) => ibs.value.find((i) => i.name === name)!.infobase
    const lock = (from: number, to: number | null): LockInput => ({
      message: 'Обновление',
      permissionCode: 'K1',
      from,
      to,
      scheduledJobsDeny: false,
    })
    await fake.setInfobaseLock('p2', cluster, id('buh_prod'), lock(Date.UTC(2026, 10, 25, 12, 0), null))
    await fake.setInfobaseLock(
      'p2',
      cluster,
      id('ut11'),
      lock(Date.UTC(2026, 10, 25, 7, 0), Date.UTC(2026, 10, 25, 9, 0)),
    )

    await openProfile('Тестовый')
    expect(lockedNames()).toEqual(['buh_copy'])
    const standing = qa('lock-standing').map((el) => [el.dataset.phase, el.textContent!.trim()])
    expect(standing).toEqual([
      ['scheduled', 'lock from 2026-11-25 12:00'],
      ['expired', 'lock ended 2026-11-25 09:00'],
    ])

    qa('infobase-item')
      .find((el) => el.textContent!.includes('buh_prod'))!
      .click()
    await vi.waitFor(() => expect(q('lock-state')?.dataset.phase).toBe('scheduled'), { timeout: 10_000 })
    expect(q('lock-state')!.textContent).toContain('Allowed until 2026-11-25 12:00:00')
    expect(q('lock-last-settings')).toBeNull()

    q('lock-unlock')!.click()
    await settle()
    q('dialog-confirm')!.click()
    await vi.waitFor(() => expect(q('lock-state')!.dataset.phase).toBe('off'), { timeout: 10_000 })
    expect(q('lock-state')!.textContent).toContain('Allowed')
    expect(q('lock-last-settings')).not.toBeNull()
    expect(q('lock-state-message')!.textContent).toBe('Обновление')
    expect(q('lock-state-from')!.textContent).toBe('2026-11-25 12:00:00')
  }, 60_000)
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import App from '../../src-renderer/src/App.vue'
import type { TerminateAllOptions } from '../../src-preload/contract'
import { callsOf, createFake, type FakeApi } from './fake'
import { flush, mountWithApp, q, qa, typeInto, unmountAll } from './mount'

let fake: FakeApi
const settle = async () => {
  for (let i = 0; i < 6; i++) {
    await flush()
    await nextTick()
  }
}

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
  mountWithApp(App, {}, { locale: 'en' })
  await settle()
})
afterEach(() => {
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

  it('shows the lock badge for locked infobases and the lock fields in server time', async () => {
    await openProfile('Тестовый')
    const locked = qa('infobase-item').filter((el) => el.querySelector('[data-testid=lock-badge]'))
    expect(locked.map((el) => el.querySelector('[data-testid=infobase-name]')!.textContent)).toEqual(['buh_copy'])
    locked[0]!.click()
    await vi.waitFor(() => expect(q('lock-state')).not.toBeNull(), { timeout: 10_000 })
    expect(q('lock-state')!.dataset.sessionsDeny).toBe('true')
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
    const infobaseLists = callsOf(fake, 'listInfobases').length
    await typeInto('lock-message', 'Плановое обновление')
    q('lock-confirm')!.click()
    await vi.waitFor(() => expect(q('lock-state')!.dataset.sessionsDeny).toBe('true'), { timeout: 10_000 })
    const args = callsOf(fake, 'setInfobaseLock')[0]!.args[3] as { from: unknown; message: string }
    expect(args.from).toBeNull()
    expect(args.message).toBe('Плановое обновление')
    expect(q('lock-state-message')!.textContent).toBe('Плановое обновление')
    // The cluster tab's infobase list (lock badges) is refreshed too.
    await vi.waitFor(() => expect(callsOf(fake, 'listInfobases').length).toBeGreaterThan(infobaseLists), {
      timeout: 10_000,
    })
    qa('tab')[0]!.click()
    await vi.waitFor(
      () => expect(qa('infobase-item').filter((el) => el.querySelector('[data-testid=lock-badge]')).length).toBe(2),
      { timeout: 10_000 },
    )
  }, 60_000)
})

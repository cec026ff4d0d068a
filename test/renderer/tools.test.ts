import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import App from '../../src-renderer/src/App.vue'
import { callsOf, createFake, type FakeApi } from './fake'
import { flush, mountWithApp, q, qa, typeInto, unmountAll } from './mount'

let fake: FakeApi
const settle = async () => {
  for (let i = 0; i < 6; i++) {
    await flush()
    await nextTick()
  }
}

async function openProfile(name: string, password?: string) {
  const item = qa('profile-item').find((el) => el.textContent!.includes(name))!
  ;(item.querySelector('.cd-profile-main') as HTMLElement).click()
  if (password !== undefined) {
    await vi.waitFor(() => expect(q('password-prompt')).not.toBeNull(), { timeout: 10_000 })
    await typeInto('password-input', password)
    q('password-submit')!.click()
  }
  await vi.waitFor(() => expect(qa('session-row').length).toBeGreaterThan(0), { timeout: 10_000 })
  await settle()
}

async function openRuleDialog() {
  q('tools-menu')!.click()
  await settle()
  q('rule-terminate-open')!.click()
  await settle()
  expect(q('rule-terminate')).not.toBeNull()
}

const previewCount = () => Number(q('rule-preview-count')!.dataset.count)
const confirmButton = () => q<HTMLButtonElement>('rule-confirm')!

beforeEach(async () => {
  localStorage.clear()
  fake = await createFake({ sessions: 40 })
  vi.stubGlobal('api', fake)
  mountWithApp(App, {}, { locale: 'en' })
  await settle()
})
afterEach(() => {
  unmountAll()
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
})

describe('terminate by rule', () => {
  it('protected profile: typed count and a second click; only the frozen ids are sent', async () => {
    await openProfile('Бухгалтерия')
    await openRuleDialog()
    expect(previewCount()).toBe(0)
    await typeInto('rule-user-mask', '*')
    const users = fake.control.sessions().filter((s) => !s.isService)
    expect(users.length).toBeGreaterThan(10)
    expect(previewCount()).toBe(users.length)
    expect(qa('rule-preview-row').map((r) => r.dataset.session)).toEqual(users.map((s) => s.session))

    q('rule-freeze')!.click()
    await settle()
    expect(q('rule-terminate')!.dataset.phase).toBe('review')
    const frozen = users.map((s) => s.session)
    // The cluster changes after the freeze: two sessions end, three start.
    const gone = fake.control
      .sessions()
      .slice(0, 2)
      .filter((s) => frozen.includes(s.session)).length
    expect(gone).toBeGreaterThan(0) // the report must show "already gone" too
    fake.control.churn(3, 2)
    q('rule-refresh')!.click()
    await vi.waitFor(() => expect(Number(q('session-counts')!.dataset.total)).toBe(fake.control.sessions().length), {
      timeout: 10_000,
    })
    expect(qa('rule-preview-row').filter((r) => r.classList.contains('cd-gone')).length).toBe(gone)
    expect(previewCount()).toBe(frozen.length)

    expect(confirmButton().disabled).toBe(true)
    await typeInto('rule-typed-count', String(frozen.length + 1))
    expect(confirmButton().disabled).toBe(true)
    await typeInto('rule-typed-count', String(frozen.length))
    expect(confirmButton().disabled).toBe(false)
    expect(q('rule-protected-hint')).not.toBeNull()
    await typeInto('rule-message', 'Плановые работы')
    confirmButton().click()
    await settle()
    expect(confirmButton().dataset.armed).toBe('true')
    expect(callsOf(fake, 'terminateSessions')).toHaveLength(0)
    confirmButton().click()
    await vi.waitFor(() => expect(q('terminate-report')).not.toBeNull(), { timeout: 10_000 })
    const call = callsOf(fake, 'terminateSessions')[0]!
    expect(call.args[2]).toEqual(frozen)
    expect(call.args[3]).toBe('Плановые работы')
    expect(Number(q('report-terminated')!.dataset.count)).toBe(frozen.length - gone)
    expect(Number(q('report-gone')!.dataset.count)).toBe(gone)
    q('report-close')!.click()
    await settle()
    expect(q('rule-terminate')).toBeNull()
  }, 60_000)

  it('read-only profile: the preview works, terminating is disabled with the reason', async () => {
    await openProfile('Аудит', fake.control.askPassword)
    await openRuleDialog()
    await typeInto('rule-user-mask', '*')
    expect(previewCount()).toBeGreaterThan(0)
    q('rule-freeze')!.click()
    await settle()
    expect(q('rule-readonly')).not.toBeNull()
    expect(confirmButton().disabled).toBe(true)
    expect(q('rule-typed-count')).toBeNull()
    q('rule-back')!.click()
    await settle()
    expect(q('rule-terminate')!.dataset.phase).toBe('build')
    expect(callsOf(fake, 'terminateSessions')).toHaveLength(0)
  }, 60_000)
})

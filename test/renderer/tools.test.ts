import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ASK_PASSWORD, type RendererWorld } from '../support/renderer-world'
import { openProfile, settle, startApp, stopWorldAfterEach } from './app-world'
import { q, qa, typeInto } from './mount'

let world: RendererWorld

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
  ;({ world } = await startApp({ sessions: 40, profiles: ['prod', 'audit'] }))
})
stopWorldAfterEach()

describe('terminate by rule', () => {
  it('protected profile, more than 10 sessions: the typed count; only the frozen ids are sent', async () => {
    await openProfile('Бухгалтерия')
    await openRuleDialog()
    expect(previewCount()).toBe(0)
    await typeInto('rule-user-mask', '*')
    const users = world.rows('prod').filter((s) => !s.isService)
    expect(users.length).toBeGreaterThan(10)
    expect(previewCount()).toBe(users.length)
    expect(qa('rule-preview-row').map((r) => r.dataset.session)).toEqual(users.map((s) => s.session))

    q('rule-freeze')!.click()
    await settle()
    expect(q('rule-terminate')!.dataset.phase).toBe('review')
    const frozen = users.map((s) => s.session)
    // The cluster changes after the freeze: two sessions end, three start.
    const gone = world
      .rows('prod')
      .slice(0, 2)
      .filter((s) => frozen.includes(s.session)).length
    expect(gone).toBeGreaterThan(0) // the report must show "already gone" too
    world.churn('prod', 3, 2)
    q('rule-refresh')!.click()
    await vi.waitFor(() => expect(Number(q('session-counts')!.dataset.total)).toBe(world.rows('prod').length), {
      timeout: 10_000,
    })
    expect(qa('rule-preview-row').filter((r) => r.classList.contains('cd-gone')).length).toBe(gone)
    expect(previewCount()).toBe(frozen.length)

    expect(confirmButton().disabled).toBe(true)
    await typeInto('terminate-typed-count', String(frozen.length + 1))
    expect(confirmButton().disabled).toBe(true)
    await typeInto('terminate-typed-count', String(frozen.length))
    expect(confirmButton().disabled).toBe(false)
    expect(q('terminate-protected-hint')).toBeNull() // one rule: the typed count is the whole friction
    await typeInto('rule-message', 'Плановые работы')
    expect(world.calls('terminateSessions')).toHaveLength(0)
    confirmButton().click()
    await vi.waitFor(() => expect(q('terminate-report')).not.toBeNull(), { timeout: 10_000 })
    const call = world.calls('terminateSessions')[0]!
    expect(call.args[2]).toEqual(frozen)
    expect(call.args[3]).toBe('Плановые работы')
    expect(Number(q('report-terminated')!.dataset.count)).toBe(frozen.length - gone)
    expect(Number(q('report-gone')!.dataset.count)).toBe(gone)
    // On the server: every frozen session that was still there has ended, with the message.
    const ended = world.sim('prod').terminated
    expect(ended).toHaveLength(frozen.length - gone)
    expect(ended.every((t) => t.message === 'Плановые работы')).toBe(true)
    q('report-close')!.click()
    await settle()
    expect(q('rule-terminate')).toBeNull()
  }, 60_000)

  it('read-only profile: the preview works, terminating is disabled with the reason', async () => {
    await openProfile('Аудит', ASK_PASSWORD)
    await openRuleDialog()
    await typeInto('rule-user-mask', '*')
    expect(previewCount()).toBeGreaterThan(0)
    q('rule-freeze')!.click()
    await settle()
    expect(q('terminate-readonly')).not.toBeNull()
    expect(confirmButton().disabled).toBe(true)
    expect(q('terminate-typed-count')).toBeNull()
    q('rule-back')!.click()
    await settle()
    expect(q('rule-terminate')!.dataset.phase).toBe('build')
    expect(world.calls('terminateSessions')).toHaveLength(0)
  }, 60_000)
})

/**
 * One terminate flow for every entry point: the friction rule as a table, two terminates at once
 * each following only its own progress, the report, and the mounted dialogs over the real backend
 * (test/support/renderer-world.ts: the simulator on loopback, the real services and api).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, watch } from 'vue'
import type { Pinia } from 'pinia'
import App from '../../src-renderer/src/App.vue'
import type { ProtectionLevel, TerminateReport } from '../../src-shared/contract'
import { terminateFriction, typedCountMatches, type Friction } from '../../src-renderer/src/format/terminate-friction'
import { useTerminateFlow, type TerminateProgress } from '../../src-renderer/src/composables/terminate-flow'
import TerminateDialog from '../../src-renderer/src/components/terminate/TerminateDialog.vue'
import TerminateReportDialog from '../../src-renderer/src/components/terminate/TerminateReport.vue'
import RunbookDialog from '../../src-renderer/src/components/runbook/RunbookDialog.vue'
import SessionRowActions from '../../src-renderer/src/components/sessions/SessionRowActions.vue'
import type { RendererWorld } from '../support/renderer-world'
import { openProfile as openFromSidebar, settle, startWorld, stopWorldAfterEach } from './app-world'
import { runbookProps } from './fixtures'
import { commitNumber, mountWithApp, q, qa, typeInto } from './mount'

describe('the friction rule', () => {
  const cases: Array<[ProtectionLevel, number, boolean, Friction['kind'], string?]> = [
    ['read-only', 1, false, 'refused', 'read-only'],
    ['read-only', 50, true, 'refused', 'read-only'],
    ['normal', 0, true, 'refused', 'nothing'],
    ['normal', 1, false, 'confirm'],
    ['protected', 1, false, 'second-click'],
    ['normal', 2, false, 'confirm-count'],
    ['normal', 10, false, 'confirm-count'],
    ['protected', 2, false, 'type-count', 'protected'],
    ['protected', 10, false, 'type-count', 'protected'],
    ['normal', 11, false, 'type-count', 'many'],
    ['protected', 11, false, 'type-count', 'many'],
    ['normal', 1, true, 'type-count', 'all'],
    ['normal', 5, true, 'type-count', 'all'],
    ['protected', 5, true, 'type-count', 'all'],
  ]
  it.each(cases)('%s profile, %i session(s), all=%s → %s %s', (protection, count, all, kind, detail) => {
    const f = terminateFriction({ protection, count, all })
    expect(f.kind).toBe(kind)
    if (f.kind === 'refused') expect(f.reason).toBe(detail)
    if (f.kind === 'type-count') expect(f.why).toBe(detail)
  })

  it('a typed count matches only the number itself (group spaces allowed)', () => {
    expect(typedCountMatches('12', 12)).toBe(true)
    expect(typedCountMatches(' 1 234 ', 1234)).toBe(true)
    expect(typedCountMatches('1\u00a0234', 1234)).toBe(true)
    expect(typedCountMatches('11', 12)).toBe(false)
    expect(typedCountMatches('012', 12)).toBe(false)
    expect(typedCountMatches('', 0)).toBe(false)
  })
})

let world: RendererWorld
let pinia: Pinia

beforeEach(async () => {
  localStorage.clear()
  ;({ world, pinia } = await startWorld({ sessions: 40, profiles: ['prod', 'test', 'audit'] }))
})
stopWorldAfterEach()

/** `count` terminate flows, set up the way a component sets one up (toasts need the app's providers). */
function mountFlows(count: number): Array<ReturnType<typeof useTerminateFlow>> {
  const flows: Array<ReturnType<typeof useTerminateFlow>> = []
  const Host = defineComponent({
    setup() {
      for (let i = 0; i < count; i++) flows.push(useTerminateFlow())
      return () => h('div')
    },
  })
  mountWithApp(Host, {}, { pinia })
  return flows
}

describe('useTerminateFlow', () => {
  it('two terminates at once: each follows only its own progress and gets its own report', async () => {
    world.sim('test').faults.latencyMs = 15 // both stay in flight together
    const users = world.rows('test').filter((r) => !r.isService)
    const scope = { profileId: world.id('test'), clusterId: world.clusterId('test') }
    const seen: TerminateProgress[][] = [[], []]
    const flows = mountFlows(2)
    flows.forEach((flow, i) => watch(flow.progress, (p) => p && seen[i]!.push(p), { flush: 'sync' }))
    const [a, b] = [users.slice(0, 3), users.slice(3, 8)]
    const runs = [
      flows[0]!.run(scope, { sessionIds: a.map((r) => r.session), message: 'A' }),
      flows[1]!.run(scope, { sessionIds: b.map((r) => r.session), message: 'B' }),
    ]
    await vi.waitFor(() => expect(flows.every((f) => f.busy.value)).toBe(true))
    expect(await Promise.all(runs)).toEqual([true, true])
    expect(seen[0]!.every((p) => p.total === 3)).toBe(true)
    expect(seen[1]!.every((p) => p.total === 5)).toBe(true)
    expect(seen[0]!.at(-1)).toEqual({ done: 3, total: 3 })
    expect(seen[1]!.at(-1)).toEqual({ done: 5, total: 5 })
    expect(flows.map((f) => f.report.value?.terminated)).toEqual([3, 5])
    expect(flows.every((f) => !f.busy.value && f.progress.value === null)).toBe(true)
    const sent = world.calls('terminateSessions').map((c) => c.args[4])
    expect(new Set(sent).size).toBe(2) // a fresh operation id per run
  })

  it('a failed call is shown as a message and leaves no report', async () => {
    const [flow] = mountFlows(1)
    world.control.fail('terminateSessions', { code: 'NETWORK', message: 'reset' })
    const scope = { profileId: world.id('test'), clusterId: world.clusterId('test') }
    const ok = await flow!.run(scope, { sessionIds: [world.rows('test')[0]!.session], message: '' })
    expect(ok).toBe(false)
    expect(flow!.report.value).toBeNull()
    await vi.waitFor(() => expect(document.body.textContent).toMatch(/cannot be reached/i))
  })
})

describe('the report', () => {
  it('counts terminated and already gone from a real terminate; failed sessions with the reason', async () => {
    const [alive, ended] = world.rows('test').filter((r) => !r.isService)
    const sim = world.sim('test')
    sim.world.removeSession(sim.world.requireCluster(), ended!.session)
    const r = await world.api.terminateSessions(
      world.id('test'),
      world.clusterId('test'),
      [alive!.session, ended!.session],
      '',
    )
    if (!r.ok) throw new Error(r.error.message)
    const report: TerminateReport = {
      ...r.value,
      failed: 1,
      results: [
        ...r.value.results,
        {
          session: '00000000-0000-4000-8000-000000000001',
          sessionId: 77,
          userName: 'Петров',
          outcome: 'failed',
          error: { code: 'SERVER', message: 'x', serverMessage: 'Сеанс выполняет критическую операцию' },
        },
      ],
    }
    mountWithApp(TerminateReportDialog, { report }, { pinia })
    await settle()
    expect(q('report-terminated')!.dataset.count).toBe('1')
    expect(q('report-gone')!.dataset.count).toBe('1')
    expect(q('report-failed')!.dataset.count).toBe('1')
    expect(q('report-failures')!.textContent).toContain('Петров')
    expect(q('report-failures')!.textContent).toContain('Сеанс выполняет критическую операцию')
  })
})

describe('the confirmation, mounted', () => {
  const mountDialog = (key: 'prod' | 'test' | 'audit', mode: 'one' | 'selected' | 'all', count?: number) => {
    const rows = world.rows(key)
    const confirmed: unknown[] = []
    mountWithApp(
      TerminateDialog,
      {
        show: true,
        mode,
        rows: count === undefined ? rows : rows.filter((r) => !r.isService).slice(0, count),
        profile: world.profile(key),
        clusterName: 'Main',
        onConfirm: (c: unknown) => confirmed.push(c),
      },
      { pinia },
    )
    return confirmed
  }
  const confirm = () => q<HTMLButtonElement>('terminate-confirm')!

  it('read-only profile: refused, the reason shown, nothing to type', async () => {
    const confirmed = mountDialog('audit', 'one', 1)
    await settle()
    expect(q('terminate-friction')!.dataset.friction).toBe('refused')
    expect(q('terminate-readonly')!.textContent).toMatch(/read-only/i)
    expect(confirm().disabled).toBe(true)
    expect(q('terminate-typed-count')).toBeNull()
    confirm().click()
    await settle()
    expect(confirmed).toHaveLength(0)
  })

  it('2–10 sessions, normal profile: one click, the count on the button', async () => {
    const confirmed = mountDialog('test', 'selected', 4)
    await settle()
    expect(confirm().textContent).toContain('4')
    expect(q('terminate-typed-count')).toBeNull()
    confirm().click()
    await settle()
    expect(confirmed).toHaveLength(1)
  })

  it('"all", normal profile: the typed count, labelled for assistive technology', async () => {
    world.sim('test').world.addSession(undefined, { appId: 'BackgroundJob', userName: '' })
    const confirmed = mountDialog('test', 'all')
    await settle()
    const count = q('terminate-count')!.dataset.count!
    const input = q('terminate-typed-count')!.querySelector('input')!
    expect(document.querySelector(`label[for="${input.id}"]`)!.textContent).toContain(count)
    expect(confirm().disabled).toBe(true)
    await typeInto('terminate-typed-count', String(Number(count) - 1))
    expect(confirm().disabled).toBe(true)
    await typeInto('terminate-typed-count', count)
    expect(confirm().disabled).toBe(false)
    // Including service sessions changes the count: the typed one no longer confirms.
    q('terminate-include-service')!.click()
    await settle()
    expect(q('terminate-count')!.dataset.count).not.toBe(count)
    expect(confirm().disabled).toBe(true)
    expect(confirmed).toHaveLength(0)
  })
})

describe('the row actions of find-user and hotspots', () => {
  it('read-only: both disabled, the reason in the title and as their description', async () => {
    const pressed: string[] = []
    const reason = 'Read-only profile: no terminate'
    mountWithApp(
      SessionRowActions,
      { readOnlyReason: reason, testidPrefix: 'x', onAction: (a: string) => pressed.push(a) },
      { pinia },
    )
    await settle()
    for (const id of ['x-interrupt', 'x-terminate']) {
      const button = q<HTMLButtonElement>(id)!
      expect(button.disabled).toBe(true)
      expect(button.title).toBe(reason)
      expect(document.getElementById(button.getAttribute('aria-describedby')!)!.textContent).toBe(reason)
    }
    q('x-terminate')!.click()
    expect(pressed).toEqual([])
  })
})

describe('entry points over the real backend', () => {
  async function openProfile(name: string) {
    mountWithApp(App, {}, { locale: 'en', pinia })
    await vi.waitFor(() => expect(qa('profile-item')).toHaveLength(3), { timeout: 10_000 })
    await openFromSidebar(name)
  }

  it('the grid, protected profile, one session: a second click, then the report and a refreshed grid', async () => {
    await openProfile('Бухгалтерия')
    const victim = qa('session-row')[0]!.dataset.session!
    qa('session-row')[0]!.click()
    await settle()
    q('terminate-selected')!.click()
    await settle()
    expect(q('terminate-friction')!.dataset.friction).toBe('second-click')
    q('terminate-confirm')!.click()
    await settle()
    expect(world.calls('terminateSessions')).toHaveLength(0)
    expect(q('terminate-confirm')!.dataset.armed).toBe('true')
    q('terminate-confirm')!.click()
    await vi.waitFor(() => expect(q('terminate-report')).not.toBeNull(), { timeout: 10_000 })
    expect(q('report-terminated')!.dataset.count).toBe('1')
    expect(world.sim('prod').terminated.map((t) => t.session)).toEqual([victim])
    await vi.waitFor(() => expect(qa('session-row').some((r) => r.dataset.session === victim)).toBe(false))
  }, 60_000)

  it('terminate by rule, protected profile, a few sessions: the typed count (no second click)', async () => {
    await openProfile('Бухгалтерия')
    const users = world.rows('prod').filter((r) => !r.isService && /^[^*?,]+$/.test(r.userName))
    const sessionsOf = (name: string) => users.filter((r) => r.userName === name)
    const target = users.find((r) => sessionsOf(r.userName).length > 1) ?? users[0]!
    const sameUser = sessionsOf(target.userName)
    q('tools-menu')!.click()
    await settle()
    q('rule-terminate-open')!.click()
    await settle()
    await typeInto('rule-user-mask', target.userName)
    q('rule-freeze')!.click()
    await settle()
    const count = Number(q('rule-preview-count')!.dataset.count)
    expect(count).toBe(sameUser.length)
    const friction = q('terminate-friction')!.dataset.friction
    expect(friction).toBe(count === 1 ? 'second-click' : 'type-count')
    if (count === 1) q('rule-confirm')!.click()
    else await typeInto('terminate-typed-count', String(count))
    await settle()
    q('rule-confirm')!.click()
    await vi.waitFor(() => expect(q('terminate-report')).not.toBeNull(), { timeout: 10_000 })
    expect(q('report-terminated')!.dataset.count).toBe(String(count))
    const sent = world.calls('terminateSessions')[0]!.args
    expect((sent[2] as string[]).sort()).toEqual(sameUser.map((r) => r.session).sort())
    expect(sent[4]).toMatch(/^[0-9a-f-]{36}$/)
  }, 60_000)

  it('the runbook: the typed count for "all", its own operation id and progress, the same outcomes inline', async () => {
    const profile = world.profile('test')
    const clusterId = world.clusterId('test')
    const ib = world
      .sim('test')
      .world.requireCluster()
      .infobases.find((i) => i.name !== 'ka2')!
    const inBase = world.rows('test').filter((r) => r.infobase === ib.infobase)
    expect(inBase.length).toBeGreaterThan(0)
    mountWithApp(RunbookDialog, runbookProps(profile, clusterId, ib), { pinia })
    await settle()
    q<HTMLButtonElement>('runbook-lock')!.click()
    await vi.waitFor(() => expect(q('runbook-scope')!.dataset.count).toBe(String(inBase.length)), { timeout: 10_000 })
    await commitNumber('runbook-grace', '0')
    await settle()
    expect(q('terminate-friction')!.dataset.friction).toBe('type-count')
    expect(q<HTMLButtonElement>('runbook-terminate')!.disabled).toBe(true)
    await typeInto('terminate-typed-count', String(inBase.length))
    q<HTMLButtonElement>('runbook-terminate')!.click()
    await vi.waitFor(() => expect(q('runbook-done')).not.toBeNull(), { timeout: 10_000 })
    const [call] = world.calls('terminateSessions')
    expect(call!.args[4]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(q('report-terminated')!.dataset.count).toBe(String(inBase.length))
    expect(world.rows('test').filter((r) => r.infobase === ib.infobase)).toHaveLength(0)
  }, 60_000)

  it('hotspots: a row’s terminate opens the same confirmation and report', async () => {
    await openProfile('Тестовый')
    q('tools-menu')!.click()
    await settle()
    q('hotspots-open')!.click()
    await vi.waitFor(() => expect(qa('hotspot-terminate').length).toBeGreaterThan(0))
    const row = qa('hotspot-terminate')[0]!.closest<HTMLElement>('[data-session]')!
    qa('hotspot-terminate')[0]!.click()
    await settle()
    expect(q('terminate-dialog')!.dataset.mode).toBe('one')
    expect(q('terminate-friction')!.dataset.friction).toBe('confirm')
    q('terminate-confirm')!.click()
    await vi.waitFor(() => expect(q('terminate-report')).not.toBeNull(), { timeout: 10_000 })
    expect(world.sim('test').terminated.map((t) => t.session)).toEqual([row.dataset.session])
  }, 60_000)
})

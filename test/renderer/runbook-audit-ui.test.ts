import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { NDatePicker } from 'naive-ui'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AuditEntry, InfobaseDto, ProfileDto } from '../../src-shared/contract'
import RunbookDialog from '../../src-renderer/src/components/runbook/RunbookDialog.vue'
import AuditView from '../../src-renderer/src/components/audit/AuditView.vue'
import { auditCsv } from '../../src-renderer/src/format/audit-csv'
import { filterAudit, formatAuditTime } from '../../src-renderer/src/format/audit'
import { useProfilesStore } from '../../src-renderer/src/stores/profiles'
import type { RendererWorld } from '../support/renderer-world'
import { mountLockPanel, startWorld, stopWorld, stopWorldAfterEach } from './app-world'
import { infobaseTab, runbookProps } from './fixtures'
import { commitNumber, flush, mountWithApp, q, qa, typeInto } from './mount'

beforeAll(() => vi.stubEnv('TZ', 'Asia/Vladivostok')) // UTC+10
afterAll(() => vi.unstubAllEnvs())
stopWorldAfterEach()

const entries: AuditEntry[] = [
  {
    time: '2026-11-25T07:00:00.000Z',
    action: 'lock',
    profile: 'Бухгалтерия (прод)',
    server: 'srv:1545',
    cluster: 'c1',
    infobase: 'ib-1',
    message: 'Обновление',
    outcome: 'locked',
  },
  {
    time: '2026-11-25T07:05:00.000Z',
    action: 'terminate',
    profile: 'Бухгалтерия (прод)',
    server: 'srv:1545',
    cluster: 'c1',
    infobase: 'ib-1',
    sessions: [
      { userName: 'Фёдоров', sessionId: 1 },
      { userName: 'Петрова', sessionId: 2 },
      { userName: 'Иванов', sessionId: 3 },
      { userName: 'Сидоров', sessionId: 4 },
      { userName: '=cmd', sessionId: 5 },
    ],
    message: 'Выйдите; пожалуйста',
    outcome: 'terminated 5, gone 0, failed 0',
  },
  {
    time: '2026-11-25T07:10:00.000Z',
    action: 'unlock',
    profile: 'Тест',
    server: 'test:1545',
    cluster: 'c2',
    outcome: 'unlocked',
  },
]

describe('audit formatting', () => {
  it('shows desktop ISO times in the local zone (not server time)', () => {
    expect(new Date(2026, 10, 25).getTimezoneOffset()).toBe(-600)
    expect(formatAuditTime('2026-11-25T07:00:00.000Z', 'en')).toBe('2026-11-25 17:00:00')
    expect(formatAuditTime('2026-11-25T07:00:00.000Z', 'ru')).toBe('25.11.2026 17:00:00')
  })

  it('filters by action and text (user, infobase name, message; ё folded), newest first', () => {
    expect(filterAudit(entries, '', null).map((e) => e.action)).toEqual(['unlock', 'terminate', 'lock'])
    expect(filterAudit(entries, '', 'lock').map((e) => e.action)).toEqual(['lock'])
    expect(filterAudit(entries, 'федоров', null).map((e) => e.action)).toEqual(['terminate'])
    const names = (id: string) => (id === 'ib-1' ? 'buh_prod' : undefined)
    expect(filterAudit(entries, 'BUH_prod', null, names)).toHaveLength(2)
    expect(filterAudit(entries, 'buh_prod', 'terminate', names)).toHaveLength(1)
    expect(filterAudit(entries, 'тест', null).map((e) => e.action)).toEqual(['unlock'])
  })

  it('CSV: BOM, ";" for Russian, quoted fields, formula guard, infobase names', () => {
    const csv = auditCsv([entries[1]!], 'ru', {
      header: ['Время', 'Действие', 'Профиль', 'Сервер', 'Кластер', 'База', 'Сеансы', 'Сообщение', 'Результат'],
      action: (a) => `A:${a}`,
      infobase: (id) => (id === 'ib-1' ? 'buh_prod' : undefined),
    })
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const [header, row] = csv.slice(1).trimEnd().split('\r\n')
    expect(header).toBe('"Время";"Действие";"Профиль";"Сервер";"Кластер";"База";"Сеансы";"Сообщение";"Результат"')
    expect(row).toBe(
      '"25.11.2026 17:05:00";"A:terminate";"Бухгалтерия (прод)";"srv:1545";"c1";"buh_prod";' +
        '"Фёдоров (1), Петрова (2), Иванов (3), Сидоров (4), =cmd (5)";"Выйдите; пожалуйста";"terminated 5, gone 0, failed 0"',
    )
    const en = auditCsv([entries[2]!], 'en', { header: ['a'], action: (a) => a })
    expect(en.slice(1).split('\r\n')[1]).toBe(
      '"2026-11-25 17:10:00","unlock","Тест","test:1545","c2","","","","unlocked"',
    )
    const guarded = auditCsv([{ ...entries[2]!, message: '=HYPERLINK("x")' }], 'en', { header: [], action: (a) => a })
    expect(guarded).toContain('"\'=HYPERLINK(""x"")"')
  })
})

describe('AuditView', () => {
  it('lists entries newest first, filters by action and text, collapses long session lists', async () => {
    // The log as the app and the CLI append it: one JSON line per action, in the world's data folder.
    const { world } = await startWorld({ profiles: [] })
    writeFileSync(join(world.dataDir, 'audit.jsonl'), entries.map((e) => `${JSON.stringify(e)}\n`).join(''))
    mountWithApp(AuditView, { show: true })
    const actions = () => qa('audit-row').map((r) => r.getAttribute('data-action'))
    await vi.waitFor(() => expect(actions()).toEqual(['unlock', 'terminate', 'lock']), { timeout: 10_000 })
    // The time column says whose clock it is, as the grid's say "server time".
    expect(q('audit-time-clock')!.textContent).toBe('your clock')
    // Read aloud as two words, not "Timeyour clock".
    expect(q('audit-time-clock')!.closest('th')!.textContent!.replace(/\s+/g, ' ').trim()).toBe('Time your clock')
    const sessions = qa('audit-sessions').find((c) => c.getAttribute('data-count') === '5')!
    expect(sessions.textContent).toContain('Фёдоров (1), Петрова (2), Иванов (3)')
    expect(sessions.textContent).not.toContain('Сидоров')
    q<HTMLAnchorElement>('audit-sessions-more', sessions)!.click()
    await flush()
    expect(sessions.textContent).toContain('=cmd (5)')

    q<HTMLButtonElement>('audit-action-terminate')!.click()
    await flush()
    expect(actions()).toEqual(['terminate'])
    q<HTMLButtonElement>('audit-action-all')!.click()
    await flush()
    await typeInto('audit-filter', 'Тест')
    expect(actions()).toEqual(['unlock'])
    expect(q('audit-count')!.getAttribute('data-shown')).toBe('1')
    expect(q('audit-count')!.getAttribute('data-total')).toBe('3')
  })
})

/** RunbookDialog on the test server's first unlocked infobase with sessions, the profile shown as `protection`. */
async function openRunbook(protection: ProfileDto['protection'], extra: Record<string, unknown> = {}) {
  const { world: w, pinia } = await startWorld({ sessions: 60, profiles: ['test'] })
  const dto = w.profile('test')
  const clusterId = w.clusterId('test')
  // As the cluster tab does: the sessions first, so the infobase list carries session counts.
  expect((await w.api.listSessions(dto.id, clusterId)).ok).toBe(true)
  const ibs = (await w.api.listInfobases(dto.id, clusterId)) as { ok: true; value: InfobaseDto[] }
  const ib = ibs.value.find((i) => i.locked === false && (i.sessionCount ?? 0) > 0)!
  const profile = { ...dto, protection }
  const wrapper = mountWithApp(RunbookDialog, runbookProps(profile, clusterId, ib, extra), { pinia })
  await flush()
  return { world: w, ib, wrapper }
}

const pressEsc = () =>
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true }))

async function runToTerminateStep(world: RendererWorld) {
  await typeInto('runbook-message', 'Обновление')
  await typeInto('runbook-permission-code', 'KOD')
  q<HTMLButtonElement>('runbook-lock')!.click()
  await vi.waitFor(
    () =>
      expect(
        q('runbook-step')!.parentElement!.querySelector('[data-step="terminate"]')!.getAttribute('data-state'),
      ).toBe('current'),
    { timeout: 10_000 },
  )
  const [lockCall] = world.calls('setInfobaseLock')
  expect(lockCall!.args[3]).toMatchObject({ message: 'Обновление', permissionCode: 'KOD', from: null })
  await commitNumber('runbook-grace', '0')
}

describe('RunbookDialog', () => {
  it('starting asks the typed count, as any "terminate all" does; the sessions go only after it', async () => {
    const { world, ib } = await openRunbook('protected')
    await runToTerminateStep(world)
    await vi.waitFor(() => expect(q('runbook-scope')!.getAttribute('data-count')).toBe(String(ib.sessionCount)), {
      timeout: 10_000,
    })
    expect(q<HTMLButtonElement>('runbook-terminate')!.disabled).toBe(true)
    q<HTMLButtonElement>('runbook-terminate')!.click()
    await flush()
    expect(world.calls('terminateSessions')).toHaveLength(0)
    await typeInto('terminate-typed-count', String(ib.sessionCount))
    q<HTMLButtonElement>('runbook-terminate')!.click()
    await vi.waitFor(() => expect(q('runbook-done')).not.toBeNull(), { timeout: 10_000 })
    const [term] = world.calls('terminateSessions')
    expect((term!.args[2] as string[]).length).toBe(ib.sessionCount)
    expect(term!.args[3]).toBe('Обновление') // the lock message is the default terminate message
    expect(world.rows('test').filter((r) => r.infobase === ib.infobase)).toHaveLength(0)
  })

  it('before the lock Esc closes it, as Cancel does; once locked only Cancel leaves', async () => {
    const asked: boolean[] = []
    const before = await openRunbook('normal', { 'onUpdate:show': (v: boolean) => asked.push(v) })
    expect(q('runbook')!.querySelector('[data-testid="dialog-close"]')).not.toBeNull()
    pressEsc()
    await flush()
    expect(asked).toEqual([false])
    expect(before.world.calls('setInfobaseLock')).toHaveLength(0)
    await stopWorld()

    const after = await openRunbook('normal', { 'onUpdate:show': (v: boolean) => asked.push(v) })
    await runToTerminateStep(after.world)
    expect(q('runbook')!.querySelector('[data-testid="dialog-close"]')).toBeNull()
    pressEsc()
    await flush()
    expect(asked).toEqual([false])
    expect(q('runbook')).not.toBeNull()
  })

  it('cancel after the lock: says the lock is still in effect and offers unlock', async () => {
    const { world, ib } = await openRunbook('normal')
    await runToTerminateStep(world)
    q<HTMLButtonElement>('runbook-cancel')!.click()
    await flush()
    expect(q('runbook-summary')!.getAttribute('data-lock-in-effect')).toBe('true')
    expect(q('runbook-summary-terminated')!.getAttribute('data-count')).toBe('0')
    q<HTMLButtonElement>('runbook-unlock')!.click()
    await flush()
    q<HTMLButtonElement>('dialog-confirm')!.click()
    await vi.waitFor(() => expect(q('runbook-in-effect')?.getAttribute('data-lock-in-effect')).toBe('false'), {
      timeout: 10_000,
    })
    expect(world.calls('clearInfobaseLock')).toHaveLength(1)
    expect(world.calls('terminateSessions')).toHaveLength(0)
    expect(world.infobase('test', ib.name).sessionsDeny).toBe(false)
  })
})

describe('RunbookDialog lock period (server time)', () => {
  it('"to" before the server\'s now is refused inline; "for the next 30 minutes" counts from it', async () => {
    const serverNow = Date.UTC(2026, 10, 25, 2, 13, 0) // the desktop (UTC+10) reads hours later
    const { world, wrapper } = await openRunbook('normal', { serverNow: () => serverNow })
    expect(q('runbook-server-now')!.textContent).toContain('2026-11-25 02:13:00')
    // 01:43 on the server's clock: half an hour ago there.
    wrapper.findComponent(NDatePicker).vm.$emit('update:value', new Date(2026, 10, 25, 1, 43, 0).getTime())
    await flush()
    expect(q<HTMLButtonElement>('runbook-lock')!.disabled).toBe(true)
    expect(q('runbook-to-error')!.textContent).toContain('2026-11-25 02:13:00')
    q('runbook-for-30')!.click()
    await flush()
    expect(q('runbook-to-error')).toBeNull()
    q<HTMLButtonElement>('runbook-lock')!.click()
    await vi.waitFor(() => expect(world.calls('setInfobaseLock')).toHaveLength(1), { timeout: 10_000 })
    expect(world.calls('setInfobaseLock')[0]!.args[3]).toMatchObject({
      from: null,
      to: Date.UTC(2026, 10, 25, 2, 43, 0),
    })
  })
})

describe('RunbookDialog scheduled jobs', () => {
  it('the lock step asks keep / stop, repeats the choice by its button and sends it', async () => {
    const { world } = await openRunbook('normal')
    expect(q('runbook-jobs-choice')!.getAttribute('role')).toBe('radiogroup')
    const summary = q('runbook-jobs-summary')!
    expect(summary.textContent).toBe('Scheduled jobs will be stopped while the infobase is locked.')
    expect(q('runbook-lock')!.getAttribute('aria-describedby')).toBe(summary.id)
    q('runbook-jobs-keep')!.click()
    await flush()
    expect(q('runbook-jobs-summary')!.textContent).toBe(
      'Scheduled jobs will keep running while the infobase is locked.',
    )
    q<HTMLButtonElement>('runbook-lock')!.click()
    await vi.waitFor(() => expect(world.calls('setInfobaseLock')).toHaveLength(1), { timeout: 10_000 })
    expect(world.calls('setInfobaseLock')[0]!.args[3]).toMatchObject({ scheduledJobsDeny: false })
    await vi.waitFor(() => expect(q('runbook-jobs-summary')).toBeNull(), { timeout: 10_000 })
  })
})

describe('LockPanel runbook button', () => {
  it('is disabled for a read-only profile', async () => {
    const { world, pinia } = await startWorld({ sessions: 20, profiles: ['test'] })
    const profiles = useProfilesStore()
    await profiles.load()
    // A reachable profile, marked read-only in the store (what the panel reads).
    const ro = profiles.profiles.find((p) => p.id === world.id('test'))!
    ro.protection = 'read-only'
    const clusterId = world.clusterId('test')
    const ibs = (await world.api.listInfobases(ro.id, clusterId)) as { ok: true; value: InfobaseDto[] }
    const ib = ibs.value.find((i) => i.locked !== null)!
    await mountLockPanel(infobaseTab(ro.id, clusterId, ib), pinia)
    expect(q<HTMLButtonElement>('runbook-open')!.disabled).toBe(true)
  })
})

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { NDatePicker } from 'naive-ui'
import type { AuditEntry, InfobaseDto, ProfileDto } from '../../src-shared/contract'
import RunbookDialog from '../../src-renderer/src/components/runbook/RunbookDialog.vue'
import LockPanel from '../../src-renderer/src/components/locks/LockPanel.vue'
import AuditView from '../../src-renderer/src/components/audit/AuditView.vue'
import { auditCsv } from '../../src-renderer/src/format/audit-csv'
import { filterAudit, formatAuditTime } from '../../src-renderer/src/format/audit'
import { useProfilesStore } from '../../src-renderer/src/stores/profiles'
import { infobaseTabId, type TabDescriptor } from '../../src-renderer/src/stores/tabs'
import { callsOf, createFake, type FakeApi } from './fake'
import { flush, mountWithApp, q, qa, typeInto, unmountAll } from './mount'

beforeAll(() => vi.stubEnv('TZ', 'Asia/Vladivostok')) // UTC+10
afterAll(() => vi.unstubAllEnvs())
afterEach(() => {
  unmountAll()
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
})

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
    const fake = await createFake()
    vi.stubGlobal('api', { ...fake, readAuditLog: async () => ({ ok: true, value: entries }) })
    mountWithApp(AuditView, { show: true })
    await flush()
    await flush()
    const actions = () => qa('audit-row').map((r) => r.getAttribute('data-action'))
    expect(actions()).toEqual(['unlock', 'terminate', 'lock'])
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

async function setupRunbook(protection: ProfileDto['protection']) {
  const fake = await createFake()
  vi.stubGlobal('api', fake)
  const profiles = (await fake.listProfiles()) as { ok: true; value: { profiles: ProfileDto[] } }
  const dto = profiles.value.profiles.find((p) => p.protection === 'normal')!
  const conn = await fake.connect(dto.id)
  if (!conn.ok) throw new Error('connect')
  const clusterId = conn.value.clusters[0]!.cluster
  const ibs = (await fake.listInfobases(dto.id, clusterId)) as { ok: true; value: InfobaseDto[] }
  const ib = ibs.value.find((i) => i.locked !== null && (i.sessionCount ?? 0) > 0)!
  return { fake, profile: { ...dto, protection }, clusterId, ib }
}

async function runToTerminateStep(fake: FakeApi) {
  await typeInto('runbook-message', 'Обновление')
  await typeInto('runbook-permission-code', 'KOD')
  q<HTMLButtonElement>('runbook-lock')!.click()
  for (let i = 0; i < 5; i++) await flush()
  const [lockCall] = callsOf(fake, 'setInfobaseLock')
  expect(lockCall!.args[3]).toMatchObject({ message: 'Обновление', permissionCode: 'KOD', from: null })
  expect(q('runbook-step')!.parentElement!.querySelector('[data-step="terminate"]')!.getAttribute('data-state')).toBe(
    'current',
  )
  const grace = q('runbook-grace')!.querySelector('input')!
  grace.value = '0'
  grace.dispatchEvent(new Event('input', { bubbles: true }))
  grace.dispatchEvent(new Event('blur'))
  grace.dispatchEvent(new FocusEvent('focusout', { bubbles: true }))
  await flush()
}

describe('RunbookDialog', () => {
  it('protected profile: terminating asks once more; the sessions go only after confirming', async () => {
    const { fake, profile, clusterId, ib } = await setupRunbook('protected')
    mountWithApp(RunbookDialog, {
      show: true,
      profile,
      clusterId,
      infobaseId: ib.infobase,
      infobaseName: ib.name,
      auth: { credentials: undefined, defaultUser: '' },
      current: null,
    })
    await flush()
    await runToTerminateStep(fake)
    expect(q('runbook-scope')!.getAttribute('data-count')).toBe(String(ib.sessionCount))
    q<HTMLButtonElement>('runbook-terminate')!.click()
    await flush()
    expect(callsOf(fake, 'terminateSessions')).toHaveLength(0)
    const confirm = q<HTMLButtonElement>('dialog-confirm')
    expect(confirm).not.toBeNull()
    confirm!.click()
    for (let i = 0; i < 8; i++) await flush()
    const [term] = callsOf(fake, 'terminateSessions')
    expect((term!.args[2] as string[]).length).toBe(ib.sessionCount)
    expect(term!.args[3]).toBe('Обновление') // the lock message is the default terminate message
    expect(q('runbook-done')).not.toBeNull()
  })

  it('cancel after the lock: says the lock is still in effect and offers unlock', async () => {
    const { fake, profile, clusterId, ib } = await setupRunbook('normal')
    mountWithApp(RunbookDialog, {
      show: true,
      profile,
      clusterId,
      infobaseId: ib.infobase,
      infobaseName: ib.name,
      auth: { credentials: undefined, defaultUser: '' },
      current: null,
    })
    await flush()
    await runToTerminateStep(fake)
    q<HTMLButtonElement>('runbook-cancel')!.click()
    await flush()
    expect(q('runbook-summary')!.getAttribute('data-lock-in-effect')).toBe('true')
    expect(q('runbook-summary-terminated')!.getAttribute('data-count')).toBe('0')
    q<HTMLButtonElement>('runbook-unlock')!.click()
    await flush()
    q<HTMLButtonElement>('dialog-confirm')!.click()
    for (let i = 0; i < 5; i++) await flush()
    expect(callsOf(fake, 'clearInfobaseLock')).toHaveLength(1)
    expect(q('runbook-in-effect')!.getAttribute('data-lock-in-effect')).toBe('false')
    expect(callsOf(fake, 'terminateSessions')).toHaveLength(0)
  })
})

describe('RunbookDialog lock period (server time)', () => {
  it('"to" before the server\'s now is refused inline; "for the next 30 minutes" counts from it', async () => {
    const { fake, profile, clusterId, ib } = await setupRunbook('normal')
    const serverNow = Date.UTC(2026, 10, 25, 2, 13, 0) // the desktop (UTC+10) reads hours later
    const wrapper = mountWithApp(RunbookDialog, {
      show: true,
      profile,
      clusterId,
      infobaseId: ib.infobase,
      infobaseName: ib.name,
      auth: { credentials: undefined, defaultUser: '' },
      current: null,
      serverNow: () => serverNow,
    })
    await flush()
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
    for (let i = 0; i < 5; i++) await flush()
    expect(callsOf(fake, 'setInfobaseLock')[0]!.args[3]).toMatchObject({
      from: null,
      to: Date.UTC(2026, 10, 25, 2, 43, 0),
    })
  })
})

describe('LockPanel runbook button', () => {
  it('is disabled for a read-only profile', async () => {
    const fake = await createFake()
    vi.stubGlobal('api', fake)
    const pinia = createPinia()
    setActivePinia(pinia)
    const profiles = useProfilesStore()
    await profiles.load()
    // A reachable profile of the fake, marked read-only in the store (what the panel reads).
    const ro = profiles.profiles.find((p) => p.protection === 'normal' && !p.askClusterPassword)!
    ro.protection = 'read-only'
    const conn = await fake.connect(ro.id)
    if (!conn.ok) throw new Error('connect')
    const clusterId = conn.value.clusters[0]!.cluster
    const ibs = (await fake.listInfobases(ro.id, clusterId)) as { ok: true; value: InfobaseDto[] }
    const ib = ibs.value.find((i) => i.locked !== null)!
    const tab: TabDescriptor = {
      id: infobaseTabId(ro.id, clusterId, ib.infobase),
      kind: 'infobase',
      profileId: ro.id,
      clusterId,
      clusterName: 'c',
      infobaseId: ib.infobase,
      infobaseName: ib.name,
    }
    mountWithApp(LockPanel, { tab }, { pinia })
    for (let i = 0; i < 5; i++) await flush()
    expect(q('lock-state')).not.toBeNull()
    expect(q<HTMLButtonElement>('runbook-open')!.disabled).toBe(true)
  })
})

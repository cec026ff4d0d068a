import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ProfileDto, SessionRow } from '../../src-shared/contract'
import TerminateDialog from '../../src-renderer/src/components/terminate/TerminateDialog.vue'
import { simulatedRows } from '../support/renderer-world'
import { profileDto } from './fixtures'
import { flush, mountWithApp, q, typeInto, unmountAll } from './mount'

let rows: SessionRow[]
const profile = (protection: ProfileDto['protection']) => profileDto({ protection })

function open(mode: 'one' | 'selected' | 'all', protection: ProfileDto['protection'], targets = rows) {
  const events: Array<{ message: string; includeService: boolean }> = []
  mountWithApp(TerminateDialog, {
    show: true,
    mode,
    rows: targets,
    profile: profile(protection),
    clusterName: 'Основной кластер',
    onConfirm: (c: { message: string; includeService: boolean }) => events.push(c),
  })
  return events
}

const confirmButton = () => q<HTMLButtonElement>('terminate-confirm')!
const clickConfirm = async () => {
  confirmButton().click()
  await flush()
}
const toggle = async (testid: string) => {
  q(testid)!.click()
  await flush()
}

/** `count` selected sessions: confirm stays disabled until the count is typed, then confirms once. */
async function confirmsWithTypedCount(protection: ProfileDto['protection'], count: number) {
  const events = open('selected', protection, rows.slice(0, count))
  await flush()
  expect(confirmButton().disabled).toBe(true)
  await typeInto('terminate-typed-count', String(count))
  await clickConfirm()
  expect(events).toHaveLength(1)
}

beforeEach(() => {
  rows = simulatedRows({ sessions: 200, seed: 5 })
})
afterEach(() => {
  unmountAll()
  document.body.innerHTML = ''
})

describe('TerminateDialog', () => {
  it('one session, normal profile: a plain confirm with the profile, user and message', async () => {
    const row = rows.find((r) => !r.isService)!
    const events = open('one', 'normal', [row])
    await flush()
    expect(q('terminate-profile')!.textContent).toContain('Бухгалтерия (прод)')
    expect(q('terminate-users')!.textContent).toContain(row.userName)
    expect(q('terminate-typed-count')).toBeNull()
    expect(confirmButton().disabled).toBe(false)
    await typeInto('terminate-message', 'Перезагрузка через 5 минут')
    await clickConfirm()
    expect(events).toEqual([{ message: 'Перезагрузка через 5 минут', includeService: false }])
  })

  it('one session: its number, infobase, computer, application and start as the server sent them', async () => {
    // The simulated server keeps Moscow time; this desktop is UTC+10, so any zone shift would show.
    vi.stubEnv('TZ', 'Asia/Vladivostok')
    try {
      expect(new Date(2026, 10, 25).getTimezoneOffset()).toBe(-600)
      const row = rows.find((r) => !r.isService && r.clientIp !== '' && r.clientIp !== r.host && r.startedAt !== null)!
      open('one', 'normal', [row])
      await flush()
      const list = q('terminate-sessions')!
      expect(document.getElementById(list.getAttribute('aria-labelledby')!)!.textContent).toBe('Session to terminate')
      expect(q('terminate-session')!.tagName).toBe('DL')
      expect(q('terminate-session-number')!.textContent).toBe(String(row.sessionId))
      expect(q('terminate-session-user')!.textContent).toBe(row.userName)
      expect(q('terminate-session-infobase')!.textContent).toBe(row.infobaseName)
      expect(q('terminate-session-host')!.textContent).toBe(`${row.host} (${row.clientIp})`)
      expect(q('terminate-session-app')!.textContent).not.toBe('')
      // The server's wall clock, stored as UTC ms: its UTC fields are what the server said.
      const iso = new Date(row.startedAt!).toISOString()
      expect(q('terminate-session-start')!.textContent).toBe(`${iso.slice(0, 10)} ${iso.slice(11, 19)}`)
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('several sessions: a named compact list of the first 8, then "and N more"', async () => {
    const some = rows.slice(0, 11)
    open('selected', 'normal', some)
    await flush()
    const list = q('terminate-sessions')!
    expect(document.getElementById(list.getAttribute('aria-labelledby')!)!.textContent).toBe('Sessions to terminate')
    expect(list.querySelector('ul')!.getAttribute('aria-labelledby')).toBe(list.getAttribute('aria-labelledby'))
    const items = [...document.querySelectorAll<HTMLElement>('[data-testid="terminate-session"]')]
    expect(items.map((li) => li.dataset.session)).toEqual(some.slice(0, 8).map((r) => r.session))
    expect(items[0]!.textContent).toContain(`Session ${some[0]!.sessionId}:`)
    expect(items[0]!.textContent).toContain(some[0]!.infobaseName)
    expect(q('terminate-sessions-more')!.textContent).toBe('and 3 more')
  })

  it('"all": the button stays disabled until the count is typed; service sessions excluded by default', async () => {
    const events = open('all', 'normal')
    await flush()
    const service = rows.filter((r) => r.isService).length
    expect(service).toBeGreaterThan(0)
    expect(Number(q('terminate-count')!.dataset.count)).toBe(rows.length - service)
    expect(confirmButton().disabled).toBe(true)
    await clickConfirm()
    expect(events).toHaveLength(0)

    await toggle('terminate-include-service')
    expect(Number(q('terminate-count')!.dataset.count)).toBe(rows.length)
    await typeInto('terminate-typed-count', String(rows.length))
    expect(confirmButton().disabled).toBe(false)
    await clickConfirm()
    expect(events).toEqual([{ message: '', includeService: true }])
  })

  it('protected profile, "all": the count must be typed, the same as for a normal profile', async () => {
    const events = open('all', 'protected')
    await flush()
    const count = q('terminate-count')!.dataset.count!
    expect(confirmButton().disabled).toBe(true)
    await typeInto('terminate-typed-count', '1')
    expect(confirmButton().disabled).toBe(true)
    await typeInto('terminate-typed-count', count)
    expect(confirmButton().disabled).toBe(false)
    await clickConfirm()
    expect(events).toHaveLength(1)
  })

  it('more than 10 selected sessions (normal profile) need the typed count too; 10 do not', async () => {
    const few = open('selected', 'normal', rows.slice(0, 10))
    await flush()
    expect(q('terminate-typed-count')).toBeNull()
    expect(confirmButton().textContent).toContain('10')
    await clickConfirm()
    expect(few).toHaveLength(1)
    unmountAll()
    document.body.innerHTML = ''
    await confirmsWithTypedCount('normal', 11)
  })

  it('protected profile, selected sessions: typing the count is required', async () => {
    await confirmsWithTypedCount('protected', 3)
  })

  it('protected profile, one session: a second click is needed', async () => {
    const events = open('one', 'protected', [rows[0]!])
    await flush()
    expect(q('terminate-protected-hint')).not.toBeNull()
    await clickConfirm()
    expect(events).toHaveLength(0)
    expect(confirmButton().dataset.armed).toBe('true')
    await clickConfirm()
    expect(events).toHaveLength(1)
  })

  it('read-only profile: confirm disabled with the reason, nothing emitted', async () => {
    const events = open('one', 'read-only', [rows[0]!])
    await flush()
    expect(confirmButton().disabled).toBe(true)
    expect(confirmButton().title).toMatch(/read-only/i)
    expect(q('terminate-readonly')).not.toBeNull()
    expect(q<HTMLButtonElement>('terminate-interrupt')!.disabled).toBe(true)
    await clickConfirm()
    expect(events).toHaveLength(0)
  })
})

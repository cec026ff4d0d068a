import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { TerminateAllOptions } from '../../src-shared/contract'
import {
  ASK_PASSWORD,
  INFOBASE_ADMIN,
  LOCKED_INFOBASE,
  LOCKED_MESSAGE,
  type RendererWorld,
} from '../support/renderer-world'
import { openInfobase, openProfile, settle, startApp, stopWorldAfterEach } from './app-world'
import { lockRecord } from './fixtures'
import { q, qa, typeInto } from './mount'

let world: RendererWorld

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

beforeEach(async () => {
  ;({ world } = await startApp({ sessions: 60, profiles: ['test', 'audit', 'hr'] }))
})
stopWorldAfterEach()

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
    await openProfile('Аудит', ASK_PASSWORD)
    expect(q<HTMLButtonElement>('terminate-all')!.disabled).toBe(true)
    qa('session-row')[0]!.click()
    await settle()
    expect(q<HTMLButtonElement>('terminate-selected')!.disabled).toBe(true)
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true }))
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete' }))
    await settle()
    expect(q('terminate-dialog')).toBeNull()
  }, 60_000)

  it('shows the sessions of a distant server while its infobases and their locks are still being read', async () => {
    world.sim('test').faults.latencyMs = 150 // before every reply: a cluster far away
    const item = qa('profile-item').find((el) => el.textContent!.includes('Тестовый'))!
    ;(item.querySelector('.cd-profile-main') as HTMLElement).click()
    await vi.waitFor(() => expect(qa('session-row').length).toBeGreaterThan(0), { timeout: 15_000 })
    // The infobase list probes every infobase's lock: more round trips than the sessions take.
    expect(world.control.inFlightBy.listInfobases, 'the infobases are still on their way').toBe(1)
    expect(qa('infobase-item')).toHaveLength(0)
    await world.control.settled()
    await settle()
    expect(qa('infobase-item')).toHaveLength(
      world.sim('test').world.requireCluster(world.clusterId('test', 0)).infobases.length,
    )
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

describe('selection bar and keyboard', () => {
  const grid = () => q('session-grid')!
  const press = async (key: string, init: KeyboardEventInit = {}) => {
    grid().dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }))
    await settle()
  }

  it('appears with the selection; its Terminate… asks to terminate the selected rows', async () => {
    await openProfile('Тестовый')
    expect(q('selection-bar')).toBeNull()
    const [first, second] = qa('session-row')
    first!.click()
    await settle()
    expect(q('selection-bar-count')!.dataset.count).toBe('1')
    expect(q<HTMLButtonElement>('selection-bar-details')!.disabled).toBe(false)
    q('selection-bar-terminate')!.click()
    await settle()
    expect(q('terminate-dialog')!.dataset.mode).toBe('one')
    q('dialog-cancel')!.click()
    await settle()
    second!.dispatchEvent(new MouseEvent('click', { bubbles: true, ctrlKey: true }))
    await settle()
    expect(q('selection-bar-count')!.dataset.count).toBe('2')
    // Details and interrupt are about one session.
    expect(q<HTMLButtonElement>('selection-bar-interrupt')!.disabled).toBe(true)
    q('selection-bar-terminate')!.click()
    await settle()
    expect(q('terminate-dialog')!.dataset.mode).toBe('selected')
    expect(q('terminate-count')!.dataset.count).toBe('2')
    q('dialog-cancel')!.click()
    await settle()
    q('selection-bar-clear')!.click()
    await settle()
    expect(q('selection-bar')).toBeNull()
    expect(qa('session-row').filter((r) => r.dataset.selected === 'true')).toHaveLength(0)
  }, 60_000)

  it('keyboard alone: ArrowDown + Space selects, Delete opens terminate; Delete with nothing selected takes the focused row', async () => {
    await openProfile('Тестовый')
    await press('ArrowDown')
    await press('ArrowDown')
    await press(' ')
    const row = qa('session-row')[1]!
    expect(row.dataset.selected).toBe('true')
    expect(q('selection-bar-count')!.dataset.count).toBe('1')
    await press('Delete')
    expect(q('terminate-dialog')!.dataset.mode).toBe('one')
    expect(q('terminate-users')!.textContent).toContain(
      world.rows('test').find((r) => r.session === row.dataset.session)!.userName,
    )
    q('dialog-cancel')!.click()
    await settle()
    await press('Escape')
    expect(q('selection-bar')).toBeNull()
    await press('Delete')
    expect(q('terminate-dialog')!.dataset.mode).toBe('one')
    q('dialog-cancel')!.click()
    await settle()
  }, 60_000)
})

describe('infobase tab and lock panel', () => {
  it('asks for infobase admin credentials, retries and shows the lock state', async () => {
    // The hr server requires the infobase administrator to read or change infobase settings.
    await openProfile('Кадры')
    await openInfobase('zup', INFOBASE_ADMIN)
    expect(q('lock-state')!.dataset.sessionsDeny).toBe('false')
    const active = qa('tab').find((t) => t.dataset.active === 'true')!
    expect(active.dataset.kind).toBe('infobase')
    // The infobase grid hides the infobase column.
    expect(document.querySelector('[data-col-key="infobaseName"]')).toBeNull()
  }, 60_000)

  it('locks with the credentials the panel keeps (reactive state crosses the cloning bridge)', async () => {
    await openProfile('Кадры')
    await openInfobase('zup', INFOBASE_ADMIN)
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
    await openInfobase('buh_corp')
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
    const lock = (deniedFrom: number, deniedTo: number | null) => lockRecord(deniedFrom, deniedTo, 'Обновление', 'K1')
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

    await openInfobase('buh_corp')
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

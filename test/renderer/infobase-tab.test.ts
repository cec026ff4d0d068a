/**
 * The infobase tab an admin reads at a glance: it opens at once (no prompt in front of its
 * sessions), the lock panel asks for the infobase administrator in place, the list says "lock
 * unknown" in words, an unlock's leftovers sit under "Last lock settings", the refresh time says
 * whose clock it is, and a server's two-line message keeps its break.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import LockPanel from '../../src-renderer/src/components/locks/LockPanel.vue'
import StatusLine from '../../src-renderer/src/components/sessions/StatusLine.vue'
import { serverTimeOfDay } from '../../src-renderer/src/format/server-time'
import type { TabData } from '../../src-renderer/src/stores/tab-data'
import { useProfilesStore } from '../../src-renderer/src/stores/profiles'
import { INFOBASE_ADMIN } from '../support/renderer-world'
import { openProfile, settle, startApp, startWorld, stopWorldAfterEach } from './app-world'
import { infobaseTab, lockRecord } from './fixtures'
import { flush, mountWithApp, q, qa, typeInto } from './mount'

const WAIT = { timeout: 10_000 }
/** A server's message in two lines, as RAS sends them. */
const TWO_LINES = 'Ошибка при выполнении операции с информационной базой\nБаза заблокирована другим сеансом'

beforeAll(() => {
  // The simulated server keeps Moscow time (UTC+3); this desktop is seven hours ahead of it.
  vi.stubEnv('TZ', 'Asia/Vladivostok')
})
afterAll(() => {
  vi.unstubAllEnvs()
})
stopWorldAfterEach()

/** The lock panel of `infobase` alone, over a world with the test profile. */
async function panelOver(
  infobase: string,
  setUp: (w: Awaited<ReturnType<typeof startWorld>>['world']) => void = () => {},
  locale: 'en' | 'ru' = 'en',
) {
  const { world, pinia } = await startWorld({ sessions: 20, profiles: ['test'] })
  setUp(world)
  await useProfilesStore().load()
  const tab = infobaseTab(world.id('test'), world.clusterId('test'), world.infobase('test', infobase))
  mountWithApp(LockPanel, { tab }, { pinia, locale })
  return world
}

describe('an infobase whose server wants the infobase administrator', () => {
  it('opens at once with its sessions; the panel says why the lock is unknown and asks only when told', async () => {
    const { world } = await startApp({ sessions: 60, profiles: ['hr'] })
    await openProfile('Кадры')
    // The list says it in words, with the reason on hover.
    const unknown = qa('lock-unknown')
    expect(unknown).toHaveLength(qa('infobase-item').length)
    expect(unknown[0]!.textContent!.trim()).toBe('lock unknown')
    expect(unknown[0]!.title).toContain('infobase administrator')

    // The infobase with the most sessions, so its grid has rows to show.
    const counts = new Map<string, number>()
    for (const r of world.rows('hr')) counts.set(r.infobaseName, (counts.get(r.infobaseName) ?? 0) + 1)
    const [name, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!
    qa('infobase-item')
      .find((el) => el.querySelector('[data-testid=infobase-name]')!.textContent === name)!
      .click()
    await vi.waitFor(() => expect(q('lock-auth-needed')).not.toBeNull(), WAIT)
    await vi.waitFor(() => expect(qa('session-row')).toHaveLength(count), WAIT)
    await settle()
    expect(q('credentials-prompt')).toBeNull() // nothing asked by itself
    expect(q('lock-state')).toBeNull()
    expect(q('lock-auth-needed')!.textContent).toContain(
      'Lock state unknown — the server needs the infobase administrator to show it',
    )
    expect(world.calls('getInfobaseLock')[0]!.args[3]).toBeUndefined() // read without credentials

    // The button is a real, enabled button: Tab reaches it, Enter presses it.
    const enter = q<HTMLButtonElement>('lock-enter-admin')!
    expect(enter.tagName).toBe('BUTTON')
    expect(enter.disabled).toBe(false)
    expect(enter.textContent).toContain('Enter infobase administrator…')

    // Cancelled: still unknown, still offered.
    enter.click()
    await vi.waitFor(() => expect(q('credentials-prompt')).not.toBeNull(), WAIT)
    q('dialog-cancel')!.click()
    await settle()
    expect(q('lock-auth-needed')).not.toBeNull()

    q('lock-enter-admin')!.click()
    await vi.waitFor(() => expect(q('credentials-prompt')).not.toBeNull(), WAIT)
    await typeInto('credentials-user', INFOBASE_ADMIN.user)
    await typeInto('credentials-password', INFOBASE_ADMIN.password)
    q('credentials-submit')!.click()
    await vi.waitFor(() => expect(q('lock-state')).not.toBeNull(), WAIT)
    expect(q('lock-state')!.dataset.sessionsDeny).toBe('false')
    expect(q('lock-auth-needed')).toBeNull()
    expect(world.calls('getInfobaseLock').at(-1)!.args[3]).toMatchObject({ user: INFOBASE_ADMIN.user })
    // The cluster tab's list is re-read: this infobase's badge no longer says "lock unknown".
    const methods = world.control.calls.map((c) => c.method)
    expect(methods.slice(methods.lastIndexOf('getInfobaseLock'))).toContain('listInfobases')
    qa('tab')[0]!.click()
    await vi.waitFor(() => expect(qa('lock-unknown')).toHaveLength(qa('infobase-item').length - 1), WAIT)
  }, 60_000)

  it('Lock asks for the administrator when pressed, with the state still unknown', async () => {
    const { world } = await startApp({ sessions: 30, profiles: ['hr'] })
    await openProfile('Кадры')
    qa('infobase-item')[0]!.click()
    await vi.waitFor(() => expect(q('lock-auth-needed')).not.toBeNull(), WAIT)
    expect(q<HTMLButtonElement>('lock-open')!.disabled).toBe(false)
    q('lock-open')!.click()
    await settle()
    await typeInto('lock-message', 'Обновление')
    q('lock-confirm')!.click()
    await vi.waitFor(() => expect(q('credentials-prompt')).not.toBeNull(), WAIT)
    await typeInto('credentials-user', INFOBASE_ADMIN.user)
    await typeInto('credentials-password', INFOBASE_ADMIN.password)
    q('credentials-submit')!.click()
    await vi.waitFor(() => expect(q('lock-state')?.dataset.sessionsDeny).toBe('true'), WAIT)
    expect(q('lock-auth-needed')).toBeNull()
    expect(world.calls('setInfobaseLock').at(-1)!.args[4]).toMatchObject({ user: INFOBASE_ADMIN.user })
  }, 60_000)
})

describe('after an unlock', () => {
  it('shows the old period, message and code apart, under "Last lock settings"', async () => {
    const world = await panelOver('buh_corp', (w) => {
      const now = Math.floor(w.serverNow() / 60_000) * 60_000
      w.lockInfobase('test', 'buh_corp', lockRecord(now - 3_600_000, now + 3_600_000, 'Обновление', 'K1'))
    })
    await vi.waitFor(() => expect(q('lock-state')?.dataset.phase).toBe('active'), WAIT)
    // In effect: the period and texts are the lock's own, no "last settings".
    const current = document.querySelector('[data-locked]')!
    expect(current.querySelector('[data-testid=lock-state-message]')!.textContent).toBe('Обновление')
    expect(q('lock-last-settings')).toBeNull()

    q('lock-unlock')!.click()
    await settle()
    q('dialog-confirm')!.click()
    await vi.waitFor(() => expect(q('lock-state')!.dataset.phase).toBe('off'), WAIT)
    expect(world.infobase('test', 'buh_corp').sessionsDeny).toBe(false)
    expect(q('lock-state')!.textContent!.trim()).toBe('Allowed')
    const last = q('lock-last-settings')!
    const heading = last.querySelector('[role=heading]')!
    expect(heading.textContent!.trim()).toBe('Last lock settings')
    expect(last.getAttribute('aria-labelledby')).toBe(heading.id)
    // The leftovers are inside that section only, not next to "Allowed".
    expect(q('lock-state-message', last)!.textContent).toBe('Обновление')
    expect(q('lock-state-code', last)!.textContent).toBe('K1')
    expect(q('lock-state-from', document.querySelector('[data-locked]')!)).toBeNull()
  }, 60_000)

  it('names the heading in Russian', async () => {
    await panelOver(
      'buh_corp',
      (w) =>
        w.lockInfobase('test', 'buh_corp', {
          ...lockRecord(w.serverNow() - 60_000, null, 'Старое'),
          sessionsDeny: false,
        }),
      'ru',
    )
    await vi.waitFor(() => expect(q('lock-last-settings')).not.toBeNull(), WAIT)
    expect(q('lock-last-settings')!.querySelector('[role=heading]')!.textContent!.trim()).toBe(
      'Последние параметры блокировки',
    )
  }, 60_000)
})

describe('the refresh time', () => {
  it('is on the server clock once the server has shown its time, and says so', async () => {
    const { world } = await startApp({ sessions: 60, profiles: ['test'] })
    await openProfile('Тестовый')
    const label = q('status-refreshed')!
    expect(label.dataset.clock).toBe('server')
    const m = /^Refreshed (\d\d):(\d\d):(\d\d) \(server time\)$/.exec(label.textContent!.trim())
    expect(m, label.textContent!).not.toBeNull()
    const shown = Number(m![1]) * 3600 + Number(m![2]) * 60 + Number(m![3])
    const [h, min, s] = serverTimeOfDay(world.serverNow()).split(':').map(Number) as [number, number, number]
    const server = h * 3600 + min * 60 + s
    const apart = (a: number, b: number) => Math.min(Math.abs(a - b), 86_400 - Math.abs(a - b))
    expect(apart(shown, server)).toBeLessThan(60) // the server's clock (Moscow) …
    const d = new Date()
    const desktop = d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds()
    expect(apart(shown, desktop)).toBeGreaterThan(3600) // … not this desktop's (Vladivostok)
  }, 60_000)

  it("is the desktop's clock, labelled so, while the server's time is unknown", async () => {
    const at = Date.UTC(2026, 10, 25, 2, 13, 5) // 12:13:05 in Vladivostok
    const data = {
      lastRefreshAt: at,
      lastRefreshServerTime: null,
      refreshing: false,
      stale: false,
      interval: 0,
      newIds: new Set(),
      vanished: 0,
      snapshot: { rows: [], keys: [] },
    } as unknown as TabData
    mountWithApp(StatusLine, { data, shown: 0 })
    await flush()
    expect(q('status-refreshed')!.dataset.clock).toBe('desktop')
    expect(q('status-refreshed')!.textContent!.trim()).toBe('Refreshed 12:13:05 (your clock)')
    expect(q('status-refreshed')!.title).toContain('this computer')
  })
})

describe("a server's two-line message", () => {
  it('keeps its line break in the panel', async () => {
    await panelOver('buh_corp', (w) =>
      w.control.fail('getInfobaseLock', { code: 'SERVER', message: 'server error', serverMessage: TWO_LINES }),
    )
    await vi.waitFor(() => expect(q('lock-error')).not.toBeNull(), WAIT)
    const alert = q('lock-error')!
    expect(alert.textContent).toContain(TWO_LINES)
    expect(alert.style.whiteSpace).toBe('pre-line')
  }, 60_000)

  it('keeps its line break in the toast of a failed lock', async () => {
    const world = await panelOver('buh_corp')
    await vi.waitFor(() => expect(q('lock-state')).not.toBeNull(), WAIT)
    world.control.fail('setInfobaseLock', { code: 'SERVER', message: 'server error', serverMessage: TWO_LINES })
    q('lock-open')!.click()
    await settle()
    q('lock-confirm')!.click()
    await vi.waitFor(() => expect(q('server-text')).not.toBeNull(), WAIT)
    const text = q('server-text')!
    expect(text.textContent).toContain(TWO_LINES)
    expect(text.style.whiteSpace).toBe('pre-line')
  }, 60_000)
})

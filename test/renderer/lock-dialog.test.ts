import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { NDatePicker } from 'naive-ui'
import type { LockInput, LockState } from '../../src-shared/contract'
import LockDialog from '../../src-renderer/src/components/locks/LockDialog.vue'
import { followServerClock } from '../../src-renderer/src/format/server-time'
import { useProfilesStore } from '../../src-renderer/src/stores/profiles'
import { mountLockPanel, startWorld, stopWorldAfterEach } from './app-world'
import { ACTIVE_LOCK, infobaseTab, profileDto, SERVER_NOW } from './fixtures'
import { flush, mountWithApp, q, typeInto } from './mount'

const profile = profileDto()

beforeAll(() => {
  vi.stubEnv('TZ', 'Asia/Vladivostok') // UTC+10: any accidental zone shift shows
})
afterAll(() => {
  vi.unstubAllEnvs()
})
stopWorldAfterEach()

// The server's clock reads 02:13:00 (SERVER_NOW) while the desktop (UTC+10) says something else entirely.

function open(current: LockState | null = null, serverNow: (() => number) | null = () => SERVER_NOW) {
  const submitted: LockInput[] = []
  const wrapper = mountWithApp(LockDialog, {
    show: true,
    infobaseName: 'buh_prod',
    profile,
    current,
    serverNow,
    onSubmit: (v: LockInput) => submitted.push(v),
  })
  return { wrapper, submitted }
}
const inputOf = (testid: string) => q(testid)!.querySelector('input')!.value
/** The picker's text (server wall clock, en format) as a ServerTime. */
const shown = (testid: string) => Date.parse(`${inputOf(testid).replace(' ', 'T')}Z`)

describe('LockDialog', () => {
  it('scheduled jobs are a labelled choice, repeated beside the lock button before it is pressed', async () => {
    const { submitted } = open()
    await flush()
    const group = q('lock-jobs-choice')!
    expect(group.getAttribute('role')).toBe('radiogroup')
    expect(document.getElementById(group.getAttribute('aria-labelledby')!)!.textContent).toBe('Scheduled jobs')
    const radios = group.querySelectorAll<HTMLInputElement>('input[type="radio"]')
    expect(radios).toHaveLength(2)
    expect(q('lock-jobs')!.querySelector('input')!.checked).toBe(true) // "stop while locked": the default
    const summary = q('lock-jobs-summary')!
    expect(summary.textContent).toBe('Scheduled jobs will be stopped while the infobase is locked.')
    expect(q('lock-confirm')!.getAttribute('aria-describedby')).toBe(summary.id)

    q('lock-jobs-keep')!.click()
    await flush()
    expect(q('lock-jobs-keep')!.querySelector('input')!.checked).toBe(true)
    expect(q('lock-jobs-summary')!.textContent).toBe('Scheduled jobs will keep running while the infobase is locked.')
    expect(q('lock-jobs-summary')!.dataset.jobsDeny).toBe('false')
    q<HTMLButtonElement>('lock-confirm')!.click()
    await flush()
    expect(submitted[0]!.scheduledJobsDeny).toBe(false)

    q('lock-jobs')!.click() // the control the e2e page object clicks to deny them
    await flush()
    expect(q('lock-jobs-summary')!.dataset.jobsDeny).toBe('true')
    q<HTMLButtonElement>('lock-confirm')!.click()
    await flush()
    expect(submitted[1]!.scheduledJobsDeny).toBe(true)
  })

  it('"from" shows the server\'s now; left untouched it is sent as null (the server\'s own now)', async () => {
    expect(new Date(2026, 10, 25).getTimezoneOffset()).toBe(-600) // the zone stub is in effect
    const { submitted } = open()
    await flush()
    expect(inputOf('lock-from')).toBe('2026-11-25 02:13:00')
    expect(q('lock-server-now')!.textContent).toContain('2026-11-25 02:13:00')
    expect(q('lock-to')!.querySelector('input')!.value).toBe('')
    await typeInto('lock-message', 'Обновление конфигурации')
    await typeInto('lock-permission-code', 'KOD-42')
    q<HTMLButtonElement>('lock-confirm')!.click()
    await flush()
    expect(submitted).toEqual([
      { message: 'Обновление конфигурации', permissionCode: 'KOD-42', from: null, to: null, scheduledJobsDeny: true },
    ])
  })

  it("with the server's time unknown it says so and guesses nothing: 'from' empty, no quick end", async () => {
    const { submitted } = open(null, null)
    await flush()
    expect(inputOf('lock-from')).toBe('')
    expect(q('lock-server-now')).toBeNull()
    expect(q('lock-server-now-unknown')!.textContent).toContain('unknown')
    const quick = document.querySelectorAll<HTMLButtonElement>('[data-testid^="lock-for-"]')
    expect(quick.length).toBeGreaterThan(0)
    for (const b of quick) expect(b.disabled).toBe(true)
    q<HTMLButtonElement>('lock-confirm')!.click()
    await flush()
    expect(submitted).toEqual([{ message: '', permissionCode: '', from: null, to: null, scheduledJobsDeny: true }])
  })

  it('sends picked dates as server wall clock (UTC ms of what the picker shows)', async () => {
    const { wrapper, submitted } = open()
    await flush()
    const pickers = wrapper.findAllComponents(NDatePicker)
    expect(pickers).toHaveLength(2)
    pickers[0]!.vm.$emit('update:value', new Date(2026, 10, 25, 22, 0, 0).getTime())
    pickers[1]!.vm.$emit('update:value', new Date(2026, 10, 26, 6, 15, 0).getTime())
    await flush()
    q('lock-jobs-keep')!.click()
    await flush()
    q<HTMLButtonElement>('lock-confirm')!.click()
    await flush()
    expect(submitted[0]).toMatchObject({
      from: Date.UTC(2026, 10, 25, 22, 0, 0),
      to: Date.UTC(2026, 10, 26, 6, 15, 0),
      scheduledJobsDeny: false,
    })
  })

  it('"now" is the server\'s clock carried forward by the elapsed (monotonic) time', async () => {
    let mono = 5_000
    const clock = followServerClock(SERVER_NOW, () => mono)
    mono += 90_000 // the dialog opens a minute and a half after the state was read
    open(null, clock)
    await flush()
    expect(inputOf('lock-from')).toBe('2026-11-25 02:14:30')
  })

  it('"for the next 30 minutes" counts from the server\'s now; from stays "now" (null)', async () => {
    const { submitted } = open()
    await flush()
    q('lock-for-30')!.click()
    await flush()
    expect(inputOf('lock-to')).toBe('2026-11-25 02:43:00')
    q<HTMLButtonElement>('lock-confirm')!.click()
    await flush()
    expect(submitted[0]).toMatchObject({ from: null, to: Date.UTC(2026, 10, 25, 2, 43, 0) })
  })

  it('refuses an end before the server\'s now, with a message, even with "from" untouched', async () => {
    const { wrapper, submitted } = open()
    await flush()
    // 01:43 server time: half an hour ago on the server (and hours ahead of a UTC desktop clock).
    wrapper.findAllComponents(NDatePicker)[1]!.vm.$emit('update:value', new Date(2026, 10, 25, 1, 43, 0).getTime())
    await flush()
    expect(q<HTMLButtonElement>('lock-confirm')!.disabled).toBe(true)
    expect(q('lock-to-error')!.textContent).toContain('2026-11-25 02:13:00')
    q<HTMLButtonElement>('lock-confirm')!.click()
    await flush()
    expect(submitted).toHaveLength(0)
  })

  it('refuses an end before the start', async () => {
    const { wrapper, submitted } = open()
    await flush()
    const pickers = wrapper.findAllComponents(NDatePicker)
    pickers[0]!.vm.$emit('update:value', new Date(2026, 10, 25, 22, 0, 0).getTime())
    pickers[1]!.vm.$emit('update:value', new Date(2026, 10, 25, 21, 0, 0).getTime())
    await flush()
    expect(q<HTMLButtonElement>('lock-confirm')!.disabled).toBe(true)
    expect(q('lock-to-error')!.textContent).toMatch(/after the start/)
    expect(submitted).toHaveLength(0)
  })

  it('prefills message and code of the current lock, shows its end in server time, start is now', async () => {
    const { submitted } = open(ACTIVE_LOCK)
    await flush()
    expect(inputOf('lock-from')).toBe('2026-11-25 02:13:00')
    expect(inputOf('lock-to')).toBe('2026-11-25 23:45:00')
    q<HTMLButtonElement>('lock-confirm')!.click()
    await flush()
    expect(submitted[0]).toEqual({
      message: 'Идёт обновление',
      permissionCode: '777',
      from: null,
      to: Date.UTC(2026, 10, 25, 23, 45, 0),
      scheduledJobsDeny: false,
    })
  })
  it('"lock in 15 min" starts 15 minutes after the server\'s now and writes the warning with the period in server time', async () => {
    const { submitted } = open()
    await flush()
    q('lock-in-15')!.click()
    await flush()
    expect(inputOf('lock-from')).toBe('2026-11-25 02:28:00')
    const message = () => q('lock-message')!.querySelector('textarea')!.value
    expect(message()).toBe(
      'The infobase will be locked for maintenance from 2026-11-25 02:28:00 to until further notice (server time). ' +
        'Please save your work and log out before 2026-11-25 02:28:00.',
    )
    // The end chosen afterwards is written in, while the text is left as written …
    q('lock-for-60')!.click()
    await flush()
    expect(message()).toContain('from 2026-11-25 02:28:00 to 2026-11-25 03:28:00 (server time)')
    q<HTMLButtonElement>('lock-confirm')!.click()
    await flush()
    expect(submitted[0]).toMatchObject({ from: Date.UTC(2026, 10, 25, 2, 28, 0), to: Date.UTC(2026, 10, 25, 3, 28, 0) })
    expect(submitted[0]!.message).toBe(message())
  })

  it("the warning template is the admin's own: edited once, it writes the next message; a hand-edited message stays", async () => {
    const { wrapper } = open()
    await flush()
    await typeInto('lock-template', 'Блокировка {from} — {to}')
    q('lock-in-5')!.click()
    await flush()
    const message = () => q('lock-message')!.querySelector('textarea')!.value
    expect(message()).toBe('Блокировка 2026-11-25 02:18:00 — until further notice')
    await typeInto('lock-message', 'Своими словами')
    q('lock-for-30')!.click()
    await flush()
    expect(message()).toBe('Своими словами')
    wrapper.unmount()
    // Kept for the next dialog.
    open()
    await flush()
    expect(q('lock-template')!.querySelector('textarea')!.value).toBe('Блокировка {from} — {to}')
    q('lock-template-reset')!.click()
    await flush()
    expect(q('lock-template')!.querySelector('textarea')!.value).toContain('will be locked for maintenance')
  })

  it('with the server\'s time unknown, "lock in" is not offered', async () => {
    open(null, null)
    await flush()
    expect(q<HTMLButtonElement>('lock-in-15')!.disabled).toBe(true)
  })
})

describe('LockPanel over the simulated server', () => {
  // The simulated server keeps Moscow time (UTC+3); this desktop is in São Paulo (UTC−3), so the
  // server's wall clock reads six hours ahead of the desktop's.
  beforeAll(() => vi.stubEnv('TZ', 'America/Sao_Paulo'))
  afterAll(() => vi.stubEnv('TZ', 'Asia/Vladivostok'))
  let serverNow = 0

  async function mountPanel() {
    const { world, pinia } = await startWorld({ sessions: 20, profiles: ['test'] })
    await useProfilesStore().load()
    const tab = infobaseTab(world.id('test'), world.clusterId('test'), world.infobase('test', 'buh_corp'))
    serverNow = Math.floor(world.serverNow() / 1000) * 1000 // the picker shows whole seconds
    const wrapper = await mountLockPanel(tab, pinia)
    q('lock-open')!.click()
    await flush()
    return { world, wrapper }
  }

  it('prefills "from" with the server\'s now, not the desktop\'s, and rejects an end before it', async () => {
    expect(new Date(2026, 10, 25).getTimezoneOffset()).toBe(180) // the zone stub is in effect
    const { world, wrapper } = await mountPanel()
    const from = shown('lock-from')
    expect(from).toBeGreaterThanOrEqual(serverNow)
    expect(from - serverNow).toBeLessThan(60_000) // only the time elapsed since the state was read
    // "To" one hour after the desktop's wall clock: still five hours in the server's past.
    wrapper.findAllComponents(NDatePicker)[1]!.vm.$emit('update:value', Date.now() + 3600_000)
    await flush()
    expect(q<HTMLButtonElement>('lock-confirm')!.disabled).toBe(true)
    expect(q('lock-to-error')).not.toBeNull()
    q('lock-for-30')!.click()
    await flush()
    expect(q('lock-to-error')).toBeNull()
    q<HTMLButtonElement>('lock-confirm')!.click()
    await vi.waitFor(() => expect(world.calls('setInfobaseLock')).toHaveLength(1), { timeout: 10_000 })
    const sent = world.calls('setInfobaseLock')[0]!.args[3] as LockInput
    expect(sent.from).toBeNull()
    expect(sent.to! - serverNow).toBeGreaterThanOrEqual(30 * 60_000)
    expect(sent.to! - serverNow).toBeLessThan(31 * 60_000)
    await vi.waitFor(() => expect(q('lock-state')!.dataset.phase).toBe('active'), { timeout: 10_000 })
    expect(world.infobase('test', 'buh_corp').sessionsDeny).toBe(true)
  })

  it('a lock set to start in 15 minutes is scheduled on the server, and the panel counts down to it', async () => {
    const { world } = await mountPanel()
    q('lock-in-15')!.click()
    await flush()
    q<HTMLButtonElement>('lock-confirm')!.click()
    await vi.waitFor(() => expect(world.calls('setInfobaseLock')).toHaveLength(1), { timeout: 10_000 })
    const sent = world.calls('setInfobaseLock')[0]!.args[3] as LockInput
    expect(sent.from! - serverNow).toBeGreaterThanOrEqual(15 * 60_000)
    expect(sent.from! - serverNow).toBeLessThan(16 * 60_000)
    expect(sent.message).toContain('(server time)')
    await vi.waitFor(() => expect(q('lock-state')!.dataset.phase).toBe('scheduled'), { timeout: 10_000 })
    expect(world.infobase('test', 'buh_corp').deniedFrom).toBe(sent.from)
    const countdown = q('lock-countdown')!.textContent!
    expect(countdown).toMatch(/^Starts in 1[45]:\d\d$/)
    const [m, sec] = countdown.replace('Starts in ', '').split(':').map(Number) as [number, number]
    const shownMs = (m * 60 + sec) * 1000
    // Counted on the server's clock (six hours ahead of this desktop's), not the desktop's.
    expect(Math.abs(shownMs - (sent.from! - world.serverNow()))).toBeLessThan(2_000)
  })
})

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { NDatePicker } from 'naive-ui'
import type { LockInput, LockState, ProfileDto } from '../../src-preload/contract'
import LockDialog from '../../src-renderer/src/components/LockDialog.vue'
import { flush, mountWithApp, q, typeInto, unmountAll } from './mount'

const profile: ProfileDto = {
  id: 'p1',
  name: 'Бухгалтерия (прод)',
  group: '',
  host: 'srv',
  port: 1545,
  clusterUser: '',
  hasClusterPassword: false,
  askClusterPassword: false,
  infobaseCredentials: [],
  label: 'prod',
  refreshInterval: 0,
  protection: 'normal',
  demo: false,
}

beforeAll(() => {
  vi.stubEnv('TZ', 'Asia/Vladivostok') // UTC+10: any accidental zone shift shows
})
afterAll(() => {
  vi.unstubAllEnvs()
})
afterEach(() => {
  unmountAll()
  document.body.innerHTML = ''
})

function open(current: LockState | null = null) {
  const submitted: LockInput[] = []
  const now = new Date(2026, 10, 25, 10, 30, 0).getTime() // desktop wall clock 10:30:00
  const wrapper = mountWithApp(LockDialog, {
    show: true,
    infobaseName: 'buh_prod',
    profile,
    current,
    now: () => now,
    onSubmit: (v: LockInput) => submitted.push(v),
  })
  return { wrapper, submitted }
}

describe('LockDialog', () => {
  it('"from" shows now; left untouched it is sent as null (the server\'s own now)', async () => {
    expect(new Date(2026, 10, 25).getTimezoneOffset()).toBe(-600) // the zone stub is in effect
    const { submitted } = open()
    await flush()
    const fromInput = q('lock-from')!.querySelector('input')!
    expect(fromInput.value).toBe('2026-11-25 10:30:00')
    expect(q('lock-to')!.querySelector('input')!.value).toBe('')
    await typeInto('lock-message', 'Обновление конфигурации')
    await typeInto('lock-permission-code', 'KOD-42')
    q<HTMLButtonElement>('lock-confirm')!.click()
    await flush()
    expect(submitted).toEqual([
      { message: 'Обновление конфигурации', permissionCode: 'KOD-42', from: null, to: null, scheduledJobsDeny: true },
    ])
  })

  it('sends picked dates as server wall clock (UTC ms of what the picker shows)', async () => {
    const { wrapper, submitted } = open()
    await flush()
    const pickers = wrapper.findAllComponents(NDatePicker)
    expect(pickers).toHaveLength(2)
    pickers[0]!.vm.$emit('update:value', new Date(2026, 10, 25, 22, 0, 0).getTime())
    pickers[1]!.vm.$emit('update:value', new Date(2026, 10, 26, 6, 15, 0).getTime())
    await flush()
    q('lock-jobs')!.click()
    await flush()
    q<HTMLButtonElement>('lock-confirm')!.click()
    await flush()
    expect(submitted[0]).toMatchObject({
      from: Date.UTC(2026, 10, 25, 22, 0, 0),
      to: Date.UTC(2026, 10, 26, 6, 15, 0),
      scheduledJobsDeny: false,
    })
  })

  it('refuses an end before the start', async () => {
    const { wrapper, submitted } = open()
    await flush()
    const pickers = wrapper.findAllComponents(NDatePicker)
    pickers[0]!.vm.$emit('update:value', new Date(2026, 10, 25, 22, 0, 0).getTime())
    pickers[1]!.vm.$emit('update:value', new Date(2026, 10, 25, 21, 0, 0).getTime())
    await flush()
    expect(q<HTMLButtonElement>('lock-confirm')!.disabled).toBe(true)
    expect(submitted).toHaveLength(0)
  })

  it('prefills message and code of the current lock, shows its end in server time, start is now', async () => {
    const current: LockState = {
      infobase: 'ib',
      name: 'buh_prod',
      sessionsDeny: true,
      active: true,
      deniedFrom: Date.UTC(2026, 10, 20, 8, 0, 0),
      deniedTo: Date.UTC(2026, 10, 25, 23, 45, 0),
      deniedMessage: 'Идёт обновление',
      permissionCode: '777',
      deniedParameter: '',
      scheduledJobsDeny: false,
    }
    const { submitted } = open(current)
    await flush()
    expect(q('lock-from')!.querySelector('input')!.value).toBe('2026-11-25 10:30:00')
    expect(q('lock-to')!.querySelector('input')!.value).toBe('2026-11-25 23:45:00')
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
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import type { LockInput, LockState } from '../../src-shared/contract'
import LockFields from '../../src-renderer/src/components/locks/LockFields.vue'
import { followServerClock } from '../../src-renderer/src/format/server-time'
import { ACTIVE_LOCK as current, SERVER_NOW } from './fixtures'
import { flush, mountWithApp, q, typeInto, unmountAll } from './mount'

// The server's clock reads 02:13:00 (SERVER_NOW); the test moves the monotonic clock it is carried by.
const MIN = 60_000

interface Exposed {
  problem: 'before-from' | 'past' | null
  take(): LockInput | null
}

afterEach(() => {
  unmountAll()
  document.body.innerHTML = ''
  vi.useRealTimers()
})

function mountFields(props: { testidPrefix: 'lock' | 'runbook'; startsNow?: boolean; current?: LockState | null }) {
  // Only the once-a-second re-read is faked; the server's clock itself is the real follower.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
  let mono = 0
  const clock = followServerClock(SERVER_NOW, () => mono)
  const wrapper = mountWithApp(LockFields, { current: null, serverNow: clock, ...props })
  const fields = wrapper.findComponent(LockFields).vm as unknown as Exposed
  return { fields, elapse: (ms: number) => (mono += ms) }
}

describe('LockFields', () => {
  it('editing a lock keeps its message, code, end and jobs setting; "from" is sent as null', async () => {
    const { fields } = mountFields({ testidPrefix: 'lock', current })
    await flush()
    expect(q('lock-from')!.querySelector('input')!.value).toBe('2026-11-25 02:13:00')
    // The hint's last sentence and the server's now are not run together ("time.Server time now").
    const now = q('lock-server-now')!
    expect(now.previousElementSibling?.nodeName).toBe('BR')
    expect(now.parentElement!.textContent).toMatch(/current time\.\s*Server time now/)
    expect(fields.take()).toEqual({
      message: 'Идёт обновление',
      permissionCode: '777',
      from: null,
      to: current.deniedTo,
      scheduledJobsDeny: false,
    })
  })

  it('starting now (the runbook) has no "from" to pick and begins a fresh period: open-ended, jobs denied', async () => {
    const { fields } = mountFields({ testidPrefix: 'runbook', startsNow: true, current })
    await flush()
    expect(q('runbook-from')!.querySelector('input')).toBeNull()
    expect(q('runbook-server-now')!.textContent).toContain('2026-11-25 02:13:00')
    await typeInto('runbook-permission-code', 'KOD-1')
    expect(fields.take()).toEqual({
      message: 'Идёт обновление',
      permissionCode: 'KOD-1',
      from: null,
      to: null,
      scheduledJobsDeny: true,
    })
  })

  it("an end that the server's clock passes while the fields show becomes invalid, with the server's now in the message", async () => {
    const { fields, elapse } = mountFields({ testidPrefix: 'runbook', startsNow: true })
    await flush()
    q('runbook-for-30')!.click()
    await flush()
    expect(fields.problem).toBeNull()
    expect(q('runbook-to-error')).toBeNull()
    elapse(31 * MIN)
    vi.advanceTimersByTime(1000)
    await flush()
    expect(fields.problem).toBe('past')
    expect(q('runbook-to-error')!.textContent).toContain('2026-11-25 02:44:00')
    expect(fields.take()).toBeNull()
  })

  it("take() reads the server's clock once more: an end passed since the last tick is refused", async () => {
    const { fields, elapse } = mountFields({ testidPrefix: 'lock' })
    await flush()
    q('lock-for-30')!.click()
    await flush()
    expect(fields.take()).toMatchObject({ to: SERVER_NOW + 30 * MIN })
    elapse(30 * MIN) // no tick yet: only take()'s own reading sees it
    expect(fields.problem).toBeNull()
    expect(fields.take()).toBeNull()
    expect(fields.problem).toBe('past')
  })

  it("with the server's time unknown it says so and checks only the order of the period", async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const wrapper = mountWithApp(LockFields, { current: null, serverNow: null, testidPrefix: 'lock' })
    await flush()
    expect(q('lock-server-now-unknown')).not.toBeNull()
    expect(q<HTMLButtonElement>('lock-for-30')!.disabled).toBe(true)
    const fields = wrapper.findComponent(LockFields).vm as unknown as Exposed
    expect(fields.take()).toEqual({ message: '', permissionCode: '', from: null, to: null, scheduledJobsDeny: true })
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LockInput, LockState, Result, SessionRow, TerminateReport } from '../../src-shared/contract'
import { createRunbook, POLL_MS, type RunbookDeps } from '../../src-renderer/src/stores/runbook'

function row(session: string, userName: string, isService = false): SessionRow {
  return { session, sessionId: Number(session.replace(/\D/g, '')) || 1, userName, isService } as SessionRow
}

const lockState = (deny: boolean): LockState => ({
  infobase: 'ib',
  name: 'buh',
  sessionsDeny: deny,
  active: deny,
  phase: deny ? 'active' : 'off',
  serverNow: Date.UTC(2026, 10, 25, 10, 0, 0),
  deniedFrom: null,
  deniedTo: null,
  deniedMessage: 'Работы',
  permissionCode: 'KOD',
  deniedParameter: '',
  scheduledJobsDeny: deny,
})

/** A tiny server: sessions in a list; terminate removes them unless told they resist. */
function fakeServer(initial: SessionRow[]) {
  const sessions = [...initial]
  const calls: string[] = []
  const resist = new Set<string>()
  const terminated: Array<{ ids: string[]; message: string }> = []
  let failLock = false
  const deps: RunbookDeps = {
    lock: async (input: LockInput): Promise<Result<LockState>> => {
      calls.push(`lock:${input.message}`)
      if (failLock) return { ok: false, error: { code: 'RIGHTS', message: 'no' } }
      return { ok: true, value: lockState(true) }
    },
    unlock: async () => {
      calls.push('unlock')
      return { ok: true, value: lockState(false) }
    },
    list: async () => {
      calls.push('list')
      return { ok: true, value: [...sessions] }
    },
    terminate: async (ids, message): Promise<Result<TerminateReport>> => {
      calls.push('terminate')
      terminated.push({ ids, message })
      let n = 0
      for (const id of ids) {
        if (resist.has(id)) continue
        const i = sessions.findIndex((s) => s.session === id)
        if (i >= 0) {
          sessions.splice(i, 1)
          n++
        }
      }
      return { ok: true, value: { results: [], terminated: n, gone: ids.length - n, failed: 0 } }
    },
  }
  return {
    deps,
    sessions,
    calls,
    resist,
    terminated,
    set failLock(v: boolean) {
      failLock = v
    },
  }
}

const input: LockInput = { message: 'Работы', permissionCode: 'KOD', from: null, to: null, scheduledJobsDeny: true }
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

/** Locked, then terminating at once (service included) with s2 resisting: left waiting for s2. */
async function waitingForResister() {
  const srv = fakeServer([row('s1', 'Иванов'), row('s2', 'Петров')])
  srv.resist.add('s2')
  const rb = createRunbook(srv.deps)
  await rb.lock(input)
  rb.startTerminate({ message: 'm', graceSeconds: 0, includeService: true })
  await settle()
  return { srv, rb }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('runbook state machine', () => {
  it('lock → countdown → terminate (service included) → wait → done → unlock', async () => {
    const srv = fakeServer([row('s1', 'Иванов'), row('s2', 'Петров'), row('s3', 'Фоновое', true)])
    const rb = createRunbook(srv.deps)
    expect(rb.state.step).toBe('lock')
    expect(await rb.lock(input)).toBe(true)
    expect(rb.state.step).toBe('terminate')
    expect(rb.state.locked).toBe(true)

    rb.startTerminate({ message: 'Выйдите', graceSeconds: 3, includeService: true })
    expect(rb.state.countdown).toBe(3)
    await vi.advanceTimersByTimeAsync(1000)
    expect(rb.state.countdown).toBe(2)
    expect(srv.terminated).toEqual([]) // nothing before the countdown ends
    await vi.advanceTimersByTimeAsync(2000)
    await settle()
    expect(srv.terminated).toEqual([{ ids: ['s1', 's2', 's3'], message: 'Выйдите' }])
    expect(rb.state.terminated).toBe(3)
    expect(rb.state.step).toBe('done') // the first poll found nobody
    expect(rb.state.remaining).toEqual([])
    expect(rb.summary()).toMatchObject({ locked: true, lockInEffect: true, terminated: 3 })

    expect(await rb.unlock()).toBe(true)
    expect(rb.summary()).toMatchObject({ unlocked: true, lockInEffect: false })
    expect(srv.calls.at(-1)).toBe('unlock')
  })

  it('service sessions excluded: the wait step shows them and polls every 3 s; "terminate the rest" ends it', async () => {
    const srv = fakeServer([row('s1', 'Иванов'), row('s9', 'Фоновое', true)])
    const rb = createRunbook(srv.deps)
    await rb.lock(input)
    rb.startTerminate({ message: 'm', graceSeconds: 0, includeService: false })
    await settle()
    expect(srv.terminated[0]!.ids).toEqual(['s1'])
    expect(rb.state.step).toBe('wait')
    expect(rb.state.remaining!.map((r) => r.userName)).toEqual(['Фоновое'])

    const lists = () => srv.calls.filter((c) => c === 'list').length
    const before = lists()
    await vi.advanceTimersByTimeAsync(POLL_MS - 1)
    expect(lists()).toBe(before)
    await vi.advanceTimersByTimeAsync(1)
    expect(lists()).toBe(before + 1)
    expect(rb.state.step).toBe('wait')

    // The session ends by itself: the next poll moves to done and polling stops.
    srv.sessions.splice(0)
    await vi.advanceTimersByTimeAsync(POLL_MS)
    expect(rb.state.step).toBe('done')
    const after = lists()
    await vi.advanceTimersByTimeAsync(POLL_MS * 3)
    expect(lists()).toBe(after)
  })

  it('terminate the rest again', async () => {
    const { srv, rb } = await waitingForResister()
    expect(rb.state.step).toBe('wait')
    expect(rb.state.remaining!.map((r) => r.session)).toEqual(['s2'])
    srv.resist.clear()
    await rb.terminateRest()
    expect(srv.terminated.at(-1)!.ids).toEqual(['s2'])
    expect(rb.state.step).toBe('done')
    expect(rb.state.terminated).toBe(2)
    expect(rb.state.rounds).toBe(2)
  })

  it('cancel during the countdown: nothing terminated, the lock stays in effect', async () => {
    const srv = fakeServer([row('s1', 'Иванов')])
    const rb = createRunbook(srv.deps)
    await rb.lock(input)
    rb.startTerminate({ message: 'm', graceSeconds: 5, includeService: true })
    await vi.advanceTimersByTimeAsync(2000)
    const summary = rb.cancel()
    expect(summary).toMatchObject({
      locked: true,
      lockInEffect: true,
      terminated: 0,
      step: 'terminate',
      countdownStopped: true,
    })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(srv.terminated).toEqual([])
    expect(srv.calls).not.toContain('terminate')
    // Unlock is still offered after cancel.
    expect(await rb.unlock()).toBe(true)
    expect(rb.summary().lockInEffect).toBe(false)
  })

  it('the countdown can be stretched, stopped, or cut short', async () => {
    const srv = fakeServer([row('s1', 'Иванов')])
    const rb = createRunbook(srv.deps)
    await rb.lock(input)
    rb.startTerminate({ message: 'm', graceSeconds: 2, includeService: true })
    rb.adjustCountdown(30)
    expect(rb.state.countdown).toBe(32)
    await vi.advanceTimersByTimeAsync(5000)
    expect(rb.state.countdown).toBe(27)
    rb.stopCountdown()
    expect(rb.state.countdown).toBeNull()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(srv.terminated).toEqual([])
    expect(rb.state.step).toBe('terminate')
    rb.startTerminate({ message: 'm', graceSeconds: 10, includeService: true })
    await rb.terminateNow()
    expect(srv.terminated).toHaveLength(1)
    expect(rb.state.step).toBe('done')
  })

  it('cancel while waiting stops polling; the summary counts what was terminated', async () => {
    const { srv, rb } = await waitingForResister()
    const s = rb.cancel()
    expect(s).toMatchObject({ locked: true, lockInEffect: true, terminated: 1, remaining: 1, step: 'wait' })
    const n = srv.calls.length
    await vi.advanceTimersByTimeAsync(POLL_MS * 4)
    expect(srv.calls.length).toBe(n)
  })

  it('a failed lock stays on step 1 with the error; cancel then reports nothing done', async () => {
    const srv = fakeServer([row('s1', 'Иванов')])
    srv.failLock = true
    const rb = createRunbook(srv.deps)
    expect(await rb.lock(input)).toBe(false)
    expect(rb.state.step).toBe('lock')
    expect(rb.state.error?.code).toBe('RIGHTS')
    rb.startTerminate({ message: 'm', graceSeconds: 0, includeService: true })
    await settle()
    expect(srv.terminated).toEqual([])
    expect(rb.cancel()).toMatchObject({ locked: false, lockInEffect: false, terminated: 0 })
  })
})

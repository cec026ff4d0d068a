/**
 * The maintenance runbook for one infobase, as a small state machine with injected calls and the
 * global timers (so tests drive it with fake timers):
 *
 *   lock ──lock()──▶ terminate ──startTerminate()──▶ [countdown] ──▶ wait ──(no session left)──▶ done
 *
 * - lock: sets the infobase lock (start null = the server's own "now").
 * - terminate: terminates the infobase's sessions with the message, after an optional grace
 *   countdown (adjustable while it runs, 0 = now); service sessions included or not. The set is
 *   frozen when the countdown ends: sessions that appear later are not touched here.
 * - wait: polls the infobase's sessions every POLL_MS, background jobs included, until none is left;
 *   "terminate the rest again" is offered.
 * - done: one-click unlock.
 *
 * Cancel at any step stops every timer and leaves `summary()` to say exactly what was done
 * (locked? how many terminated?) and what is still in effect (the lock, until unlocked).
 */
import { reactive } from 'vue'
import type { ApiError, LockInput, LockState, Result, SessionRow, TerminateReport } from '../../../src-shared/contract'
import type { TerminateProgress } from '../composables/terminate-flow'

export const RUNBOOK_STEPS = ['lock', 'terminate', 'wait', 'done'] as const
export type RunbookStep = (typeof RUNBOOK_STEPS)[number]

/** How often the wait step re-reads the infobase's sessions. */
export const POLL_MS = 3000

export interface RunbookDeps {
  lock(input: LockInput): Promise<Result<LockState>>
  unlock(): Promise<Result<LockState>>
  /** The infobase's sessions right now, background jobs included. */
  list(): Promise<Result<SessionRow[]>>
  /** One terminate with its own operation id, reporting only its own progress (terminate-flow.ts). */
  terminate(
    sessionIds: string[],
    message: string,
    onProgress?: (progress: TerminateProgress) => void,
  ): Promise<Result<TerminateReport>>
}

export interface TerminatePlan {
  message: string
  graceSeconds: number
  includeService: boolean
}

export interface RunbookSummary {
  /** The runbook's lock was applied (by this run). */
  locked: boolean
  unlocked: boolean
  /** The lock stays in effect until someone unlocks. */
  lockInEffect: boolean
  terminated: number
  gone: number
  failed: number
  /** Sessions seen at the last poll (null: never polled). */
  remaining: number | null
  /** The step the runbook was at. */
  step: RunbookStep
  /** A countdown was running and was stopped: nothing of that round was terminated. */
  countdownStopped: boolean
}

export interface RunbookState {
  step: RunbookStep
  busy: boolean
  error: ApiError | null
  lock: LockState | null
  locked: boolean
  unlocked: boolean
  cancelled: boolean
  plan: TerminatePlan | null
  /** Seconds left of the grace countdown; null when none runs. */
  countdown: number | null
  countdownStopped: boolean
  terminated: number
  gone: number
  failed: number
  rounds: number
  /** Progress of the terminate running now (null: none runs). */
  progress: TerminateProgress | null
  /** Every round's outcomes in one report (null: nothing terminated yet). */
  report: TerminateReport | null
  /** Sessions still in the infobase at the last poll (null: not polled yet). */
  remaining: SessionRow[] | null
  polledAt: number | null
}

export type Runbook = ReturnType<typeof createRunbook>

export function createRunbook(deps: RunbookDeps) {
  const state = reactive<RunbookState>({
    step: 'lock',
    busy: false,
    error: null,
    lock: null,
    locked: false,
    unlocked: false,
    cancelled: false,
    plan: null,
    countdown: null,
    countdownStopped: false,
    terminated: 0,
    gone: 0,
    failed: 0,
    rounds: 0,
    progress: null,
    report: null,
    remaining: null,
    polledAt: null,
  })
  let tick: ReturnType<typeof setInterval> | null = null
  let poll: ReturnType<typeof setTimeout> | null = null
  /** Bumped by cancel/dispose: answers of calls started before are ignored. */
  let epoch = 0

  function stopTimers() {
    if (tick !== null) clearInterval(tick)
    if (poll !== null) clearTimeout(poll)
    tick = null
    poll = null
  }

  /** A lock or unlock call: busy while it runs, then the server's lock state or the error. */
  async function changeLock(run: () => Promise<Result<LockState>>): Promise<boolean> {
    const my = epoch
    state.busy = true
    state.error = null
    const r = await run()
    if (my !== epoch) return false
    state.busy = false
    if (r.ok) state.lock = r.value
    else state.error = r.error
    return r.ok
  }

  async function lock(input: LockInput): Promise<boolean> {
    if (state.step !== 'lock' || state.busy || state.cancelled) return false
    if (!(await changeLock(() => deps.lock(input)))) return false
    state.locked = true
    state.step = 'terminate'
    return true
  }

  /** Step 2: terminate now (graceSeconds 0) or after a countdown. */
  function startTerminate(plan: TerminatePlan): void {
    if (state.step !== 'terminate' || state.busy || state.countdown !== null || state.cancelled) return
    state.plan = { ...plan, graceSeconds: Math.max(0, Math.floor(plan.graceSeconds)) }
    state.error = null
    state.countdownStopped = false
    if (state.plan.graceSeconds === 0) {
      void terminateNow()
      return
    }
    state.countdown = state.plan.graceSeconds
    tick = setInterval(() => {
      if (state.countdown === null) return
      state.countdown = Math.max(0, state.countdown - 1)
      if (state.countdown === 0) void terminateNow()
    }, 1000)
  }

  /** While the countdown runs: add (or take away) seconds. */
  function adjustCountdown(deltaSeconds: number): void {
    if (state.countdown === null) return
    state.countdown = Math.max(1, state.countdown + deltaSeconds)
  }

  /** Stops the countdown and stays on step 2 (nothing terminated). */
  function stopCountdown(): void {
    if (state.countdown === null) return
    if (tick !== null) clearInterval(tick)
    tick = null
    state.countdown = null
    state.countdownStopped = true
  }

  function account(report: TerminateReport) {
    state.terminated += report.terminated
    state.gone += report.gone
    state.failed += report.failed
    state.rounds++
    const before = state.report
    state.report = {
      results: [...(before?.results ?? []), ...report.results],
      terminated: state.terminated,
      gone: state.gone,
      failed: state.failed,
    }
  }

  /** One round of terminate, following its own progress. */
  async function terminateRound(ids: string[], message: string): Promise<Result<TerminateReport>> {
    state.progress = { done: 0, total: ids.length }
    try {
      return await deps.terminate(ids, message, (p) => (state.progress = p))
    } finally {
      state.progress = null
    }
  }

  /** Ends the countdown (if any) and terminates the infobase's sessions in scope now. */
  async function terminateNow(): Promise<void> {
    if (state.step !== 'terminate' || state.busy || state.cancelled || !state.plan) return
    if (tick !== null) clearInterval(tick)
    tick = null
    state.countdown = null
    const plan = state.plan
    const my = epoch
    state.busy = true
    const listed = await deps.list()
    if (my !== epoch) return
    if (!listed.ok) {
      state.busy = false
      state.error = listed.error
      return
    }
    const ids = listed.value.filter((r) => plan.includeService || !r.isService).map((r) => r.session)
    if (ids.length > 0) {
      const r = await terminateRound(ids, plan.message)
      if (my !== epoch) return
      if (!r.ok) {
        state.busy = false
        state.error = r.error
        return
      }
      account(r.value)
    }
    state.busy = false
    state.step = 'wait'
    await pollNow()
  }

  function schedulePoll() {
    if (poll !== null) clearTimeout(poll)
    poll = setTimeout(() => {
      poll = null
      void pollNow()
    }, POLL_MS)
  }

  /** Reads the sessions left; reaching none moves to done. Errors keep polling (shown). */
  async function pollNow(): Promise<void> {
    if (state.step !== 'wait' || state.cancelled) return
    const my = epoch
    const r = await deps.list()
    if (my !== epoch || state.step !== 'wait') return
    if (r.ok) {
      state.error = null
      state.remaining = r.value
      state.polledAt = Date.now()
      if (r.value.length === 0) {
        stopTimers()
        state.step = 'done'
        return
      }
    } else state.error = r.error
    schedulePoll()
  }

  /** Wait step: terminate every session still there (background jobs included), then poll. */
  async function terminateRest(): Promise<void> {
    if (state.step !== 'wait' || state.busy || !state.remaining?.length) return
    const my = epoch
    state.busy = true
    const r = await terminateRound(
      state.remaining.map((s) => s.session),
      state.plan?.message ?? '',
    )
    if (my !== epoch) return
    state.busy = false
    if (!r.ok) state.error = r.error
    else account(r.value)
    await pollNow()
  }

  async function unlock(): Promise<boolean> {
    if (!state.locked || state.unlocked || state.busy) return false
    if (!(await changeLock(deps.unlock))) return false
    state.unlocked = true
    return true
  }

  /**
   * Stops whatever runs; the lock (if set) stays. `summary()` then says what was done. The dialog
   * offers cancel only while no call is in flight, so the counts are final.
   */
  function cancel(): RunbookSummary {
    epoch++
    stopTimers()
    if (state.countdown !== null) state.countdownStopped = true
    state.countdown = null
    state.busy = false
    state.cancelled = true
    return summary()
  }

  function summary(): RunbookSummary {
    return {
      locked: state.locked,
      unlocked: state.unlocked,
      lockInEffect: state.locked && !state.unlocked,
      terminated: state.terminated,
      gone: state.gone,
      failed: state.failed,
      remaining: state.remaining ? state.remaining.length : null,
      step: state.step,
      countdownStopped: state.countdownStopped,
    }
  }

  /** Stops timers without marking the run cancelled (component unmount). */
  function dispose() {
    epoch++
    stopTimers()
  }

  return {
    state,
    lock,
    startTerminate,
    adjustCountdown,
    stopCountdown,
    terminateNow,
    pollNow,
    terminateRest,
    unlock,
    cancel,
    summary,
    dispose,
  }
}

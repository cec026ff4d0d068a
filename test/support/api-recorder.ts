/**
 * The renderer tests' only control over the api: it wraps the real one (test/support/renderer-world.ts)
 * to record calls, add latency, and fail a call on cue. It never answers in the backend's place,
 * except with the failure it was told to give or once the world was stopped.
 */
import { setTimeout as realDelay } from 'node:timers/promises'
import { API_METHODS, type ApiError, type ApiEvent, type RendererApi, type Result } from '../../src-shared/contract'

export type ApiMethodName = Exclude<keyof RendererApi, 'onEvent'>

export interface RecordedCall {
  method: string
  args: unknown[]
}

export interface ApiControl {
  /** Every call, in order, with its arguments as they arrived (already cloned by the bridge). */
  readonly calls: RecordedCall[]
  /** Calls running right now / the most ever running at once (latency wait included). */
  inFlight: number
  maxInFlight: number
  inFlightBy: Record<string, number>
  maxInFlightBy: Record<string, number>
  /** Every call first waits this long on `setTimeout` (fake timers control it). */
  latencyMs: number
  /** The next call of `method` (or the next `times` calls) answers `error` instead of running. */
  fail(method: ApiMethodName, error: ApiError, times?: number): void
  /** Resolves once no call is waiting on the real backend (polls on real timers). */
  settled(timeoutMs?: number): Promise<void>
}

export type RecordingControl = ApiControl & {
  failures: Map<string, { error: ApiError; times: number }>
  /** Calls past their latency and failure checks, waiting on the real backend. */
  waitingOnBackend: number
}

export function createControl(isStopped: () => boolean): RecordingControl {
  return {
    calls: [],
    inFlight: 0,
    maxInFlight: 0,
    inFlightBy: {},
    maxInFlightBy: {},
    latencyMs: 0,
    failures: new Map(),
    waitingOnBackend: 0,
    fail(method, error, times = 1) {
      this.failures.set(method, { error, times })
    },
    async settled(timeoutMs = 15_000) {
      // node:timers/promises is not faked by vi.useFakeTimers (nor is this count), so this waits
      // on real time even while a test fakes the clock.
      for (let waited = 0; this.waitingOnBackend > 0 && !isStopped(); waited += 2) {
        if (waited > timeoutMs) throw new Error(`renderer world: calls still running after ${timeoutMs} ms`)
        await realDelay(2)
      }
      await realDelay(1)
    },
  }
}

const STOPPED: ApiError = { code: 'NETWORK', message: 'the test world was stopped' }

/** The real api with the recorder, latency and failures on cue in front of every method. */
export function recordedApi(
  real: Pick<RendererApi, ApiMethodName>,
  control: RecordingControl,
  listeners: Set<(event: ApiEvent) => void>,
  isStopped: () => boolean,
): RendererApi {
  const api: Record<string, unknown> = {
    onEvent(listener: (event: ApiEvent) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  for (const method of API_METHODS) {
    const call = real[method] as (...args: unknown[]) => Promise<Result<unknown>>
    api[method] = async (...args: unknown[]): Promise<Result<unknown>> => {
      control.calls.push({ method, args })
      control.inFlight++
      control.maxInFlight = Math.max(control.maxInFlight, control.inFlight)
      const running = (control.inFlightBy[method] ?? 0) + 1
      control.inFlightBy[method] = running
      control.maxInFlightBy[method] = Math.max(control.maxInFlightBy[method] ?? 0, running)
      try {
        if (control.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, control.latencyMs))
        const failure = control.failures.get(method)
        if (failure) {
          if (--failure.times <= 0) control.failures.delete(method)
          return { ok: false, error: failure.error }
        }
        // A late call from an app a test left running never reaches a disposed pool.
        if (isStopped()) return { ok: false, error: STOPPED }
        control.waitingOnBackend++
        try {
          return await call(...args)
        } finally {
          control.waitingOnBackend--
        }
      } finally {
        control.inFlight--
        control.inFlightBy[method] = (control.inFlightBy[method] ?? 1) - 1
      }
    }
  }
  return api as unknown as RendererApi
}

/**
 * Records the history of profiles marked "Record history in the background" even with no tab
 * open (issue 17): every `everySeconds` (history settings) each marked profile's clusters are
 * listed by the same flow a refresh uses — SessionService.listSessions, whose full lists the
 * HistoryRecorder turns into samples — never two rounds of one profile at once. A server that does
 * not answer is paused with back-off (1, 2, 4 … minutes, at most 15) and tried again; profiles are
 * started and stopped as they change; `stop` ends every loop and waits for a round in flight.
 */
import type { BackgroundStatus } from './history'
import { sampleTime } from '../history/sample'
import { describeError, toApiError } from './errors'
import type { Clock } from './ports'

/** Time for the loops: the wall clock, and a callback after a delay (tests control both). */
export interface Scheduler extends Clock {
  /** Calls `fn` after `ms`; returns a cancel. */
  after(ms: number, fn: () => void): () => void
}

export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms)
    timer.unref?.()
    return () => clearTimeout(timer)
  },
}

const BACKOFF_FIRST_MS = 60_000
const BACKOFF_MAX_MS = 15 * 60_000

/** What the recorder needs of the services (wired in services/index.ts). */
export interface BackgroundDeps {
  /** Profile ids marked "record history". */
  marked(): string[]
  clusters(profileId: string): Promise<Array<{ cluster: string; name: string }>>
  /** A full session list (the refresh's flow: it becomes a sample); the server's now, when known. */
  list(profileId: string, cluster: string, clusterName: string): Promise<number | null>
  everyMs(): number
  log(line: string): void
}

interface Loop {
  cancel: (() => void) | null
  running: Promise<void> | null
  failures: number
  lastSample: number | null
  error: string | null
  stopped: boolean
}

export class BackgroundRecorder {
  private readonly loops = new Map<string, Loop>()
  private stopped = false

  constructor(
    private readonly deps: BackgroundDeps,
    private readonly scheduler: Scheduler = systemScheduler,
  ) {}

  /** Starts a loop for each newly marked profile and stops those no longer marked (or deleted). */
  sync(): void {
    if (this.stopped) return
    let marked: Set<string>
    try {
      marked = new Set(this.deps.marked())
    } catch (e) {
      this.deps.log(`history: background recording: the profiles cannot be read: ${(e as Error).message}`)
      return
    }
    for (const [id, loop] of this.loops) {
      if (!marked.has(id)) {
        loop.stopped = true
        loop.cancel?.()
        this.loops.delete(id)
      }
    }
    for (const id of marked) {
      if (this.loops.has(id)) continue
      const loop: Loop = { cancel: null, running: null, failures: 0, lastSample: null, error: null, stopped: false }
      this.loops.set(id, loop)
      this.schedule(id, loop, 0)
    }
  }

  /** The interval changed: loops waiting a normal interval start over with the new one. */
  settingsChanged(): void {
    for (const [id, loop] of this.loops) {
      if (loop.failures > 0 || loop.running) continue
      loop.cancel?.()
      this.schedule(id, loop, this.deps.everyMs())
    }
  }

  status(): BackgroundStatus {
    return [...this.loops].map(([profileId, l]) => ({ profileId, lastSample: l.lastSample, error: l.error }))
  }

  /** Resolves when no round is in flight (tests, and stop). */
  async idle(): Promise<void> {
    await Promise.all([...this.loops.values()].flatMap((l) => (l.running ? [l.running] : [])))
  }

  async stop(): Promise<void> {
    this.stopped = true
    const running: Array<Promise<void>> = []
    for (const loop of this.loops.values()) {
      loop.stopped = true
      loop.cancel?.()
      if (loop.running) running.push(loop.running)
    }
    this.loops.clear()
    await Promise.all(running)
  }

  private schedule(id: string, loop: Loop, ms: number): void {
    loop.cancel = this.scheduler.after(ms, () => {
      loop.cancel = null
      if (loop.stopped) return
      loop.running = this.round(id, loop).finally(() => (loop.running = null))
    })
  }

  /** One round: every cluster of the profile's server, one after another; then the next is scheduled. */
  private async round(id: string, loop: Loop): Promise<void> {
    const started = this.scheduler.now()
    try {
      for (const c of await this.deps.clusters(id)) {
        if (loop.stopped) return
        const serverNow = await this.deps.list(id, c.cluster, c.name)
        loop.lastSample = sampleTime(serverNow, this.scheduler.now())
      }
      loop.failures = 0
      loop.error = null
    } catch (e) {
      loop.failures++
      loop.error = describeError(toApiError(e))
      this.deps.log(`history: background recording of profile ${id} paused: ${loop.error}`)
    }
    if (loop.stopped) return
    const every = this.deps.everyMs()
    const wait =
      loop.failures > 0
        ? Math.max(every, Math.min(BACKOFF_FIRST_MS * 2 ** (loop.failures - 1), BACKOFF_MAX_MS))
        : Math.max(0, started + every - this.scheduler.now())
    this.schedule(id, loop, wait)
  }
}

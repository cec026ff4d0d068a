/**
 * The loop of the commands that run until Ctrl+C (`record`, `watch`): one round at a time, the
 * next a full interval after the previous started (at once if it took longer, never two at
 * once), and a stop signal that ends the wait but never cuts a round short.
 */

export interface Rounds {
  /** One round; a thrown error is passed to `failed`, which says how long to wait before the next. */
  round(): Promise<void>
  failed(e: unknown, failures: number): number
  /** The round after one or more failures succeeded. */
  recovered?(): void
  everyMs: number
}

export async function runUntilStopped(r: Rounds): Promise<void> {
  let stopping = false
  let wake: (() => void) | null = null
  const stop = () => {
    stopping = true
    wake?.()
  }
  // While running, this command alone decides what a stop signal does. conf (via atomically's
  // when-exit, loaded with --profile) re-sends SIGINT/SIGTERM to kill the process at once, which
  // would cut a round short; its handlers are set aside (no profile file is written meanwhile)
  // and put back afterwards.
  const setAside = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const others = process.listeners(signal)
    for (const l of others) process.off(signal, l)
    return { signal, others }
  })
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wake = null
        resolve()
      }
      wake = done
    })
  let failures = 0
  try {
    while (!stopping) {
      const started = Date.now()
      try {
        await r.round()
        if (failures > 0) r.recovered?.()
        failures = 0
      } catch (e) {
        failures++
        const delay = r.failed(e, failures)
        if (!stopping) await sleep(delay)
        continue
      }
      const wait = started + r.everyMs - Date.now()
      if (!stopping && wait > 0) await sleep(wait)
    }
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    for (const { signal, others } of setAside) for (const l of others) process.on(signal, l)
  }
}

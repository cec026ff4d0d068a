/**
 * One concurrency limiter for both sides: the fleet view and "find a user" load many servers at
 * once, the services terminate thousands of sessions and probe locks, each without opening a storm
 * of connections.
 */

export type Limiter = <T>(task: () => Promise<T>) => Promise<T>

/**
 * Runs at most `limit` tasks at once (at least one), in the order they were queued. A task that
 * never settles holds one slot only, so one dead server cannot hold the others.
 */
export function createLimiter(limit: number): Limiter {
  const slots = Math.max(1, Math.floor(limit))
  let running = 0
  const queue: Array<() => void> = []
  const next = () => {
    if (running >= slots) return
    const start = queue.shift()
    if (start) start()
  }
  return function run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push(() => {
        running++
        let settled: Promise<T>
        try {
          settled = task()
        } catch (e) {
          settled = Promise.reject(e) // a task that throws at once must still give its slot back
        }
        settled.then(resolve, reject).finally(() => {
          running--
          next()
        })
      })
      next()
    })
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const run = createLimiter(limit)
  return Promise.all(items.map((item) => run(() => fn(item))))
}

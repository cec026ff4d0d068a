/** The one concurrency limiter (src-shared/limit.ts) the renderer's fleet and the services' bulk work share. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createLimiter, mapBounded } from '../../../src-shared/limit'

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

describe('createLimiter', () => {
  it('property: never more than the limit at once, tasks start in the order queued, every result arrives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.nat(3), { minLength: 0, maxLength: 25 }),
        async (limit, ticks) => {
          const run = createLimiter(limit)
          let running = 0
          let most = 0
          const started: number[] = []
          const results = await Promise.all(
            ticks.map((n, i) =>
              run(async () => {
                started.push(i)
                most = Math.max(most, ++running)
                for (let k = 0; k < n; k++) await tick()
                running--
                return i * 2
              }),
            ),
          )
          expect(most).toBeLessThanOrEqual(limit)
          expect(started).toEqual(ticks.map((_, i) => i))
          expect(results).toEqual(ticks.map((_, i) => i * 2))
        },
      ),
      { numRuns: 60 },
    )
  })

  it('a failing task (rejected or thrown at once) fails its own call and gives its slot back', async () => {
    const run = createLimiter(1)
    const rejected = run(() => Promise.reject(new Error('server said no')))
    const thrown = run((): Promise<number> => {
      throw new Error('bug')
    })
    const after = run(async () => 'next')
    await expect(rejected).rejects.toThrow('server said no')
    await expect(thrown).rejects.toThrow('bug')
    await expect(after).resolves.toBe('next')
  })

  it('a limit below one still runs one task at a time instead of none', async () => {
    await expect(createLimiter(0)(async () => 1)).resolves.toBe(1)
  })
})

describe('mapBounded', () => {
  it('keeps the input order of results while finishing out of order, with at most `limit` in flight', async () => {
    let running = 0
    let most = 0
    const out = await mapBounded([30, 5, 20, 1, 10], 2, async (ms) => {
      most = Math.max(most, ++running)
      await new Promise((resolve) => setTimeout(resolve, ms))
      running--
      return `${ms}ms`
    })
    expect(out).toEqual(['30ms', '5ms', '20ms', '1ms', '10ms'])
    expect(most).toBe(2)
    expect(await mapBounded([], 4, async () => 1)).toEqual([])
  })
})

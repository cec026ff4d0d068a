/**
 * The watch's around looks share a few slots (src-main/watch/around-look.ts): however many
 * clusters are due at once, no more than the slots run together; each look still runs, in the
 * order it came; a look that fails frees its slot.
 */
import { describe, expect, it } from 'vitest'
import { AroundSlots } from '../../../src-main/watch'

describe('around slots', () => {
  it('runs every task, at most `size` at a time, in the order they came; a failure frees its slot', async () => {
    const slots = new AroundSlots(2)
    let running = 0
    let most = 0
    const started: number[] = []
    const task = (i: number) => async () => {
      started.push(i)
      running++
      most = Math.max(most, running)
      await new Promise((r) => setTimeout(r, 5 + (i % 3) * 3))
      running--
      if (i === 3) throw new Error('the server stalled')
      return i
    }
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => slots.run(task(i))))
    expect(most).toBe(2)
    expect(started).toEqual(Array.from({ length: 12 }, (_, i) => i))
    expect(
      results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<number>).value),
    ).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(results[3]!.status).toBe('rejected')
  })

  it('a task that never ends holds one slot; the others go on in the rest', async () => {
    const slots = new AroundSlots(2)
    void slots.run(() => new Promise(() => undefined))
    const done = await Promise.all([1, 2, 3].map((i) => slots.run(async () => i)))
    expect(done).toEqual([1, 2, 3])
  })
})

/**
 * The values a raw replay holds open while it sums (open-values.ts) add up as the plain model does
 * — a map of ref → value and the Σ w it began at — for any run of sets, closes and keyframes,
 * refs far past the arrays' first size included.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Values } from '../../../src-main/history/history-blob'
import { OpenValues } from '../../../src-main/history/open-values'

type Step =
  { kind: 'set'; ref: number; v: Values } | { kind: 'close'; ref: number } | { kind: 'all' } | { kind: 'w'; w: number }

const counter = fc.integer({ min: 0, max: 2 ** 40 })
// Mostly a few refs (so they close, reopen and close again), some far past the arrays' first size.
const ref = fc.oneof(fc.nat(12), fc.nat(12), fc.nat(5000))
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), ref, v: fc.tuple(counter, counter, counter, counter) }),
  fc.record({ kind: fc.constant('close' as const), ref }),
  fc.record({ kind: fc.constant('all' as const) }),
  fc.record({ kind: fc.constant('w' as const), w: fc.integer({ min: 0, max: 300 }) }),
)

function sums(
  steps: Step[],
  run: (s: Step, total: number, add: (ref: number, v: Readonly<Values>, w: number) => void) => void,
) {
  const out = new Map<number, number[]>()
  const add = (ref: number, v: Readonly<Values>, w: number) => {
    const s = out.get(ref) ?? [0, 0, 0, 0]
    for (let k = 0; k < 4; k++) s[k]! += v[k]! * w
    out.set(ref, s)
  }
  let total = 0
  for (const s of steps) {
    if (s.kind === 'w') total += s.w
    else run(s, total, add)
  }
  run({ kind: 'all' }, total, add)
  return out
}

describe('open values of a replay', () => {
  it('add up as a map of ref → (value, since) does, whatever the refs and the order', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
        const open = new OpenValues()
        const got = sums(steps, (s, total, add) => {
          if (s.kind === 'set') {
            open.close(s.ref, total, add)
            open.set(s.ref, s.v, total)
          } else if (s.kind === 'close') open.close(s.ref, total, add)
          else if (s.kind === 'all') open.closeAll(total, add)
        })
        const model = new Map<number, { v: Values; since: number }>()
        const close = (ref: number, total: number, add: (ref: number, v: Readonly<Values>, w: number) => void) => {
          const o = model.get(ref)
          if (!o) return
          model.delete(ref)
          const w = total - o.since
          if (w !== 0 && (o.v[0] || o.v[1] || o.v[2] || o.v[3])) add(ref, o.v, w)
        }
        const want = sums(steps, (s, total, add) => {
          if (s.kind === 'set') {
            close(s.ref, total, add)
            model.set(s.ref, { v: [...s.v], since: total })
          } else if (s.kind === 'close') close(s.ref, total, add)
          else if (s.kind === 'all') for (const ref of [...model.keys()]) close(ref, total, add)
        })
        expect(got).toEqual(want)
      }),
      { numRuns: 300 },
    )
  })
})

/** How the tests recognise a typed RAS failure (docs/architecture.md §3.4): a RasError of a kind. */
import { expect } from 'vitest'
import { RasError, type RasErrorKind } from '../../src-main/ras/errors'

/** Awaits a rejection and checks it is a RasError (of `kind`, when given). */
export async function rasFailure(p: Promise<unknown>, kind?: RasErrorKind): Promise<RasError> {
  const outcome = await p.then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, e }),
  )
  if (outcome.ok) throw new Error(`expected a ${kind ?? ''} RasError, got a value: ${JSON.stringify(outcome.v)}`)
  expect(outcome.e).toBeInstanceOf(RasError)
  const e = outcome.e as RasError
  if (kind !== undefined) expect(e.kind, e.message).toBe(kind)
  return e
}

/** Runs `f` and checks that it throws a protocol RasError, which it returns. */
export function protocolErrorOf(f: () => unknown): RasError {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(RasError)
    expect((e as RasError).kind).toBe('protocol')
    return e as RasError
  }
  throw new Error('expected a protocol error')
}

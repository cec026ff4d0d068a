/** The only door to the main process: `window.api` (contract.ts). Read lazily so tests can stub it. */
import { isRef, toRaw } from 'vue'
import type { ApiError, RendererApi, Result } from '../../src-shared/contract'

const plainApis = new WeakMap<RendererApi, RendererApi>()

/**
 * `window.api` with every argument turned into plain data first: the bridge structured-clones
 * arguments and a Vue reactive proxy cannot be cloned, so callers may pass state as they hold it.
 */
export function api(): RendererApi {
  const raw = window.api
  let plain = plainApis.get(raw)
  if (!plain) {
    // An empty target: the exposed object may be frozen, and a proxy of a frozen object must
    // return its own functions unchanged.
    plain = new Proxy({} as RendererApi, {
      get(_target, name) {
        const value: unknown = Reflect.get(raw, name)
        if (typeof value !== 'function') return value
        return (...args: unknown[]) => value.apply(raw, args.map(toPlain))
      },
    })
    plainApis.set(raw, plain)
  }
  return plain
}

/** A deep copy without reactive proxies or refs; functions (the onEvent listener) pass as they are. */
function toPlain(value: unknown): unknown {
  return plainCopy(value, new Map())
}

function plainCopy(value: unknown, seen: Map<object, unknown>): unknown {
  const v = toRaw(isRef(value) ? (value.value as unknown) : value)
  if (v === null || typeof v !== 'object') return v
  if (seen.has(v)) return seen.get(v)
  if (Array.isArray(v)) {
    const copy: unknown[] = []
    seen.set(v, copy)
    for (const item of v) copy.push(plainCopy(item, seen))
    return copy
  }
  const proto: unknown = Object.getPrototypeOf(v)
  if (proto !== Object.prototype && proto !== null) return v // Date, Uint8Array …: clonable as they are
  const copy: Record<string, unknown> = {}
  seen.set(v, copy)
  for (const [k, item] of Object.entries(v)) copy[k] = plainCopy(item, seen)
  return copy
}

/** Turns a thrown transport failure into a Result, so callers handle one shape. */
export async function call<T>(fn: (a: RendererApi) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await fn(api())
  } catch (e) {
    const error: ApiError = { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) }
    return { ok: false, error }
  }
}

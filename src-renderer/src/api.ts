/** The only door to the main process: `window.api` (contract.ts). Read lazily so tests can stub it. */
import type { ApiError, RendererApi, Result } from '../../src-preload/contract'

export function api(): RendererApi {
  return window.api
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

import { afterEach, describe, expect, it, vi } from 'vitest'
import { reactive, ref } from 'vue'
import { exposeLikeContextBridge } from '../../src-shared/clone-bridge'
import { API_METHODS, type ApiEvent, type RendererApi } from '../../src-shared/contract'
import { api, call } from '../../src-renderer/src/api'

/** A RendererApi stand-in that records what reached it, and lets the test push events. */
function recorder() {
  const received: Array<{ method: string; args: unknown[] }> = []
  const listeners = new Set<(e: ApiEvent) => void>()
  const target = new Proxy({} as Record<string, unknown>, {
    get: (_t, method: string) =>
      method === 'onEvent'
        ? (l: (e: ApiEvent) => void) => {
            listeners.add(l)
            return () => listeners.delete(l)
          }
        : async (...args: unknown[]) => {
            received.push({ method, args })
            return { ok: true, value: { args } }
          },
  }) as unknown as RendererApi
  return { target, received, emit: (e: ApiEvent) => listeners.forEach((l) => l(e)) }
}

afterEach(() => vi.unstubAllGlobals())

describe('the cloning bridge (contextBridge semantics)', () => {
  it('refuses a Vue reactive argument with an error naming the call, before anything is sent', () => {
    const { target, received } = recorder()
    const bridged = exposeLikeContextBridge(target, API_METHODS)
    const credentials = reactive({ user: 'admin', password: 'secret', remember: false })
    expect(() => bridged.setInfobaseLock('p', 'c', 'i', { message: '' } as never, credentials)).toThrow(
      /^setInfobaseLock argument 5 could not be cloned: .*could not be cloned/,
    )
    expect(received).toEqual([])
  })

  it('allows a function only as the onEvent listener; arguments, results and events are copies', async () => {
    const { target, received, emit } = recorder()
    const bridged = exposeLikeContextBridge(target, API_METHODS)
    expect(() => bridged.terminateAllSessions('p', 'c', { onDone: () => {} } as never)).toThrow(/could not be cloned/)

    const options = { includeService: false, message: 'm' }
    const result = await bridged.terminateAllSessions('p', 'c', options)
    expect(received[0]!.args[2]).toEqual(options)
    expect(received[0]!.args[2]).not.toBe(options)
    expect(result).toEqual({ ok: true, value: { args: ['p', 'c', options] } })

    const events: ApiEvent[] = []
    const off = bridged.onEvent((e) => events.push(e))
    const event: ApiEvent = { type: 'terminate-progress', operation: 'op', done: 1, total: 2 }
    emit(event)
    expect(events).toEqual([event])
    expect(events[0]).not.toBe(event)
    off()
    emit(event)
    expect(events).toHaveLength(1)
    expect(Object.isFrozen(bridged)).toBe(true)
  })

  it('a result that cannot be cloned is an error for the caller', async () => {
    const bridged = exposeLikeContextBridge(
      { listProfiles: async () => ({ ok: true, value: { f: () => 1 } }) } as unknown as RendererApi,
      API_METHODS,
    )
    await expect(bridged.listProfiles()).rejects.toThrow(/listProfiles result could not be cloned/)
  })

  it('results parsed from JSON (the web preview) are handed on as they are; arguments are still copies', async () => {
    const { target, received } = recorder()
    const parsed = exposeLikeContextBridge(target, API_METHODS, { resultsParsed: true })
    const cloned = exposeLikeContextBridge(target, API_METHODS)
    const ids = ['a', 'b']
    const fromParsed = await parsed.terminateSessions('p', 'c', ids, 'bye')
    const fromCloned = await cloned.terminateSessions('p', 'c', ids, 'bye')
    expect(received[0]!.args[2]).not.toBe(ids)
    expect(fromParsed).toEqual(fromCloned)
    // The target's own array came back in the first result, a copy of it in the second.
    const echoed = (r: unknown) => (r as { value: { args: unknown[] } }).value.args
    expect(echoed(fromParsed)).toBe(received[0]!.args)
    expect(echoed(fromCloned)).not.toBe(received[1]!.args)
    expect(() => parsed.terminateSessions('p', 'c', reactive(['x']), 'bye')).toThrow(/could not be cloned/)
  })
})

describe('api(): the renderer hands plain data to window.api', () => {
  it('passes reactive credentials, nested reactive values and refs through the cloning bridge', async () => {
    const { target, received } = recorder()
    vi.stubGlobal('api', target)
    expect(Object.isFrozen(window.api)).toBe(true) // test/renderer/setup.ts put the cloning bridge in between
    const credentials = reactive({ user: 'admin', password: 'secret', remember: false })
    const state = reactive({ credentials, ids: ['a', 'b'], when: new Date(0) })
    const r = await call((a) =>
      a.setInfobaseLock('p', 'c', 'i', { message: ref('m') } as never, state.credentials as typeof credentials),
    )
    expect(r.ok).toBe(true)
    await api().terminateSessions('p', 'c', state.ids, 'bye')
    expect(received.map((c) => c.args)).toEqual([
      ['p', 'c', 'i', { message: 'm' }, { user: 'admin', password: 'secret', remember: false }],
      ['p', 'c', ['a', 'b'], 'bye'],
    ])
  })

  it('a value the bridge still refuses comes back as an INTERNAL result, not a throw', async () => {
    vi.stubGlobal('api', recorder().target)
    const r = await call((a) => a.listSessions('p', 'c', (() => 'i') as never))
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/could not be cloned/) } })
  })
})

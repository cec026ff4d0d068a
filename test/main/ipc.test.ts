import { describe, expect, it } from 'vitest'
import { API_METHODS, CHANNELS, type ClusterApi } from '../../src-shared/contract'
import { registerIpc } from '../../src-main/ipc'
import { createApi } from '../../src-main/api'
import type { Services } from '../../src-main/services'

function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
  const registrations: string[] = []
  return {
    handlers,
    registrations,
    handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) {
      registrations.push(channel)
      handlers.set(channel, fn)
    },
  }
}

describe('registerIpc', () => {
  it('binds every contract method once, on its channel, dropping the event argument', async () => {
    const calls: Array<{ method: string; args: unknown[] }> = []
    const api = Object.fromEntries(
      API_METHODS.map((m) => [
        m,
        async (...args: unknown[]) => {
          calls.push({ method: m, args })
          return { ok: true, value: m }
        },
      ]),
    ) as unknown as ClusterApi
    const ipc = fakeIpcMain()
    registerIpc(ipc, api)

    expect(ipc.registrations.sort()).toEqual(Object.values(CHANNELS).sort())
    expect(new Set(ipc.registrations).size).toBe(API_METHODS.length)

    const event = { sender: { id: 1 }, senderFrame: { url: 'file:///x' } }
    for (const method of API_METHODS) {
      const handler = ipc.handlers.get(CHANNELS[method])!
      const result = await handler(event, 'a', 2, { three: 3 })
      expect(result).toEqual({ ok: true, value: method })
      expect(calls.at(-1)).toEqual({ method, args: ['a', 2, { three: 3 }] })
    }
    // no arguments at all: the api sees none (not the event)
    await ipc.handlers.get(CHANNELS.listProfiles)!(event)
    expect(calls.at(-1)).toEqual({ method: 'listProfiles', args: [] })
  })
})

describe('setUiLanguage over IPC', () => {
  it('reaches the desktop hook with a valid language only; without a hook it is a no-op', async () => {
    const seen: string[] = []
    const ipc = fakeIpcMain()
    // The call touches no service: a bag with only the watch (every api subscribes to its alerts) is enough.
    const bag = { watch: { onAlert: () => () => undefined } } as unknown as Services
    registerIpc(
      ipc,
      createApi(bag, () => undefined, undefined, { setUiLanguage: (l) => seen.push(l) }),
    )
    const set = ipc.handlers.get(CHANNELS.setUiLanguage)!
    expect(CHANNELS.setUiLanguage).toBe('app:set-ui-language')

    expect(await set({}, 'ru')).toEqual({ ok: true, value: null })
    expect(await set({}, 'en')).toEqual({ ok: true, value: null })
    expect(await set({}, 'de')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await set({}, { toString: () => 'ru' })).toMatchObject({ ok: false })
    expect(seen).toEqual(['ru', 'en'])

    const web = createApi(bag, () => undefined) // web preview, CLI: no hook
    expect(await web.setUiLanguage('ru')).toEqual({ ok: true, value: null })
  })
})

/**
 * The web preview's `window.api`: the same RendererApi the Electron preload exposes, carried over
 * HTTP to the preview server. This function is sent to the page as a classic script
 * (`installWebBridge.toString()`), so it must be self-contained: no imports, no closures.
 */
export function installWebBridge(methods: string[]): void {
  // Browser globals, typed here because this file belongs to the Node project.
  const { location, sessionStorage, history, fetch, EventSource } = globalThis as unknown as PageGlobals
  const KEY = 'clusterdesk-token'
  const fromHash = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash)
  if (fromHash) {
    sessionStorage.setItem(KEY, fromHash[1]!)
    history.replaceState(null, '', location.pathname + location.search)
  }
  const token = sessionStorage.getItem(KEY) ?? ''

  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    // JSON turns a trailing `undefined` (an omitted optional argument) into null; IPC would not.
    while (args.length > 0 && args[args.length - 1] === undefined) args = args.slice(0, -1)
    try {
      const res = await fetch(`/api/call/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(args),
      })
      if (res.status === 401) {
        return {
          ok: false,
          error: {
            code: 'INTERNAL',
            message: 'The preview token is missing or wrong: open the URL the server printed.',
          },
        }
      }
      return await res.json()
    } catch (e) {
      return { ok: false, error: { code: 'INTERNAL', message: `The preview server is not reachable: ${String(e)}` } }
    }
  }

  type Listener = (event: unknown) => void
  const listeners = new Set<Listener>()
  let source: { onmessage: ((m: { data: unknown }) => void) | null } | null = null
  const onEvent = (listener: Listener) => {
    listeners.add(listener)
    if (!source) {
      source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`)
      source.onmessage = (m) => {
        const event = JSON.parse(String(m.data)) as unknown
        listeners.forEach((l) => l(event))
      }
    }
    return () => {
      listeners.delete(listener)
    }
  }

  const api: Record<string, unknown> = { onEvent }
  for (const m of methods) api[m] = (...args: unknown[]) => call(m, args)
  Object.defineProperty(globalThis, 'api', { value: Object.freeze(api), writable: false, configurable: false })
}

interface PageGlobals {
  location: { hash: string; pathname: string; search: string }
  sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void }
  history: { replaceState(data: unknown, unused: string, url: string): void }
  fetch: typeof fetch
  EventSource: new (url: string) => { onmessage: ((m: { data: unknown }) => void) | null }
}

/**
 * The web preview's `window.api`: the same RendererApi the Electron preload exposes, carried over
 * HTTP to the preview server. This function is sent to the page as a classic script
 * (`installWebBridge.toString()`), so it must be self-contained: no imports, no closures. The
 * contextBridge semantics (structured clone of arguments; results parsed from JSON, so fresh copies)
 * come in as `expose`, whose source is sent beside it (src-shared/clone-bridge.ts).
 */
export function installWebBridge(
  methods: string[],
  expose: <T extends object>(target: T, methods: readonly string[], options?: { resultsParsed?: boolean }) => T,
): void {
  // Browser globals, typed here because this file belongs to the Node project.
  const { location, sessionStorage, history, fetch, setTimeout, TextDecoder, reportError } =
    globalThis as unknown as PageGlobals
  const KEY = 'clusterdesk-token'
  const fromHash = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash)
  if (fromHash) {
    sessionStorage.setItem(KEY, fromHash[1]!)
    history.replaceState(null, '', location.pathname + location.search)
  }
  // Sent in a header only: URLs of requests end up in logs and history.
  const authorization = `Bearer ${sessionStorage.getItem(KEY) ?? ''}`

  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    // JSON turns a trailing `undefined` (an omitted optional argument) into null; IPC would not.
    while (args.length > 0 && args[args.length - 1] === undefined) args = args.slice(0, -1)
    try {
      const res = await fetch(`/api/call/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
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
  let streaming = false
  // Server-sent events read with fetch, not EventSource, which cannot send the header.
  const stream = async (): Promise<void> => {
    for (;;) {
      try {
        const res = await fetch('/api/events', { headers: { authorization } })
        if (res.status === 401 || res.status === 403) return // a wrong token stays wrong
        if (res.ok && res.body) {
          const reader = res.body.getReader()
          const decoder = new TextDecoder()
          let buffer = ''
          for (;;) {
            const chunk = await reader.read()
            if (chunk.done) break
            buffer += decoder.decode(chunk.value, { stream: true })
            let end: number
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const data = buffer
                .slice(0, end)
                .split('\n')
                .filter((line) => line.startsWith('data:'))
                .map((line) => line.slice(5).trimStart())
                .join('\n')
              buffer = buffer.slice(end + 2)
              if (!data) continue
              const event = JSON.parse(data) as unknown
              listeners.forEach((l) => {
                try {
                  l(event)
                } catch (e) {
                  reportError(e)
                }
              })
            }
          }
        }
      } catch {
        // The server went away: try again below, as EventSource would.
      }
      await new Promise<void>((resolve) => setTimeout(() => resolve(), 2000))
    }
  }
  const onEvent = (listener: Listener) => {
    listeners.add(listener)
    if (!streaming) {
      streaming = true
      void stream()
    }
    return () => {
      listeners.delete(listener)
    }
  }

  const transport: Record<string, unknown> = { onEvent }
  for (const m of methods) transport[m] = (...args: unknown[]) => call(m, args)
  Object.defineProperty(globalThis, 'api', {
    // Every result is parsed from the response's JSON text (or built here): a fresh plain value.
    value: expose(transport, methods, { resultsParsed: true }),
    writable: false,
    configurable: false,
  })
}

interface PageGlobals {
  location: { hash: string; pathname: string; search: string }
  sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void }
  history: { replaceState(data: unknown, unused: string, url: string): void }
  fetch: typeof fetch
  setTimeout: (fn: () => void, ms: number) => unknown
  TextDecoder: typeof TextDecoder
  reportError: (e: unknown) => void
}

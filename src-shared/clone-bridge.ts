/**
 * Electron's contextBridge semantics for `window.api`, written once: every argument is
 * structured-cloned before the call and every result after it, and the only function that may
 * cross is the `onEvent` listener. The web preview's page bridge and the renderer tests expose
 * their api through this, so what Electron refuses (a Vue reactive proxy, a function inside an
 * argument) fails there too instead of only in the desktop app.
 *
 * Self-contained (no imports, no outer references): the web preview sends its source to the page.
 *
 * `resultsParsed`: the target's results are fresh values parsed from JSON (the web preview's
 * transport), plain data nothing else holds, so a clone of them would copy without changing
 * anything: they are returned as they are (a list of 10,000 sessions spares ~30 ms).
 */
export function exposeLikeContextBridge<T extends object>(
  target: T,
  methods: readonly string[],
  options: { resultsParsed?: boolean } = {},
): T {
  const clone = (what: string, value: unknown): unknown => {
    try {
      return structuredClone(value)
    } catch (e) {
      throw new Error(`${what} could not be cloned: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  const source = target as Record<string, unknown>
  const exposed: Record<string, unknown> = {}
  for (const name of methods) {
    const fn = source[name]
    if (typeof fn !== 'function') continue
    exposed[name] = (...args: unknown[]): Promise<unknown> => {
      // Thrown synchronously, before anything is sent, as contextBridge does.
      const copies = args.map((arg, i) => clone(`${name} argument ${i + 1}`, arg))
      const result: unknown = fn.apply(target, copies)
      if (options.resultsParsed) return Promise.resolve(result)
      return Promise.resolve(result).then((value) => clone(`${name} result`, value))
    }
  }
  const onEvent = source.onEvent
  if (typeof onEvent === 'function') {
    exposed.onEvent = (listener: unknown): (() => void) => {
      if (typeof listener !== 'function') throw new TypeError('onEvent expects a listener function')
      const unsubscribe: unknown = onEvent.call(target, (event: unknown) => {
        listener(clone('onEvent event', event))
      })
      return () => {
        if (typeof unsubscribe === 'function') unsubscribe()
      }
    }
  }
  return Object.freeze(exposed) as T
}

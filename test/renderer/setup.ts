import { afterAll, vi } from 'vitest'
import { exposeLikeContextBridge } from '../../src-shared/clone-bridge'
import { API_METHODS } from '../../src-shared/contract'

/**
 * happy-dom has no layout: vueuc's virtual list waits for a ResizeObserver size that never comes,
 * so NDataTable with virtual-scroll renders no rows. Give every observed element a fixed size.
 * Must run before naive-ui is imported (vueuc creates its observer at import).
 */
class FixedSizeResizeObserver {
  constructor(private readonly cb: ResizeObserverCallback) {}
  observe(target: Element) {
    const size = [{ inlineSize: 4000, blockSize: 480 }]
    const contentRect = {
      x: 0,
      y: 0,
      top: 0,
      left: 0,
      width: 4000,
      height: 480,
      right: 4000,
      bottom: 480,
      toJSON() {},
    }
    queueMicrotask(() =>
      this.cb(
        [
          {
            target,
            contentRect,
            borderBoxSize: size,
            contentBoxSize: size,
            devicePixelContentBoxSize: size,
          } as unknown as ResizeObserverEntry,
        ],
        this as unknown as ResizeObserver,
      ),
    )
  }
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver = FixedSizeResizeObserver as unknown as typeof ResizeObserver

/**
 * `window.api` in every renderer test goes through Electron's contextBridge semantics (arguments
 * and results structured-cloned), so a value the desktop app cannot send, such as a reactive
 * proxy, fails here too. Tests install the api with `vi.stubGlobal('api', …)`.
 */
const stubGlobal = vi.stubGlobal.bind(vi)
vi.stubGlobal = (name, value: unknown) =>
  stubGlobal(
    name,
    name === 'api' && typeof value === 'object' && value !== null ? exposeLikeContextBridge(value, API_METHODS) : value,
  )

/**
 * Timers a component left running (naive-ui's toast hide, 3 s) must not fire after the test file's
 * DOM is torn down: they would throw "window is not defined" as an unhandled error and fail the
 * run. Track the timers started during the file and clear those still pending at its end.
 */
const pendingTimers = new Set<ReturnType<typeof setTimeout>>()
const realSetTimeout = globalThis.setTimeout
const realClearTimeout = globalThis.clearTimeout
globalThis.setTimeout = ((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const id = realSetTimeout(() => {
    pendingTimers.delete(id)
    if (typeof handler === 'function') handler(...args)
  }, ms)
  pendingTimers.add(id)
  return id
}) as typeof setTimeout
globalThis.clearTimeout = ((id?: ReturnType<typeof setTimeout>) => {
  if (id !== undefined) pendingTimers.delete(id)
  realClearTimeout(id)
}) as typeof clearTimeout
afterAll(() => {
  for (const id of pendingTimers) realClearTimeout(id)
  pendingTimers.clear()
})

import { vi } from 'vitest'
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

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

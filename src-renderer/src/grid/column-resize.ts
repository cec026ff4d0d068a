/**
 * Dragging a column header's right edge to resize the column: the width follows the pointer
 * (shown at once, not yet stored) and is stored in the layout when the button is released.
 */
import { shallowRef } from 'vue'
import { MIN_COLUMN_WIDTH } from './build-columns'

const MAX_COLUMN_WIDTH = 1000

export interface ColumnDrag {
  key: string
  width: number
}

export function useColumnResize(commit: (key: string, width: number) => void) {
  const drag = shallowRef<ColumnDrag | null>(null)

  function start(key: string, startWidth: number, e: PointerEvent) {
    if (e.button !== 0) return
    e.preventDefault()
    e.stopPropagation()
    const handle = e.target as HTMLElement
    handle.setPointerCapture?.(e.pointerId)
    const x0 = e.clientX
    const widthAt = (x: number) =>
      Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, Math.round(startWidth + x - x0)))
    drag.value = { key, width: startWidth }
    const move = (m: PointerEvent) => {
      drag.value = { key, width: widthAt(m.clientX) }
    }
    const end = (u: PointerEvent) => {
      handle.removeEventListener('pointermove', move)
      handle.removeEventListener('pointerup', end)
      handle.removeEventListener('pointercancel', end)
      drag.value = null
      const width = widthAt(u.clientX)
      if (width !== startWidth) commit(key, width)
    }
    handle.addEventListener('pointermove', move)
    handle.addEventListener('pointerup', end)
    handle.addEventListener('pointercancel', end)
  }

  return { drag, start }
}

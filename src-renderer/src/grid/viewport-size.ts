/** The grid scroller's size, kept by a ResizeObserver: how many rows and columns are in view. */
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

export function useViewportSize(scroller: Ref<HTMLElement | null>) {
  const height = ref(0)
  const width = ref(0)
  let observer: ResizeObserver | null = null
  onMounted(() => {
    const el = scroller.value
    if (!el) return
    height.value = el.clientHeight
    width.value = el.clientWidth
    observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect
      if (!box) return
      height.value = box.height
      width.value = box.width
    })
    observer.observe(el)
  })
  onBeforeUnmount(() => observer?.disconnect())
  return { height, width }
}

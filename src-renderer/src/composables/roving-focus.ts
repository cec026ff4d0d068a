/**
 * Roving focus over a vertical list: one item is in the Tab order (tabindex 0), ↑ ↓ Home End
 * move focus between items. The list stays one Tab stop however long it grows.
 */
import { computed, nextTick, ref } from 'vue'

export interface RovingList {
  /** Item ids in display order. */
  ids: () => string[]
  /** The item to start from when none was focused yet (e.g. the one whose tab is open). */
  preferred: () => string | null
  /** The DOM id of an item's focusable element. */
  domId: (id: string) => string
}

const MOVES: Record<string, (i: number, last: number) => number> = {
  ArrowDown: (i, last) => Math.min(last, i + 1),
  ArrowUp: (i) => Math.max(0, i - 1),
  Home: () => 0,
  End: (_i, last) => last,
}

export function useRovingFocus(list: RovingList) {
  const focused = ref<string | null>(null)
  // The remembered item, unless it left the list; then the preferred one, then the first.
  const currentId = computed(() => {
    const ids = list.ids()
    if (focused.value && ids.includes(focused.value)) return focused.value
    const preferred = list.preferred()
    return preferred && ids.includes(preferred) ? preferred : (ids[0] ?? null)
  })

  function setCurrent(id: string) {
    focused.value = id
  }

  /** Moves focus for the list's arrow keys; returns whether the key was one of them. */
  function onKeydown(e: KeyboardEvent): boolean {
    const move = MOVES[e.key]
    const ids = list.ids()
    if (!move || e.ctrlKey || e.metaKey || e.altKey || ids.length === 0) return false
    const from = currentId.value ? ids.indexOf(currentId.value) : 0
    const next = ids[move(Math.max(0, from), ids.length - 1)]!
    e.preventDefault()
    focused.value = next
    void nextTick(() => document.getElementById(list.domId(next))?.focus())
    return true
  }

  return { currentId, setCurrent, onKeydown }
}

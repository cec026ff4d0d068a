/**
 * ARIA grid semantics of the session grid's header: each column header's aria-sort, and the
 * sortable headers as one tab stop (roving tabindex): ← → Home End move between them, Enter or
 * Space sorts. Pure: the grid renders what these return.
 */

export type SortOrder = 'ascend' | 'descend'

export interface SortState {
  key: string | null
  order: SortOrder
}

/** aria-sort of a sortable header. */
export function ariaSort(key: string, sort: SortState): 'none' | 'ascending' | 'descending' {
  if (sort.key !== key) return 'none'
  return sort.order === 'ascend' ? 'ascending' : 'descending'
}

/** A header click: descending first, then ascending, then unsorted (naive-ui's order, which users know). */
export function nextSort(sort: SortState, key: string): SortState {
  if (sort.key !== key) return { key, order: 'descend' }
  if (sort.order === 'descend') return { key, order: 'ascend' }
  return { key: null, order: 'ascend' }
}

export type HeaderKeyCommand = { kind: 'focus'; key: string } | { kind: 'sort'; key: string }

/** What a key pressed on the sortable header `at` does, given the sortable headers in order. */
export function headerKeyCommand(
  e: Pick<KeyboardEvent, 'key'>,
  sortable: readonly string[],
  at: string,
): HeaderKeyCommand | null {
  const i = sortable.indexOf(at)
  if (i < 0) return null
  if (e.key === 'Enter' || e.key === ' ') return { kind: 'sort', key: at }
  const target = {
    ArrowRight: sortable[i + 1],
    ArrowLeft: sortable[i - 1],
    Home: sortable[0],
    End: sortable[sortable.length - 1],
  }[e.key]
  if (target === undefined) {
    // At either end an arrow stays put, but the key is still the header's.
    return e.key === 'ArrowRight' || e.key === 'ArrowLeft' ? { kind: 'focus', key: at } : null
  }
  return { kind: 'focus', key: target }
}

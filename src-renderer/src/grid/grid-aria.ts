/**
 * ARIA grid semantics naive-ui gives no props for: its header cells and the tables it splits the
 * grid into. Rows and body cells get theirs through row-props / cellProps; this stamps the rest on
 * the rendered nodes, after each render (a MutationObserver, coalesced to one pass per tick).
 */
import { onBeforeUnmount, onMounted, type Ref } from 'vue'

export interface HeaderAria {
  /** aria-colindex by column key (groups: their first leaf). */
  colIndex: ReadonlyMap<string, number>
  groupSpan: ReadonlyMap<string, number>
  sortKey: string | null
  sortOrder: 'ascend' | 'descend'
}

function sortOf(key: string, info: HeaderAria): string | null {
  if (key.startsWith('group:') || !info.colIndex.has(key) || key === '__actions') return null
  if (info.sortKey !== key) return 'none'
  return info.sortOrder === 'ascend' ? 'ascending' : 'descending'
}

export function stampGridAria(root: HTMLElement, info: HeaderAria): void {
  // naive-ui draws header and body as separate tables: without this, each would be its own table
  // and the grid would own no rows.
  for (const el of root.querySelectorAll('table')) el.setAttribute('role', 'presentation')
  for (const el of root.querySelectorAll('thead, tbody')) el.setAttribute('role', 'rowgroup')
  root.querySelectorAll('thead > tr').forEach((tr, i) => {
    tr.setAttribute('role', 'row')
    tr.setAttribute('aria-rowindex', String(i + 1))
  })
  for (const th of root.querySelectorAll<HTMLElement>('thead th')) {
    const key = th.dataset.colKey
    const index = key === undefined ? undefined : info.colIndex.get(key)
    if (key === undefined || index === undefined) {
      // Fillers naive-ui adds for virtual columns.
      th.setAttribute('role', 'presentation')
      continue
    }
    th.setAttribute('role', 'columnheader')
    th.setAttribute('aria-colindex', String(index))
    const span = info.groupSpan.get(key)
    if (span !== undefined) th.setAttribute('aria-colspan', String(span))
    const sort = sortOf(key, info)
    if (sort) th.setAttribute('aria-sort', sort)
    else th.removeAttribute('aria-sort')
  }
  stampHeaderFocus(root)
}

const SORTABLE = 'thead th[aria-sort]'

/**
 * Sortable headers are reachable from the keyboard as one tab stop (roving tabindex): ← → move
 * between them, Enter or Space sorts. Keeps the one that had the tab stop, else the first.
 */
function stampHeaderFocus(root: HTMLElement): void {
  const headers = [...root.querySelectorAll<HTMLElement>(SORTABLE)]
  const current = headers.find((th) => th.getAttribute('tabindex') === '0') ?? headers[0]
  for (const th of headers) th.setAttribute('tabindex', th === current ? '0' : '-1')
}

/** Header keys; true when the key was the header's (the grid's row keys must not see it). */
export function onHeaderKeydown(root: HTMLElement | null, e: KeyboardEvent): boolean {
  const th = (e.target as HTMLElement | null)?.closest?.<HTMLElement>(SORTABLE)
  if (!root || !th) return false
  const headers = [...root.querySelectorAll<HTMLElement>(SORTABLE)]
  const at = headers.indexOf(th)
  let next: HTMLElement | undefined
  if (e.key === 'ArrowRight') next = headers[at + 1]
  else if (e.key === 'ArrowLeft') next = headers[at - 1]
  else if (e.key === 'Home') next = headers[0]
  else if (e.key === 'End') next = headers[headers.length - 1]
  else if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault()
    th.click()
    return true
  } else return false
  e.preventDefault()
  if (next) {
    for (const h of headers) h.setAttribute('tabindex', h === next ? '0' : '-1')
    next.focus()
    next.scrollIntoView?.({ block: 'nearest', inline: 'nearest' })
  }
  return true
}

/** Keeps `root`'s header and tables stamped as naive-ui re-renders them. */
export function useGridAria(root: Ref<HTMLElement | null>, info: () => HeaderAria): void {
  let observer: MutationObserver | null = null
  let queued = false
  const stamp = () => {
    queued = false
    if (root.value) stampGridAria(root.value, info())
  }
  onMounted(() => {
    if (!root.value) return
    stamp()
    observer = new MutationObserver(() => {
      if (queued) return
      queued = true
      queueMicrotask(stamp)
    })
    observer.observe(root.value, { childList: true, subtree: true })
  })
  onBeforeUnmount(() => observer?.disconnect())
}

/** Re-stamps now (sorting changes attributes only, which the observer does not see). */
export function restampGridAria(root: HTMLElement | null, info: HeaderAria): void {
  if (root) stampGridAria(root, info)
}

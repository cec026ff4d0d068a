/**
 * Which rows the grid body draws: the ones in view plus a few either side, all of one height, so
 * a row's place is its index × the height and nothing is measured. A window that still covers
 * what is in view is kept as it is: scrolling a row or two re-renders nothing. Pure.
 */

/** Rows drawn beyond the view on each side when the window moves. */
export const OVERSCAN = 4

export interface RowWindow {
  /** First row drawn (index into the shown rows). */
  start: number
  /** One past the last row drawn. */
  end: number
  /** The row height it was made for: another density makes a new window. */
  rowHeight: number
}

export interface ViewState {
  scrollTop: number
  /** Height of the rows' part of the view (the scroller minus the sticky header). */
  bodyHeight: number
  rowHeight: number
  count: number
}

/** The rows at least partly in view: [first, last). */
export function rowsInView(v: ViewState): { start: number; end: number } {
  const first = Math.min(v.count, Math.max(0, Math.floor(v.scrollTop / v.rowHeight)))
  const last = Math.min(v.count, Math.ceil((Math.max(0, v.scrollTop) + v.bodyHeight) / v.rowHeight))
  return { start: first, end: Math.max(first, last) }
}

/** The window to draw: `previous` when it still covers the rows in view, else a new one around them. */
export function rowWindow(v: ViewState, previous?: RowWindow): RowWindow {
  const view = rowsInView(v)
  const covers =
    previous &&
    previous.rowHeight === v.rowHeight &&
    previous.start <= view.start &&
    view.end <= previous.end &&
    previous.end <= v.count
  if (covers) return previous
  return {
    start: Math.max(0, view.start - OVERSCAN),
    end: Math.min(v.count, view.end + OVERSCAN),
    rowHeight: v.rowHeight,
  }
}

/** The scrollTop that brings row `index` fully into view, moving as little as possible. */
export function scrollTopFor(index: number, v: Omit<ViewState, 'count'>): number {
  const top = index * v.rowHeight
  const bottom = top + v.rowHeight
  if (top < v.scrollTop) return top
  if (bottom > v.scrollTop + v.bodyHeight) return Math.max(0, bottom - v.bodyHeight)
  return v.scrollTop
}

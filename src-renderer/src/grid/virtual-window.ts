/**
 * Which rows the grid body draws: the ones in view plus a few either side, all of one height, so
 * a row's place is its index × the height and nothing is measured. A window that still covers
 * what is in view is kept as it is: scrolling a row or two re-renders nothing. Pure.
 */

/** Rows drawn beyond the view on each side when the window moves. */
export const OVERSCAN = 3

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

/** Pixels of columns drawn beyond the view on each side when the column window moves. */
export const OVERSCAN_X = 120

export interface ColumnBox {
  left: number
  width: number
  fixed?: 'left'
}

/**
 * Which scrolling columns the body draws (the pinned ones, which lead, always are): [from, to)
 * into `columns`, and the width of the ones skipped between the pinned columns and `from`.
 */
export interface ColumnWindow {
  from: number
  to: number
  gap: number
  /** The columns it was made for: another layout makes a new window. */
  of: readonly ColumnBox[]
}

export function columnWindow(
  columns: readonly ColumnBox[],
  scrollLeft: number,
  viewWidth: number,
  previous?: ColumnWindow,
): ColumnWindow {
  let pinned = 0
  while (pinned < columns.length && columns[pinned]!.fixed) pinned++
  const pinnedWidth = pinned ? columns[pinned - 1]!.left + columns[pinned - 1]!.width : 0
  // Without a width yet (not laid out), every column.
  if (viewWidth <= 0) return { from: pinned, to: columns.length, gap: 0, of: columns }
  const range = (x0: number, x1: number) => {
    let from = pinned
    while (from < columns.length && columns[from]!.left + columns[from]!.width <= x0) from++
    let to = from
    while (to < columns.length && columns[to]!.left < x1) to++
    return { from, to }
  }
  const view = range(scrollLeft + pinnedWidth, scrollLeft + viewWidth)
  if (previous && previous.of === columns && previous.from <= view.from && view.to <= previous.to) return previous
  const { from, to } = range(scrollLeft + pinnedWidth - OVERSCAN_X, scrollLeft + viewWidth + OVERSCAN_X)
  const gap = from < columns.length ? columns[from]!.left - pinnedWidth : 0
  return { from, to, gap, of: columns }
}

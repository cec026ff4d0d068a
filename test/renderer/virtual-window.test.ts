import { describe, expect, it } from 'vitest'
import {
  columnWindow,
  OVERSCAN,
  OVERSCAN_X,
  rowWindow,
  rowsInView,
  scrollTopFor,
} from '../../src-renderer/src/grid/virtual-window'
import { headerKeyCommand, nextSort } from '../../src-renderer/src/grid/grid-aria'

const view = { scrollTop: 0, bodyHeight: 290, rowHeight: 29, count: 10_000 }

describe('the rows the grid body draws', () => {
  it('are the rows in view plus an overscan on each side, within the list', () => {
    expect(rowsInView(view)).toEqual({ start: 0, end: 10 })
    expect(rowWindow(view)).toEqual({ start: 0, end: 10 + OVERSCAN, rowHeight: 29 })
    // Half a row scrolled: the eleventh row peeks in.
    expect(rowsInView({ ...view, scrollTop: 14 })).toEqual({ start: 0, end: 11 })
    const far = rowWindow({ ...view, scrollTop: 29 * 5000 })
    expect(far).toEqual({ start: 5000 - OVERSCAN, end: 5010 + OVERSCAN, rowHeight: 29 })
    expect(rowWindow({ ...view, count: 3 })).toEqual({ start: 0, end: 3, rowHeight: 29 })
    expect(rowWindow({ ...view, count: 0 })).toEqual({ start: 0, end: 0, rowHeight: 29 })
  })

  it('keep their window while it covers the view; a jump, a shorter list or another row height make a new one', () => {
    const first = rowWindow(view)
    // Scrolled down by the overscan: the rows in view are still drawn.
    expect(rowWindow({ ...view, scrollTop: 29 * OVERSCAN }, first)).toBe(first)
    const next = OVERSCAN + 1
    expect(rowWindow({ ...view, scrollTop: 29 * next }, first)).toEqual({
      start: next - OVERSCAN,
      end: next + 10 + OVERSCAN,
      rowHeight: 29,
    })
    expect(rowWindow({ ...view, count: 5 }, first)).toEqual({ start: 0, end: 5, rowHeight: 29 })
    expect(rowWindow({ ...view, rowHeight: 22 }, first)).toEqual({ start: 0, end: 14 + OVERSCAN, rowHeight: 22 })
  })

  it('scroll as little as brings a row into view', () => {
    const at = { scrollTop: 290, bodyHeight: 290, rowHeight: 29 }
    expect(scrollTopFor(12, at)).toBe(290) // already in view
    expect(scrollTopFor(5, at)).toBe(145) // above: to the top edge
    expect(scrollTopFor(25, at)).toBe(26 * 29 - 290) // below: to the bottom edge
  })
})

describe('the columns the grid body draws', () => {
  // The ⋯ column and a pinned user, then ten 100-pixel columns.
  const columns = [
    { left: 0, width: 36, fixed: 'left' as const },
    { left: 36, width: 190, fixed: 'left' as const },
    ...Array.from({ length: 10 }, (_, i) => ({ left: 226 + i * 100, width: 100 })),
  ]

  it('are the pinned ones and those in view sideways plus an overscan, the skipped width as a gap', () => {
    const all = columnWindow(columns, 0, 0)
    expect([all.from, all.to, all.gap]).toEqual([2, 12, 0]) // not laid out yet: all of them
    const w = columnWindow(columns, 0, 526)
    expect([w.from, w.to, w.gap]).toEqual([2, 2 + Math.ceil((300 + OVERSCAN_X) / 100), 0])
    const scrolled = columnWindow(columns, 600, 526)
    // In view: x 826…1126 → columns 6…8; with the overscan from x 586.
    expect(scrolled.from).toBe(2 + Math.floor((600 - OVERSCAN_X) / 100))
    expect(scrolled.gap).toBe(columns[scrolled.from]!.left - 226)
    expect(scrolled.to).toBe(12)
  })

  it('keep their window while it covers the view and the columns are the same', () => {
    const w = columnWindow(columns, 0, 526)
    expect(columnWindow(columns, 100, 526, w)).toBe(w)
    expect(columnWindow(columns, 700, 526, w)).not.toBe(w)
    expect(columnWindow(columns.slice(), 0, 526, w)).not.toBe(w)
  })
})

describe('the header', () => {
  it('sorts descending first, then ascending, then not at all; another column starts again', () => {
    let s = nextSort({ key: null, order: 'ascend' }, 'callsAll')
    expect(s).toEqual({ key: 'callsAll', order: 'descend' })
    s = nextSort(s, 'callsAll')
    expect(s).toEqual({ key: 'callsAll', order: 'ascend' })
    expect(nextSort(s, 'callsAll').key).toBeNull()
    expect(nextSort(s, 'userName')).toEqual({ key: 'userName', order: 'descend' })
  })

  it('moves its tab stop with arrows, Home and End, and sorts with Enter or Space', () => {
    const keys = ['a', 'b', 'c']
    expect(headerKeyCommand({ key: 'ArrowRight' }, keys, 'a')).toEqual({ kind: 'focus', key: 'b' })
    expect(headerKeyCommand({ key: 'ArrowLeft' }, keys, 'a')).toEqual({ kind: 'focus', key: 'a' })
    expect(headerKeyCommand({ key: 'End' }, keys, 'a')).toEqual({ kind: 'focus', key: 'c' })
    expect(headerKeyCommand({ key: 'Home' }, keys, 'c')).toEqual({ kind: 'focus', key: 'a' })
    expect(headerKeyCommand({ key: ' ' }, keys, 'b')).toEqual({ kind: 'sort', key: 'b' })
    expect(headerKeyCommand({ key: 'Enter' }, keys, 'b')).toEqual({ kind: 'sort', key: 'b' })
    expect(headerKeyCommand({ key: 'ArrowDown' }, keys, 'b')).toBeNull()
    expect(headerKeyCommand({ key: 'Enter' }, keys, 'zzz')).toBeNull()
  })
})

/**
 * The session grid's header, drawn by hand: row 1 holds the single columns (full height) and the
 * group titles, row 2 the leaves under each group, so the ARIA rows are real elements. It sticks
 * to the top of the scroller; pinned headers stick at the left, and a group's title stays in
 * sight while the group is scrolled half out (session-grid.css).
 */
import { defineComponent, h, type PropType, type VNode } from 'vue'
import { isGroup, type GridColumns, type GridGroupColumn, type GridLeafColumn } from './build-columns'
import { ariaSort, type SortState } from './grid-aria'

export interface HeaderActions {
  sort: (key: string) => void
  resizeStart: (column: GridLeafColumn, e: PointerEvent) => void
}

function leafHeader(c: GridLeafColumn, sort: SortState, tabStop: string | null, serverTime: string, on: HeaderActions) {
  const title = c.serverTime ? `${c.title} (${serverTime})` : c.title
  const style: Record<string, string> = { width: `${c.width}px` }
  if (c.fixed) style.left = `${c.left}px`
  const content: VNode[] = [
    h(
      'span',
      { class: 'cd-th-title', title },
      c.serverTime ? [c.title, h('span', { class: 'cd-th-sub' }, serverTime)] : c.title,
    ),
  ]
  if (c.sortable) content.push(h('span', { class: 'cd-sort', 'aria-hidden': 'true' }))
  if (c.leaf) {
    content.push(
      h('span', {
        class: 'cd-resize',
        'aria-hidden': 'true',
        onPointerdown: (e: PointerEvent) => on.resizeStart(c, e),
      }),
    )
  }
  const cls = `cd-th${c.inGroup ? '' : ' cd-th-full'}${c.fixed ? ' cd-fixed' : ''}${c.numeric ? ' cd-num' : ''}${c.sortable ? ' cd-sortable' : ''}`
  return h(
    'div',
    {
      key: c.key,
      class: cls,
      style,
      role: 'columnheader',
      'aria-colindex': c.colIndex,
      'aria-sort': c.sortable ? ariaSort(c.key, sort) : undefined,
      tabindex: c.sortable ? (c.key === tabStop ? 0 : -1) : undefined,
      'data-col-key': c.key,
      onClick: c.sortable
        ? (e: MouseEvent) => {
            if (!(e.target as HTMLElement).closest('.cd-resize')) on.sort(c.key)
          }
        : undefined,
    },
    content,
  )
}

function groupHeader(g: GridGroupColumn) {
  return h(
    'div',
    {
      key: g.key,
      class: 'cd-th cd-th-group',
      style: { width: `${g.width}px` },
      role: 'columnheader',
      'aria-colindex': g.colIndex,
      'aria-colspan': g.children.length,
      'data-col-key': g.key,
    },
    h('span', { class: 'cd-group-title', title: g.title }, g.title),
  )
}

export const GridHeader = defineComponent({
  name: 'GridHeader',
  props: {
    grid: { type: Object as PropType<GridColumns>, required: true },
    sort: { type: Object as PropType<SortState>, required: true },
    /** The sortable header that is the tab stop. */
    tabStop: { type: String as PropType<string | null>, default: null },
    height: { type: Number, required: true },
    serverTime: { type: String, required: true },
    actions: { type: Object as PropType<HeaderActions>, required: true },
  },
  setup(props) {
    return () => {
      const { grid, sort, tabStop, serverTime, actions } = props
      const top = grid.columns.map((c) =>
        isGroup(c) ? groupHeader(c) : leafHeader(c, sort, tabStop, serverTime, actions),
      )
      const rows = [h('div', { key: 'top', class: 'cd-tr cd-head-top', role: 'row', 'aria-rowindex': 1 }, top)]
      if (grid.headerRows === 2) {
        // Row 2 lies over the lower half of row 1: blank spacers where single columns run full height.
        const sub: VNode[] = []
        let gap = 0
        for (const c of grid.columns) {
          if (!isGroup(c)) {
            gap += c.width
            continue
          }
          if (gap) sub.push(h('div', { key: `gap:${c.key}`, class: 'cd-head-gap', style: { width: `${gap}px` } }))
          gap = 0
          for (const l of c.children) sub.push(leafHeader(l, sort, tabStop, serverTime, actions))
        }
        rows.push(h('div', { key: 'sub', class: 'cd-tr cd-head-sub', role: 'row', 'aria-rowindex': 2 }, sub))
      }
      return h(
        'div',
        {
          class: 'cd-thead',
          role: 'rowgroup',
          style: { height: `${props.height}px`, width: `${grid.scrollX}px` },
        },
        rows,
      )
    }
  },
})

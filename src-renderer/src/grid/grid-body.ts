/**
 * The session grid's body: only the rows of the window (virtual-window.ts) as plain elements, one
 * fixed height each, after a top padding that stands for the rows above; its height is every
 * row's, so the scrollbar is the whole list's. Rows are keyed by their place in the window: a
 * keystroke, a sort or a jump to the end that changes which sessions are drawn patches the drawn
 * rows' text in place instead of removing rows and making others. Columns scrolled out of view sideways are left out too, a blank as wide standing for
 * them. Mouse events are handled once, on the body, for the row they happened in; a cell's
 * tooltip is made when the pointer enters it.
 */
import { createTextVNode, defineComponent, h, type PropType, type VNode } from 'vue'
import type { SessionRow } from '../../../src-shared/contract'
import type { GridLeafColumn } from './build-columns'
import { cellTitle, renderCell, type CellContext } from './cells'
import type { ColumnWindow, RowWindow } from './virtual-window'

export interface RowLook {
  selected: ReadonlySet<string>
  focusedId: string | null
  newIds: ReadonlySet<string>
  /** aria-rowindex of the first body row. */
  firstRowIndex: number
  domId: (session: string) => string
  /** The ⋯ button's title and accessible name. */
  actionsTitle: string
  actionsLabel: (row: SessionRow) => string
  /** Watched by the watch (a pinned session or user, issue 19): the row stands out. */
  isPinned: (row: SessionRow) => boolean
  /** Said to assistive technology for a pinned row. */
  pinnedText: string
}

export interface BodyActions {
  /** `index` in the shown rows; `onActions` true when the ⋯ button was clicked. */
  click: (index: number, e: MouseEvent, onActions: boolean) => void
  dblclick: (index: number) => void
  contextmenu: (index: number, e: MouseEvent) => void
}

/** One style object per row height: Vue skips a prop whose value is the same object. */
const rowStyles = new Map<number, { height: string }>()
function rowStyleFor(height: number) {
  let s = rowStyles.get(height)
  if (!s) rowStyles.set(height, (s = { height: `${height}px` }))
  return s
}

function rowIndexOf(e: Event): number | null {
  const row = (e.target as HTMLElement | null)?.closest?.<HTMLElement>('[data-index]')
  return row ? Number(row.dataset.index) : null
}

export const GridBody = defineComponent({
  name: 'GridBody',
  props: {
    rows: { type: Array as PropType<readonly SessionRow[]>, required: true },
    window: { type: Object as PropType<RowWindow>, required: true },
    leaves: { type: Array as PropType<readonly GridLeafColumn[]>, required: true },
    columns: { type: Object as PropType<ColumnWindow>, required: true },
    rowHeight: { type: Number, required: true },
    width: { type: Number, required: true },
    look: { type: Object as PropType<RowLook>, required: true },
    cell: { type: Object as PropType<CellContext>, required: true },
    actions: { type: Object as PropType<BodyActions>, required: true },
  },
  setup(props) {
    const onClick = (e: MouseEvent) => {
      const i = rowIndexOf(e)
      if (i !== null) props.actions.click(i, e, !!(e.target as HTMLElement).closest('.cd-row-act'))
    }
    const onDblclick = (e: MouseEvent) => {
      const i = rowIndexOf(e)
      if (i !== null && !(e.target as HTMLElement).closest('.cd-row-act')) props.actions.dblclick(i)
    }
    // A double click opens the row's details: it must not also select the word under the pointer
    // (a drag still selects text to copy).
    const onMousedown = (e: MouseEvent) => {
      if (e.detail > 1 && rowIndexOf(e) !== null) e.preventDefault()
    }
    const onContextmenu = (e: MouseEvent) => {
      const i = rowIndexOf(e)
      if (i !== null) props.actions.contextmenu(i, e)
    }
    const onMouseover = (e: MouseEvent) => {
      const td = (e.target as HTMLElement | null)?.closest?.<HTMLElement>('[data-col-key]')
      const i = rowIndexOf(e)
      const row = i === null ? undefined : props.rows[i]
      const leaf = td && props.leaves.find((c) => c.key === td.dataset.colKey)?.leaf
      if (!td || !row || !leaf) return
      const title = cellTitle(row, leaf, props.cell)
      if (title) td.title = title
      else td.removeAttribute('title')
    }
    return () => {
      const { rows, window: win, leaves: all, columns, rowHeight, look, cell } = props
      const rowStyle = rowStyleFor(rowHeight)
      let pinned = 0
      while (pinned < all.length && all[pinned]!.fixed) pinned++
      const leaves = [...all.slice(0, pinned), ...all.slice(columns.from, columns.to)]
      const gap = columns.gap > 0 ? { class: 'cd-td cd-gap', style: { width: `${columns.gap}px` } } : null
      const out: VNode[] = []
      for (let i = win.start; i < win.end; i++) {
        const row = rows[i]!
        const id = row.session
        const selected = look.selected.has(id)
        let cls = 'cd-tr cd-row'
        if (selected) cls += ' cd-row-selected'
        if (look.focusedId === id) cls += ' cd-row-focused'
        if (look.newIds.has(id)) cls += ' cd-row-new'
        if (row.isService) cls += ' cd-row-service'
        const watched = look.isPinned(row)
        if (watched) cls += ' cd-row-pinned'
        const cells: VNode[] = []
        for (let k = 0; k < leaves.length; k++) {
          const c = leaves[k]!
          if (k === pinned && gap) cells.push(h('div', gap))
          const content = c.leaf
            ? renderCell(row, c.leaf, cell)
            : h(
                'button',
                {
                  type: 'button',
                  class: 'cd-row-act',
                  'data-testid': 'row-actions',
                  title: look.actionsTitle,
                  'aria-label': look.actionsLabel(row),
                  'aria-haspopup': 'menu',
                  // The grid is the one tab stop; the ⋯ button is for the mouse, its menu also opens by key.
                  tabindex: -1,
                },
                '⋯',
              )
          // Text as a text node of its own: a patch then sets its data, not the cell's textContent
          // (which replaces the node, several times slower over a screenful of cells).
          cells.push(h('div', c.cellAttrs, [typeof content === 'string' ? createTextVNode(content) : content]))
        }
        out.push(
          h(
            'div',
            {
              key: i - win.start,
              id: look.domId(id),
              class: cls,
              style: rowStyle,
              role: 'row',
              'data-testid': 'session-row',
              'data-session': id,
              'data-selected': selected ? 'true' : 'false',
              'data-pinned': watched ? 'true' : undefined,
              'aria-description': watched ? look.pinnedText : undefined,
              'data-index': i,
              'aria-selected': selected,
              'aria-rowindex': i + look.firstRowIndex,
            },
            cells,
          ),
        )
      }
      return h(
        'div',
        {
          class: 'cd-tbody',
          role: 'rowgroup',
          style: {
            height: `${rows.length * rowHeight}px`,
            paddingTop: `${win.start * rowHeight}px`,
            width: `${props.width}px`,
          },
          onClick,
          onMousedown,
          onDblclick,
          onContextmenu,
          onMouseover,
        },
        out,
      )
    }
  },
})

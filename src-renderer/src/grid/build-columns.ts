/**
 * The session grid's NDataTable columns from the layout: pinned identity columns fixed at the
 * left, groups with a title that stays in sight, widths by density, and the ARIA attributes of
 * every body cell (one shared object per column, so a cell costs no allocation).
 */
import { h, type VNodeChild } from 'vue'
import type { DataTableColumn } from 'naive-ui'
import type { SessionRow } from '../../../src-shared/contract'
import type { ColumnLayout, GridDensity } from '../stores/preferences'
import type { I18nKey } from '../i18n'
import type { LeafDef } from './column-defs'
import { renderCell, type CellContext } from './cells'
import { isPinned, visibleColumns } from './layout'

export const ACTIONS_KEY = '__actions'
const ACTIONS_WIDTH = 36
/** Compact density narrows the default widths (not the ones the user dragged). */
const COMPACT_WIDTH_SCALE = 0.8
const COMPACT_MIN_SINGLE = 80
const NUMERIC_KINDS = new Set(['bytes', 'ms', 'count', 'int', 'seconds'])

export interface GridColumnsInput {
  layout: ColumnLayout
  hidden: readonly string[]
  density: GridDensity
  sortKey: string | null
  sortOrder: 'ascend' | 'descend'
  t: (key: I18nKey) => string
  cell: CellContext
  /** The ⋯ button of a row. */
  renderActions: (row: SessionRow) => VNodeChild
}

export interface GridColumns {
  columns: DataTableColumn<SessionRow>[]
  scrollX: number
  /** Width of the columns fixed at the left: where a scrolled group's title sticks. */
  pinnedWidth: number
  /** aria-colindex (1-based) of each leaf and of each group (its first leaf), by column key. */
  colIndex: Map<string, number>
  /** Leaves under each group key, for the group header's aria-colspan. */
  groupSpan: Map<string, number>
  /** Header rows: 2 when any group shows (grouped headers), else 1. */
  headerRows: number
}

export function leafWidth(l: LeafDef, layout: ColumnLayout, density: GridDensity): number {
  const stored = layout.widths[l.key]
  if (stored !== undefined) return stored
  if (density !== 'compact') return l.width
  // Counters in a group narrow fully; a single column keeps room for its one-word title and the sort arrow.
  return Math.max(l.sub ? 0 : COMPACT_MIN_SINGLE, Math.round(l.width * COMPACT_WIDTH_SCALE))
}

function headerTitle(title: string, serverTime: string | null) {
  if (serverTime === null) return () => h('span', { class: 'cd-th', title }, title)
  const full = `${title} (${serverTime})`
  return () => h('span', { class: 'cd-th', title: full }, [title, h('span', { class: 'cd-th-sub' }, serverTime)])
}

export function buildGridColumns(input: GridColumnsInput): GridColumns {
  const { layout, density, t } = input
  const colIndex = new Map<string, number>([[ACTIONS_KEY, 1]])
  const groupSpan = new Map<string, number>()
  const actionsCell = { role: 'gridcell', 'aria-colindex': 1 }
  const columns: DataTableColumn<SessionRow>[] = [
    {
      key: ACTIONS_KEY,
      title: '',
      width: ACTIONS_WIDTH,
      fixed: 'left',
      className: 'cd-actions-cell',
      cellProps: () => actionsCell,
      render: input.renderActions,
    },
  ]
  let nextIndex = 2
  let scrollX = ACTIONS_WIDTH
  let pinnedWidth = ACTIONS_WIDTH
  let headerRows = 1

  const leafColumn = (l: LeafDef, title: string, pinned: boolean, serverTime: boolean) => {
    const index = nextIndex++
    colIndex.set(l.key, index)
    const width = leafWidth(l, layout, density)
    scrollX += width
    if (pinned) pinnedWidth += width
    // One object per column: naive-ui merges it into each cell's props.
    const cellAttrs = { role: 'gridcell', 'aria-colindex': index }
    const column: DataTableColumn<SessionRow> = {
      key: l.key,
      title: headerTitle(title, serverTime ? t('app.serverTime') : null),
      width,
      minWidth: 48,
      resizable: true,
      ellipsis: false,
      className: `cd-cell cd-kind-${l.kind}`,
      align: NUMERIC_KINDS.has(l.kind) ? 'right' : 'left',
      sorter: true,
      sortOrder: input.sortKey === l.key ? input.sortOrder : false,
      cellProps: () => cellAttrs,
      render: (row) => renderCell(row, l, input.cell),
    }
    if (pinned) column.fixed = 'left'
    return column
  }

  for (const def of visibleColumns(layout, input.hidden)) {
    const first = def.leaves[0]!
    if (def.leaves.length === 1 && !first.sub) {
      columns.push(leafColumn(first, t(def.title), isPinned(layout, def.id), first.kind === 'time'))
      continue
    }
    headerRows = 2
    const key = `group:${def.id}`
    const title = t(def.title)
    colIndex.set(key, nextIndex)
    groupSpan.set(key, def.leaves.length)
    columns.push({
      key,
      // Sticky inside the header cell: the group's name stays readable while it is scrolled half out.
      title: () => h('span', { class: 'cd-group-title', title }, title),
      titleAlign: 'left',
      children: def.leaves.map((l) => leafColumn(l, l.sub ? t(l.sub) : title, false, false)),
    } as DataTableColumn<SessionRow>)
  }
  return { columns, scrollX, pinnedWidth, colIndex, groupSpan, headerRows }
}

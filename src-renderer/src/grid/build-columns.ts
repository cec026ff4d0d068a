/**
 * The session grid's columns from the layout: pinned identity columns fixed at the left, groups
 * with a title over their leaves, widths by density, each leaf's offset, and the attributes of
 * every body cell (one shared object per column, so a cell costs no allocation and Vue skips it
 * when it patches a row).
 */
import type { ColumnLayout, GridDensity } from '../stores/preferences'
import type { I18nKey } from '../i18n'
import type { LeafDef } from './column-defs'
import { isPinned, visibleColumns } from './layout'

export const ACTIONS_KEY = '__actions'
const ACTIONS_WIDTH = 36
/** Compact density narrows the default widths (not the ones the user dragged). */
const COMPACT_WIDTH_SCALE = 0.8
const COMPACT_MIN_SINGLE = 80
export const MIN_COLUMN_WIDTH = 48
const NUMERIC_KINDS = new Set(['bytes', 'ms', 'count', 'int', 'seconds'])

export interface GridColumnsInput {
  layout: ColumnLayout
  hidden: readonly string[]
  density: GridDensity
  t: (key: I18nKey) => string
}

export interface GridLeafColumn {
  key: string
  /** What the cells show; null for the ⋯ column. */
  leaf: LeafDef | null
  /** The header's text; `serverTime` true adds the "server time" line under it. */
  title: string
  serverTime: boolean
  width: number
  /** Distance from the grid's left edge (where a pinned column sticks). */
  left: number
  fixed?: 'left'
  /** 1-based aria-colindex. */
  colIndex: number
  sortable: boolean
  /** Numbers: right-aligned, tabular figures. */
  numeric: boolean
  /** In a group: the header sits in the second header row. */
  inGroup: boolean
  /** The body cell's attributes, shared by every cell of the column. */
  cellAttrs: Record<string, unknown>
}

export interface GridGroupColumn {
  key: string
  title: string
  colIndex: number
  width: number
  left: number
  children: GridLeafColumn[]
}

export type GridColumn = GridLeafColumn | GridGroupColumn

export interface GridColumns {
  /** Header order: leaves and groups (with their leaves as children). */
  columns: GridColumn[]
  /** Body order: every leaf, the ⋯ column first. */
  leaves: GridLeafColumn[]
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

export const isGroup = (c: GridColumn): c is GridGroupColumn => 'children' in c

export function leafWidth(l: LeafDef, layout: ColumnLayout, density: GridDensity): number {
  const stored = layout.widths[l.key]
  if (stored !== undefined) return stored
  if (density !== 'compact') return l.width
  // Counters in a group narrow fully; a single column keeps room for its one-word title and the sort arrow.
  return Math.max(l.sub ? 0 : COMPACT_MIN_SINGLE, Math.round(l.width * COMPACT_WIDTH_SCALE))
}

function cellAttrs(key: string, colIndex: number, width: number, left: number, className: string, fixed: boolean) {
  const style: Record<string, string> = { width: `${width}px` }
  if (fixed) style.left = `${left}px`
  return {
    role: 'gridcell',
    'aria-colindex': colIndex,
    'data-col-key': key,
    class: `cd-td ${className}${fixed ? ' cd-fixed' : ''}`,
    style,
  }
}

export function buildGridColumns(input: GridColumnsInput): GridColumns {
  const { layout, density, t } = input
  const colIndex = new Map<string, number>([[ACTIONS_KEY, 1]])
  const groupSpan = new Map<string, number>()
  const actions: GridLeafColumn = {
    key: ACTIONS_KEY,
    leaf: null,
    title: '',
    serverTime: false,
    width: ACTIONS_WIDTH,
    left: 0,
    fixed: 'left',
    colIndex: 1,
    sortable: false,
    numeric: false,
    inGroup: false,
    cellAttrs: cellAttrs(ACTIONS_KEY, 1, ACTIONS_WIDTH, 0, 'cd-actions-cell', true),
  }
  const columns: GridColumn[] = [actions]
  const leaves: GridLeafColumn[] = [actions]
  let nextIndex = 2
  let scrollX = ACTIONS_WIDTH
  let pinnedWidth = ACTIONS_WIDTH
  let headerRows = 1

  const leafColumn = (l: LeafDef, title: string, pinned: boolean, inGroup: boolean): GridLeafColumn => {
    const index = nextIndex++
    colIndex.set(l.key, index)
    const width = leafWidth(l, layout, density)
    const left = scrollX
    scrollX += width
    if (pinned) pinnedWidth += width
    const numeric = NUMERIC_KINDS.has(l.kind)
    const className = `cd-kind-${l.kind}${numeric ? ' cd-num' : ''}`
    const column: GridLeafColumn = {
      key: l.key,
      leaf: l,
      title,
      serverTime: l.kind === 'time',
      width,
      left,
      colIndex: index,
      // A picture has no order of its own.
      sortable: l.kind !== 'trend',
      numeric,
      inGroup,
      cellAttrs: cellAttrs(l.key, index, width, left, className, pinned),
    }
    if (pinned) column.fixed = 'left'
    leaves.push(column)
    return column
  }

  for (const def of visibleColumns(layout, input.hidden)) {
    const first = def.leaves[0]!
    if (def.leaves.length === 1 && !first.sub) {
      columns.push(leafColumn(first, t(def.title), isPinned(layout, def.id), false))
      continue
    }
    headerRows = 2
    const key = `group:${def.id}`
    const title = t(def.title)
    const left = scrollX
    colIndex.set(key, nextIndex)
    groupSpan.set(key, def.leaves.length)
    const start = nextIndex
    const children = def.leaves.map((l) => leafColumn(l, l.sub ? t(l.sub) : title, false, true))
    columns.push({ key, title, colIndex: start, width: scrollX - left, left, children })
  }
  return { columns, leaves, scrollX, pinnedWidth, colIndex, groupSpan, headerRows }
}

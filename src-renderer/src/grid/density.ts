/**
 * What the grid density changes: the row height (the virtual body places rows by it, so it must
 * match the drawn rows or scrolling drifts), the header's height, cell padding and font size
 * (session-grid.css, by the class). Compact fits the counters next to the user on a 1366-pixel
 * laptop screen.
 */
import type { GridDensity } from '../stores/preferences'

export interface DensitySpec {
  className: string
  /** One body row as drawn, its bottom border included. */
  rowHeight: number
  /** One header row when the header has two (a group's title over its leaves). */
  headerRowHeight: number
  /** The header when it has one row: room for a title and its "server time" line. */
  headerSingleHeight: number
  /** Rows a Page Up / Page Down moves. */
  pageRows: number
}

const SPECS: Record<GridDensity, DensitySpec> = {
  comfortable: {
    className: 'cd-density-comfortable',
    rowHeight: 29,
    headerRowHeight: 28,
    headerSingleHeight: 40,
    pageRows: 15,
  },
  compact: {
    className: 'cd-density-compact',
    rowHeight: 22,
    headerRowHeight: 20,
    headerSingleHeight: 32,
    pageRows: 20,
  },
}

export function densityOf(d: GridDensity): DensitySpec {
  return SPECS[d] ?? SPECS.comfortable
}

/** The header's height for one or two header rows. */
export function headerHeight(spec: DensitySpec, headerRows: number): number {
  return headerRows === 2 ? spec.headerRowHeight * 2 : spec.headerSingleHeight
}

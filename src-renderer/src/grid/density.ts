/**
 * What the grid density changes: the virtual list's row height (it must match the drawn rows, or
 * scrolling drifts), cell padding and font size. Compact fits the counters next to the user on a
 * 1366-pixel laptop screen.
 */
import type { GridDensity } from '../stores/preferences'

export interface DensitySpec {
  className: string
  /** The virtual list's item height: one row as drawn (padding + line + border). */
  rowHeight: number
  /** Rows a Page Up / Page Down moves. */
  pageRows: number
  /** naive-ui DataTable theme overrides on top of the app's (App.vue). */
  theme: Record<string, string> | undefined
}

const SPECS: Record<GridDensity, DensitySpec> = {
  comfortable: { className: 'cd-density-comfortable', rowHeight: 29, pageRows: 15, theme: undefined },
  compact: {
    className: 'cd-density-compact',
    rowHeight: 22,
    pageRows: 20,
    theme: { thPaddingSmall: '2px 4px', tdPaddingSmall: '1px 4px', fontSizeSmall: '11.5px', lineHeight: '1.5' },
  },
}

export function densityOf(d: GridDensity): DensitySpec {
  return SPECS[d] ?? SPECS.comfortable
}

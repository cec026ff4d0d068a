/**
 * The grid's colours and sizes as CSS variables on its root (session-grid.css reads them): the
 * theme's table colours, so the hand-drawn grid looks like naive-ui's tables in light and dark.
 */
import type { ThemeCommonVars } from 'naive-ui'
import type { DensitySpec } from './density'

export function gridStyle(theme: ThemeCommonVars, density: DensitySpec, pinnedWidth: number) {
  return {
    '--cd-pinned-width': `${pinnedWidth}px`,
    '--cd-head-row': `${density.headerRowHeight}px`,
    '--cd-row-h': `${density.rowHeight}px`,
    '--cd-td-bg': theme.tableColor,
    '--cd-th-bg': theme.tableHeaderColor,
    '--cd-td-hover': theme.tableColorHover,
    '--cd-line': theme.dividerColor,
    '--cd-th-text': theme.textColor1,
    '--cd-td-text': theme.textColor2,
    '--cd-strong': theme.fontWeightStrong,
    '--cd-accent': theme.primaryColor,
    // The ⋯ button, drawn like naive-ui's tiny quaternary button.
    '--cd-act-text': theme.textColor2,
    '--cd-act-hover': theme.buttonColor2Hover,
    '--cd-act-pressed': theme.buttonColor2Pressed,
  }
}

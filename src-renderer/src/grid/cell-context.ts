/**
 * What the grid's cells are drawn with (cells.ts): the locale and its words, and, while the Trend
 * column shows, the trends of the rows in the window (grid-trends.ts). A new context when an
 * answer arrives is what redraws the window's trend cells.
 */
import { computed, type ComputedRef, type Ref } from 'vue'
import type { SessionRow } from '../../../src-shared/contract'
import { useT } from '../i18n'
import type { GridColumns } from './build-columns'
import type { CellContext } from './cells'
import { useGridTrends, type TrendSource } from './grid-trends'
import type { RowWindow } from './virtual-window'

export function useCellContext(
  source: () => TrendSource | undefined,
  grid: Ref<GridColumns>,
  win: Ref<RowWindow>,
  rows: Ref<readonly SessionRow[]>,
): ComputedRef<CellContext> {
  const { t, locale } = useT()
  const shown = () => grid.value.leaves.some((c) => c.leaf?.kind === 'trend')
  const trends = useGridTrends(source, shown, () => {
    const { start, end } = win.value
    return rows.value.slice(start, end).map((r) => r.session)
  })
  return computed(() => {
    void trends.version.value
    return {
      locale: locale.value,
      yes: t('row.yes'),
      serverTime: t('app.serverTime'),
      trend: {
        lookup: trends.lookup,
        label: t('grid.trendLabel', { cpu: '{cpu}', memory: '{memory}' }),
        none: t('grid.trendNone'),
      },
    }
  })
}

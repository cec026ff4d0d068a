/**
 * The Trend column's cell: CPU and memory of the last 30 minutes as two lines in one tiny SVG,
 * each scaled to its own peak (history/sparkline-path.ts), named by their latest values for
 * assistive technology and the tooltip. A plain render function like every other cell; the
 * path and the name are made once per series and locale, not at every scroll.
 */
import { h, type VNode } from 'vue'
import type { SessionSeries } from '../../../src-shared/history-contract'
import { formatMetric } from '../history/metrics'
import { sparklinePath } from '../history/sparkline-path'
import type { UiLocale } from '../format/units'
import type { TrendLookup } from './grid-trends'

export interface TrendCellContext {
  lookup: TrendLookup
  /** The resolved 'grid.trendLabel' message with `{cpu}` and `{memory}` left in. */
  label: string
  none: string
}

const WIDTH = 100
const HEIGHT = 18
const CPU_COLOR = '#d03050'
const MEMORY_COLOR = '#2080f0'

interface Drawn {
  locale: UiLocale
  template: string
  cpu: string
  memory: string
  name: string
}
const drawn = new WeakMap<SessionSeries, Drawn>()

function drawnOf(s: SessionSeries, locale: UiLocale, template: string): Drawn {
  const had = drawn.get(s)
  if (had && had.locale === locale && had.template === template) return had
  const name = template
    .replace('{cpu}', () => formatMetric('cpu', s.cpu.at(-1) ?? NaN, locale))
    .replace('{memory}', () => formatMetric('memory', s.memory.at(-1) ?? NaN, locale))
  const d: Drawn = {
    locale,
    template,
    cpu: sparklinePath(s.cpu, WIDTH, HEIGHT),
    memory: sparklinePath(s.memory, WIDTH, HEIGHT),
    name,
  }
  drawn.set(s, d)
  return d
}

/** The cell's content: '' until asked, a muted mark named "no history", or the two lines. */
export function renderTrendCell(session: string, c: TrendCellContext, locale: UiLocale): string | VNode {
  const s = c.lookup(session)
  if (s === undefined) return ''
  if (s === null)
    return h('span', { class: 'cd-trend-none', role: 'img', 'aria-label': c.none, 'data-testid': 'grid-trend-none' })
  const d = drawnOf(s, locale, c.label)
  const line = (path: string, stroke: string, metric: string) =>
    h('path', { d: path, fill: 'none', stroke, 'stroke-width': 1.2, 'data-metric': metric })
  return h(
    'svg',
    {
      class: 'cd-trend-spark',
      role: 'img',
      'aria-label': d.name,
      width: WIDTH,
      height: HEIGHT,
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      'data-testid': 'grid-trend',
      'data-points': s.at.length,
    },
    [h('title', d.name), line(d.memory, MEMORY_COLOR, 'memory'), line(d.cpu, CPU_COLOR, 'cpu')],
  )
}

/** The cell's tooltip: the same name, or that there is no history. */
export function trendTitle(session: string, c: TrendCellContext, locale: UiLocale): string | null {
  const s = c.lookup(session)
  if (s === undefined) return null
  return s === null ? c.none : drawnOf(s, locale, c.label).name
}

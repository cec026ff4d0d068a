/**
 * uPlot options for the history's time charts: an x axis of server time (ms, labelled with
 * getUTC* by server-time-axis.ts; ticks aligned on the server's hours via uPlot's tzDate in UTC),
 * drag to zoom on x only (the caller refetches the zoomed period), cursors synced across the
 * charts of one view, lock periods shaded and the app's actions drawn as vertical lines. Legend
 * and tooltip are the view's own (Vue), so uPlot's legend is off.
 */
import uPlot from 'uplot'
import type { HistoryEvent, HistoryPeriod, LockPeriod } from '../../../src-shared/history-contract'
import type { UiLocale } from '../format/units'
import { axisLabels } from './server-time-axis'

export interface ChartLine {
  label: string
  color: string
  /** Filled below the line (a total), or a line only. */
  fill?: boolean
}

export interface TimeChartSpec {
  lines: readonly ChartLine[]
  /** The y axis's tick text (units like the grid's). */
  format: (v: number) => string
  locale: UiLocale
  /** The x axis always spans the period asked, however sparse the samples. */
  period: HistoryPeriod
  locks?: readonly LockPeriod[]
  events?: readonly HistoryEvent[]
  /** Charts sharing it move their cursors together. */
  syncKey?: string
  /** A drag across the chart: the period it covers. */
  onZoom?: (period: HistoryPeriod) => void
  /** The cursor's sample index (null: left the chart) and its position in the plot, CSS px. */
  onCursor?: (index: number | null, left: number, top: number, plot: HTMLElement) => void
}

export const SERIES_COLORS = ['#2080f0', '#18a058', '#f0a020', '#d03050', '#8a2be2', '#0e7a8a', '#a0522d', '#708090']
export const EVENT_COLORS: Record<HistoryEvent['kind'], string> = {
  terminate: '#d03050',
  interrupt: '#c06000',
  lock: '#b07000',
  unlock: '#18a058',
  'lock-seen': '#b07000',
  'unlock-seen': '#18a058',
}
const LOCK_FILL = 'rgba(240, 160, 32, 0.16)'
const AXIS_STROKE = '#808080'
const GRID_STROKE = 'rgba(128, 128, 128, 0.15)'

/** uPlot's tzDate in UTC: a Date whose local getters read the server's wall clock. */
const utcDate = (ms: number) => uPlot.tzDate(new Date(ms), 'Etc/UTC')

/** Lock periods as shaded bands, actions as dashed vertical lines, under the series. */
function drawMarks(u: uPlot, period: HistoryPeriod, locks: readonly LockPeriod[], events: readonly HistoryEvent[]) {
  const { ctx } = u
  const { left, top, width, height } = u.bbox
  const x = (t: number) => u.valToPos(t, 'x', true)
  ctx.save()
  ctx.beginPath()
  ctx.rect(left, top, width, height)
  ctx.clip()
  ctx.fillStyle = LOCK_FILL
  for (const l of locks) {
    const a = Math.max(left, x(l.from))
    const b = Math.min(left + width, x(l.to ?? period.to))
    if (b > a) ctx.fillRect(a, top, Math.max(1, b - a), height)
  }
  ctx.setLineDash([4, 3])
  ctx.lineWidth = Math.max(1, devicePixelRatio || 1)
  for (const e of events) {
    const px = Math.round(x(e.at))
    ctx.strokeStyle = EVENT_COLORS[e.kind]
    ctx.beginPath()
    ctx.moveTo(px, top)
    ctx.lineTo(px, top + height)
    ctx.stroke()
  }
  ctx.restore()
}

export function timeChartOptions(spec: TimeChartSpec): Omit<uPlot.Options, 'width' | 'height'> {
  const { period, locale } = spec
  const locks = spec.locks ?? []
  const events = spec.events ?? []
  return {
    ms: 1,
    tzDate: utcDate,
    legend: { show: false },
    scales: {
      x: { time: true, range: () => [period.from, period.to] },
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] },
    },
    axes: [
      {
        stroke: AXIS_STROKE,
        grid: { stroke: GRID_STROKE },
        values: (_u, ticks, _axis, _space, step) => axisLabels(ticks, step, locale),
        size: 44,
      },
      {
        stroke: AXIS_STROKE,
        grid: { stroke: GRID_STROKE },
        values: (_u, ticks) => ticks.map((v) => spec.format(v)),
        size: 76,
      },
    ],
    series: [
      {},
      ...spec.lines.map((l) => ({
        label: l.label,
        stroke: l.color,
        width: 1.5,
        fill: l.fill ? `${l.color}22` : undefined,
        points: { show: false },
      })),
    ],
    cursor: {
      drag: { x: true, y: false, setScale: false },
      sync: spec.syncKey ? { key: spec.syncKey } : undefined,
      points: { show: false },
    },
    hooks: {
      drawClear: [(u) => drawMarks(u, period, locks, events)],
      setSelect: [
        (u) => {
          const { left, width } = u.select
          if (width < 4) return
          const from = u.posToVal(left, 'x')
          const to = u.posToVal(left + width, 'x')
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false)
          spec.onZoom?.({ from: Math.round(from), to: Math.round(to) })
        },
      ],
      setCursor: [
        (u) => {
          const { idx, left, top } = u.cursor
          spec.onCursor?.(idx ?? null, left ?? -1, top ?? -1, u.over)
        },
      ],
    },
  }
}

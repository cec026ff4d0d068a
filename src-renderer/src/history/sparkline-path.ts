/**
 * An SVG path of a small trend: values scaled into w×h (0 at the bottom, the series' max at the
 * top), one point per value, or min/max per pixel column when there are more values than pixels.
 * Pure, so a grid row can draw one without a chart library (a row must stay cheap).
 */
import { minMaxPerColumn } from './downsample'

export function sparklinePath(values: readonly number[], w: number, h: number, pad = 1): string {
  const n = values.length
  if (n === 0) return ''
  const index = values.map((_, i) => i)
  const { at, series } = minMaxPerColumn(index, [values], w)
  const ys = series[0]!
  let max = 0
  for (const v of ys) if (v > max) max = v
  const span = Math.max(1, n - 1)
  const x = (i: number) => (n === 1 ? w / 2 : pad + (i / span) * (w - 2 * pad))
  const y = (v: number) => h - pad - (max > 0 ? (v / max) * (h - 2 * pad) : 0)
  const f = (v: number) => (Math.round(v * 10) / 10).toString()
  return at.map((i, k) => `${k === 0 ? 'M' : 'L'}${f(x(i))},${f(y(ys[k]!))}`).join('')
}

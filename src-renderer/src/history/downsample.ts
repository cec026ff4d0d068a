/**
 * Min/max decimation per pixel column: a 30-day timeline of 43,200 samples drawn into 1,000
 * pixels keeps, for each column, the first and last sample's time with every series' lowest and
 * highest value among them (in the order they occurred). The drawn envelope is the same as with
 * every point — a spike stays a spike — at a fraction of the points to stroke.
 */

export interface Columns {
  at: number[]
  series: number[][]
}

/**
 * `at` ascending; each of `series` as long as `at`. Returns the input itself when it has no more
 * than two points per column (nothing to gain).
 */
export function minMaxPerColumn(
  at: readonly number[],
  series: readonly (readonly number[])[],
  columns: number,
): Columns {
  const n = at.length
  const width = Math.max(1, Math.floor(columns))
  if (n <= 2 * width || n < 2) return { at: at as number[], series: series as number[][] }
  const from = at[0]!
  const span = at[n - 1]! - from || 1
  const outAt: number[] = []
  const outSeries: number[][] = series.map(() => [])
  let start = 0
  while (start < n) {
    const column = Math.min(width - 1, Math.floor(((at[start]! - from) / span) * width))
    let end = start + 1
    while (end < n && Math.min(width - 1, Math.floor(((at[end]! - from) / span) * width)) === column) end++
    const last = end - 1
    outAt.push(at[start]!)
    if (last > start) outAt.push(at[last]!)
    series.forEach((values, s) => {
      const out = outSeries[s]!
      if (last === start) {
        out.push(values[start]!)
        return
      }
      let lo = start
      let hi = start
      for (let i = start + 1; i <= last; i++) {
        if (values[i]! < values[lo]!) lo = i
        if (values[i]! > values[hi]!) hi = i
      }
      // The earlier of the two extremes first, so the line runs through them in time order.
      out.push(values[Math.min(lo, hi)]!, values[Math.max(lo, hi)]!)
    })
    start = end
  }
  return { at: outAt, series: outSeries }
}

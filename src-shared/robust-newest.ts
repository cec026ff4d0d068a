/**
 * The server's "now" is learned from the times its sessions report (docs/architecture.md §5.3).
 * Most sessions are idle (their times lag), a few may be far ahead (a working server with a wrong
 * clock, a corrupt or hostile value): so neither the newest nor a mean, but the value that all
 * except a few of the highest reach. Pure: main's ServerClock and the renderer's estimate share it.
 */

/** Readings that may lie ahead: 3 or a tenth, but never so many that a minority ahead decides. */
export function toleratedOutliers(count: number): number {
  return Math.min(Math.floor(count / 2), Math.max(3, Math.floor(count / 10)))
}

/** The value that all but the tolerated highest readings reach; null when there are none. */
export function robustHighest(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => b - a)
  return sorted[toleratedOutliers(sorted.length)]!
}

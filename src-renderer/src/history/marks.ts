/** What the timeline's tooltip says about a moment: the actions near it and the locks in effect. */
import type { HistoryEvent, LockPeriod } from '../../../src-shared/history-contract'

/** Actions within `tolerance` ms of `at` (a few pixels of the chart), nearest first. */
export function eventsNear(events: readonly HistoryEvent[], at: number, tolerance: number): HistoryEvent[] {
  return events
    .filter((e) => Math.abs(e.at - at) <= tolerance)
    .sort((a, b) => Math.abs(a.at - at) - Math.abs(b.at - at))
}

/** Locks in effect at `at`; an open lock (to null) lasts to `end`. */
export function locksAt(locks: readonly LockPeriod[], at: number, end: number): LockPeriod[] {
  return locks.filter((l) => l.from <= at && at < (l.to ?? end))
}

/** Sessions-by-type lines worth drawing: the app ids by their peak count, largest first. */
export function appIdsByPeak(byAppId: Readonly<Record<string, readonly number[]>>, limit: number): string[] {
  const peak = (v: readonly number[]) => v.reduce((m, x) => (x > m ? x : m), 0)
  return Object.keys(byAppId)
    .map((id) => ({ id, peak: peak(byAppId[id]!) }))
    .filter((x) => x.peak > 0)
    .sort((a, b) => b.peak - a.peak || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((x) => x.id)
}

/**
 * ServerTime is the server's wall clock stored as if it were UTC (contract.ts). It is formatted
 * with getUTC* only, never shifted by the desktop zone.
 *
 * NDatePicker works in the desktop's local zone: it displays `new Date(value)` with local getters.
 * To show a server wall-clock time in the picker, build the local instant that has the same wall
 * clock; to read it back, take the picker's local wall clock as UTC.
 */
import type { ServerTime } from '../../../src-shared/contract'
import { serverTimeIso } from '../../../src-shared/server-time'
import type { UiLocale } from './units'

/**
 * "25.11.2026 10:15:03" (ru) / "2026-11-25 10:15:03" (en); '' for null or a value outside
 * 0001–9999. The text comes from the shared ISO form; only the date's order is the locale's.
 */
export function formatServerTime(t: ServerTime, locale: UiLocale = 'en'): string {
  const iso = serverTimeIso(t)
  if (iso === null) return ''
  const [date, time] = iso.split('T') as [string, string]
  if (locale !== 'ru') return `${date} ${time}`
  const [year, month, day] = date.split('-')
  return `${day}.${month}.${year} ${time}`
}

/** Server wall clock (as UTC ms) → a picker value (local instant with the same wall clock). */
export function serverTimeToPicker(t: ServerTime): number | null {
  if (t === null) return null
  const d = new Date(t)
  return new Date(
    d.getUTCFullYear(),
    d.getUTCMonth(),
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  ).getTime()
}

/** A picker value (local instant) → server wall clock as UTC ms. */
export function pickerToServerTime(v: number | null | undefined): ServerTime {
  if (v === null || v === undefined) return null
  const d = new Date(v)
  return Date.UTC(
    d.getFullYear(),
    d.getMonth(),
    d.getDate(),
    d.getHours(),
    d.getMinutes(),
    d.getSeconds(),
    d.getMilliseconds(),
  )
}

/**
 * The desktop's current wall clock, as a ServerTime. Not the server's "now": the two can be hours
 * apart (another zone, a skewed clock). Server time comes from followServerClock.
 */
export function desktopWallClockNow(now: number = Date.now()): number {
  return pickerToServerTime(now) as number
}

/** A monotonic clock in ms: unaffected by the desktop's wall clock being set or its zone. */
export const monotonicNow = (): number => performance.now()

/**
 * The server's clock as read at one moment (LockState.serverNow), carried forward by the time
 * elapsed since on a monotonic clock. The desktop's absolute time and zone never enter it.
 */
export function followServerClock(serverNow: number, elapsed: () => number = monotonicNow): () => number {
  const at = elapsed()
  return () => serverNow + Math.max(0, elapsed() - at)
}

/** "HH:mm:ss" of a server time (the picker's default time of day for a freshly picked date). */
export function serverTimeOfDay(t: number): string {
  return serverTimeIso(t)?.slice(11) ?? ''
}

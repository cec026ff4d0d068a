/**
 * Server-time text for chart axes and tooltips. A ServerTime is the server's wall clock stored as
 * if it were UTC (docs/architecture.md §5.1): every part is read with getUTC*, never with the
 * desktop's zone, so a chart in Vladivostok shows the same hours as the server in Moscow.
 */
import type { UiLocale } from '../format/units'

const p2 = (n: number) => String(n).padStart(2, '0')
const DAY = 86_400_000

/** "25.11" (ru) / "11-25" (en): the day of a server time. */
export function serverDay(t: number, locale: UiLocale): string {
  const d = new Date(t)
  return locale === 'ru'
    ? `${p2(d.getUTCDate())}.${p2(d.getUTCMonth() + 1)}`
    : `${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`
}

/** "14:05" of a server time. */
export function serverClock(t: number): string {
  const d = new Date(t)
  return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`
}

/** "25.11 14:05" / "11-25 14:05". */
export function serverDayClock(t: number, locale: UiLocale): string {
  return `${serverDay(t, locale)} ${serverClock(t)}`
}

/**
 * The labels of an axis's ticks (ms, ascending) `step` ms apart: days alone once the step is a
 * day or more; otherwise the clock, with the day added on the first tick and wherever a new day
 * starts, so a 7-day axis of 6-hour steps still says which day it is.
 */
export function axisLabels(ticks: readonly number[], step: number, locale: UiLocale): string[] {
  if (step >= DAY) return ticks.map((t) => serverDay(t, locale))
  let lastDay = NaN
  return ticks.map((t) => {
    const day = Math.floor(t / DAY)
    const label = day !== lastDay ? serverDayClock(t, locale) : serverClock(t)
    lastDay = day
    return label.replace(' ', '\n')
  })
}

/**
 * `serverTimeIso` (src-shared/server-time.ts) by arithmetic, for printing 10,000s of times: no
 * Date object and no toISOString per value, and the `YYYY-MM-DDT` part cached per day, since a
 * session list's times fall on a handful of days (docs/architecture.md §5.1: wall clock, no zone).
 */
import { isShowableServerTime } from '../../src-shared/server-time'

const MS_PER_DAY = 86_400_000

/** "00" … "99". */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`))

/**
 * `YYYY-MM-DDT` of a day counted from 1970-01-01 (proleptic Gregorian, years 1 … 9999), after
 * H. Hinnant's civil_from_days (http://howardhinnant.github.io/date_algorithms.html).
 */
function dayPrefix(days: number): string {
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  return `${String(year).padStart(4, '0')}-${TWO_DIGITS[month]!}-${TWO_DIGITS[day]!}T`
}

/** A formatter with its own day cache (one per printed list, so the cache stays small). */
export function isoTimeFormatter(): (t: unknown) => string | null {
  const prefixes = new Map<number, string>()
  return (t) => {
    if (!isShowableServerTime(t)) return null
    // Date's TimeClip truncates a fractional ms towards zero before it formats.
    const ms = Math.trunc(t)
    const days = Math.floor(ms / MS_PER_DAY)
    let prefix = prefixes.get(days)
    if (prefix === undefined) prefixes.set(days, (prefix = dayPrefix(days)))
    const secondOfDay = Math.floor((ms - days * MS_PER_DAY) / 1000)
    const hours = Math.floor(secondOfDay / 3600)
    const minutes = Math.floor((secondOfDay - hours * 3600) / 60)
    const seconds = secondOfDay - hours * 3600 - minutes * 60
    return `${prefix}${TWO_DIGITS[hours]!}:${TWO_DIGITS[minutes]!}:${TWO_DIGITS[seconds]!}`
  }
}

/**
 * A timeline column's width as the reader says it ("54 min", "2.5 h"; "54 мин", "2,5 ч"), in
 * the locale's own unit words.
 */
const MINUTE = 60_000
const HOUR = 60 * MINUTE

export function stepText(ms: number, locale: string): string {
  const hours = ms >= 2 * HOUR
  const unit = hours ? 'hour' : 'minute'
  const value = hours ? ms / HOUR : Math.max(1, ms / MINUTE)
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(
    value,
  )
}

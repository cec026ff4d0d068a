/** Human units for byte counters and millisecond durations. Pure: no Vue, no i18n instance. */
export type UiLocale = 'en' | 'ru'

const UNITS: Record<UiLocale, readonly string[]> = {
  en: ['B', 'KB', 'MB', 'GB', 'TB'],
  ru: ['Б', 'КБ', 'МБ', 'ГБ', 'ТБ'],
}

const numberFormats = new Map<string, Intl.NumberFormat>()
function nf(locale: UiLocale, digits: number): Intl.NumberFormat {
  const key = `${locale}:${digits}`
  let f = numberFormats.get(key)
  if (!f) {
    f = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    })
    numberFormats.set(key, f)
  }
  return f
}

/**
 * 1536 → "1.5 KB" (binary steps, one decimal above bytes). Negative values keep their sign.
 * A unit above bytes never prints four digits before the point: once the value, rounded to the
 * one decimal shown, would reach 1000 of a unit, the next unit is used (1,011 KB → "1.0 MB"), so
 * a column of sizes lines up and a glance at the unit is enough. Bytes stay exact ("1,023 B"),
 * and the largest unit has nowhere to go.
 */
export function formatBytes(bytes: number, locale: UiLocale = 'en'): string {
  if (!Number.isFinite(bytes)) return ''
  const units = UNITS[locale]
  let v = Math.abs(bytes)
  let i = 0
  while (i < units.length - 1 && (i === 0 ? v >= 1024 : Math.round(v * 10) / 10 >= 1000)) {
    v /= 1024
    i++
  }
  const sign = bytes < 0 ? '-' : ''
  return `${sign}${nf(locale, i === 0 ? 0 : 1).format(v)} ${units[i]}`
}

/** Milliseconds shown as seconds: 1234 → "1.23 s"; fewer decimals as the value grows. */
export function formatSeconds(ms: number, locale: UiLocale = 'en'): string {
  if (!Number.isFinite(ms)) return ''
  const s = ms / 1000
  const unit = locale === 'ru' ? 'с' : 's'
  if (ms === 0) return `0 ${unit}`
  const digits = Math.abs(s) >= 100 ? 0 : Math.abs(s) >= 10 ? 1 : Math.abs(s) >= 1 ? 2 : 3
  return `${nf(locale, digits).format(s)} ${unit}`
}

/** The exact value for a tooltip: 1234 → "1,234 ms" / "1 234 мс". */
export function formatMsExact(ms: number, locale: UiLocale = 'en'): string {
  return `${nf(locale, 0).format(ms)} ${locale === 'ru' ? 'мс' : 'ms'}`
}

/** Plain integer with grouping: 12345 → "12,345" / "12 345". */
export function formatCount(n: number, locale: UiLocale = 'en'): string {
  return nf(locale, 0).format(n)
}

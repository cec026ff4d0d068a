/**
 * Datetimes on the wire (docs/protocol.md §2.5): an `i64` count of 1/10 000-second ticks since
 * 0001-01-01, the server's wall clock with no zone.
 */

/** 1/10 000-second units from 0001-01-01 to 1970-01-01 (docs/protocol.md §2.5). */
export const TICKS_AT_UNIX_EPOCH = 621355968000000

/** 9999-12-31 23:59:59.9999, the last tick a 1C date can hold. */
export const MAX_DATE_TICKS = 3155378975999999

/**
 * A server datetime: milliseconds since 1970-01-01 of the **server's wall clock** (no zone; read it
 * with getUTC* and never shift it by the desktop's zone). Sub-millisecond ticks survive as a
 * fraction, so a value re-encodes to the same bytes. `null` is the empty date (0 ticks).
 */
export type ServerTime = number | null

/**
 * Ticks outside 0001-01-01 … 9999-12-31 (negative, or an "infinite" INT64_MAX) are no date a
 * 1C server can mean and no JS Date can print: they read as empty, per field, so one odd value
 * never fails a listing. A record written back (InfobaseInfo) then carries 0 for such a field.
 */
export function ticksToServerTime(ticks: number): ServerTime {
  if (!(ticks > 0 && ticks <= MAX_DATE_TICKS)) return null
  return (ticks - TICKS_AT_UNIX_EPOCH) / 10
}

export function serverTimeToTicks(time: ServerTime): number {
  return time === null ? 0 : Math.round(time * 10) + TICKS_AT_UNIX_EPOCH
}

/**
 * The text of a ServerTime — the server's wall clock in ms, no zone (docs/architecture.md §5.1) —
 * written once: which values can be shown, and their ISO form. The CLI, the services' messages and
 * the renderer's locale-aware formatter are built on it.
 */

/** 0001-01-01 00:00:00 … 9999-12-31 23:59:59.999 as ms since 1970: the range of RAS datetimes (docs/protocol.md §2.5). */
export const MIN_SERVER_TIME = -62_135_596_800_000
export const MAX_SERVER_TIME = 253_402_300_799_999

/** A number of ms a four-digit year can show (toISOString throws beyond ±8.64e15, writes 6-digit years past 9999). */
export function isShowableServerTime(t: unknown): t is number {
  return typeof t === 'number' && t >= MIN_SERVER_TIME && t <= MAX_SERVER_TIME
}

/** `YYYY-MM-DDTHH:mm:ss` of a server time, or null for anything else; never throws. */
export function serverTimeIso(t: unknown): string | null {
  return isShowableServerTime(t) ? new Date(t).toISOString().slice(0, 19) : null
}

/** `YYYY-MM-DD HH:mm:ss` of a ServerTime ('' for null or an odd value); never throws. */
export function serverTimeText(t: unknown): string {
  return serverTimeIso(t)?.replace('T', ' ') ?? ''
}

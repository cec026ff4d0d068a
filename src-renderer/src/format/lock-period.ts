/**
 * Lock period checks shared by the lock dialog and the runbook. All values are ServerTime: the
 * server's wall clock (see server-time.ts); "now" is the server's, never the desktop's.
 */
import type { ServerTime } from '../../../src-shared/contract'

/** "For the next …" choices, in minutes. */
export const QUICK_LOCK_MINUTES = [30, 60, 120] as const

/**
 * Date picker footer buttons: no "Now", because the picker's now is the desktop's clock shown as
 * if it were the server's.
 */
export const SERVER_PICKER_ACTIONS: Array<'clear' | 'confirm'> = ['clear', 'confirm']

export type LockToProblem = 'before-from' | 'past' | null

/**
 * Why "to" cannot be used: it must be after the picked start (`from`, null = the server's now) and
 * after the server's now (a lock that has already ended would be "locked" in name only).
 * An unknown server now (null) skips that check: the server still refuses a reversed period.
 */
export function lockToProblem(p: { from: ServerTime; to: ServerTime; serverNow: number | null }): LockToProblem {
  if (p.to === null) return null
  if (p.from !== null && p.to <= p.from) return 'before-from'
  if (p.serverNow !== null && p.to <= p.serverNow) return 'past'
  return null
}

/** "Lock in …" choices, in minutes: the start moved ahead so users can be warned first (issue 19). */
export const LOCK_IN_MINUTES = [5, 15, 30, 60] as const

/**
 * A warning message from the admin's template: `{from}` and `{to}` become the period as the server
 * shows it (server time, in the UI's format), `{to}` of an open-ended lock the given words.
 */
export function fillLockMessage(template: string, period: { from: string; to: string }): string {
  return template.replaceAll('{from}', period.from).replaceAll('{to}', period.to)
}

/** Time left until a scheduled lock starts, as H:MM:SS (or M:SS under an hour); 0:00 once due. */
export function countdownText(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`
}

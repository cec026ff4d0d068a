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

/**
 * How much a terminate asks before it runs: the one rule every entry point applies (the session
 * grid, find-user, hotspots, terminate by rule, the runbook; docs/architecture.md §3.6). The
 * service still refuses read-only profiles on its own (READ_ONLY); this only decides the friction.
 *
 *   read-only profile            → refused, the reason shown
 *   1 session                    → a plain confirm (protected profile: click twice)
 *   2–10 sessions                → confirm with the count on the button (protected: type the count)
 *   more than 10, or "all"       → type the count, whatever the protection
 */
import type { ProtectionLevel } from '../../../src-shared/contract'

/** Above this many sessions a selection is as risky as "terminate all". */
export const MANY_SESSIONS = 10

export interface TerminateScale {
  protection: ProtectionLevel
  /** Sessions the confirmation names (for "all": those in scope right now). */
  count: number
  /** "Terminate all" of a cluster or an infobase: whatever is there when it runs. */
  all: boolean
}

export type Friction =
  | { kind: 'refused'; reason: 'read-only' | 'nothing' }
  | { kind: 'confirm' }
  | { kind: 'second-click' }
  | { kind: 'confirm-count' }
  | { kind: 'type-count'; why: 'protected' | 'many' | 'all' }

export function terminateFriction({ protection, count, all }: TerminateScale): Friction {
  if (protection === 'read-only') return { kind: 'refused', reason: 'read-only' }
  if (count <= 0) return { kind: 'refused', reason: 'nothing' }
  if (all) return { kind: 'type-count', why: 'all' }
  if (count > MANY_SESSIONS) return { kind: 'type-count', why: 'many' }
  const isProtected = protection === 'protected'
  if (count === 1) return isProtected ? { kind: 'second-click' } : { kind: 'confirm' }
  return isProtected ? { kind: 'type-count', why: 'protected' } : { kind: 'confirm-count' }
}

/** The typed count confirms when it is the number itself; spaces (as in "1 234") are ignored. */
export function typedCountMatches(typed: string, count: number): boolean {
  return typed.replace(/[\s\u00a0\u202f]/g, '') === String(count)
}

/**
 * The infobase lock's part of the contract (contract.ts re-exports it): what the lock panel, the
 * runbook and the CLI read and send. Every time is a ServerTime (contract.ts).
 */
import type { ServerTime } from './contract'

export interface InfobaseCredentials {
  user: string
  password: string
  /** Keep them (sealed) in the profile for next time. */
  remember: boolean
}

/**
 * A lock's standing on the server's clock: `off` (sessions allowed), `active` (in effect now),
 * `scheduled` (sessions-deny is on but the period starts later), `expired` (its period is over).
 */
export type LockPhase = 'off' | 'active' | 'scheduled' | 'expired'

export interface LockStanding {
  phase: LockPhase
  from: ServerTime
  to: ServerTime
}

export interface LockState {
  infobase: string
  name: string
  sessionsDeny: boolean
  /** True when sessionsDeny is on and the period covers the server's "now" (phase 'active'). */
  active: boolean
  phase: LockPhase
  /**
   * The server's "now" when this state was read (ms of its wall clock, estimated robustly from the
   * sessions it reports, docs/architecture.md §5.3); null when the server showed no session to
   * learn it from, so nothing is guessed. The renderer prefills and validates lock periods against
   * it, advanced by the time elapsed since, never by the desktop's wall clock.
   */
  serverNow: ServerTime
  deniedFrom: ServerTime
  deniedTo: ServerTime
  deniedMessage: string
  permissionCode: string
  deniedParameter: string
  scheduledJobsDeny: boolean
}

export interface LockInput {
  message: string
  permissionCode: string
  /** null: now. */
  from: ServerTime
  /** null: open-ended. */
  to: ServerTime
  scheduledJobsDeny: boolean
}

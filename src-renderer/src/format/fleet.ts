/**
 * Pure helpers of the fleet view and "find a user everywhere": session counts straight from the
 * columnar table (no row objects needed) and the status of a profile from an ApiError. The
 * limiter that keeps many servers from loading all at once is src-shared/limit.ts.
 */
import type { ApiError, SessionTable } from '../../../src-shared/contract'

export interface SessionCounts {
  /** User sessions that are not sleeping. */
  active: number
  /** User sessions the server put to sleep (hibernate). */
  sleeping: number
  /** Background jobs, system jobs, RAS/console sessions. */
  service: number
  total: number
}

export const NO_SESSIONS: Readonly<SessionCounts> = Object.freeze({ active: 0, sleeping: 0, service: 0, total: 0 })

export function countSessions(table: SessionTable): SessionCounts {
  const service = table.columns.isService
  const hibernate = table.columns.hibernate
  const c = { active: 0, sleeping: 0, service: 0, total: table.count }
  for (let i = 0; i < table.count; i++) {
    if (service[i]) c.service++
    else if (hibernate[i]) c.sleeping++
    else c.active++
  }
  return c
}

export function addCounts(a: SessionCounts, b: SessionCounts): SessionCounts {
  return {
    active: a.active + b.active,
    sleeping: a.sleeping + b.sleeping,
    service: a.service + b.service,
    total: a.total + b.total,
  }
}

/** loading → a spinner; partial: connected, but some cluster or infobase call failed. */
export type FleetStatus = 'loading' | 'ok' | 'partial' | 'password' | 'auth' | 'unreachable' | 'error'

export function fleetStatusOf(e: ApiError): FleetStatus {
  if (e.code === 'PASSWORD_REQUIRED') return 'password'
  if (e.code === 'AUTH' || e.code === 'SECRET_UNAVAILABLE') return 'auth'
  if (e.code === 'NETWORK' || e.code === 'TIMEOUT') return 'unreachable'
  return 'error'
}

export const FLEET_STATUS_COLORS: Record<FleetStatus, string> = {
  loading: '#2080f0',
  ok: '#18a058',
  partial: '#f0a020',
  password: '#f0a020',
  auth: '#f0a020',
  unreachable: '#d03050',
  error: '#d03050',
}

/** Text in a status colour: the darker shades of styles/text-colors.css, readable on the tint. */
export const FLEET_STATUS_TEXT: Record<FleetStatus, string> = {
  loading: 'var(--cd-text-info)',
  ok: 'var(--cd-text-ok)',
  partial: 'var(--cd-text-warn)',
  password: 'var(--cd-text-warn)',
  auth: 'var(--cd-text-warn)',
  unreachable: 'var(--cd-text-danger)',
  error: 'var(--cd-text-danger)',
}

/**
 * Bulk terminate by rule: which sessions a rule selects. Pure: no Vue, no api.
 *
 * Every condition that is set must hold (AND). A rule with no condition at all selects nothing:
 * "terminate everything" has its own, louder button.
 */
import type { ServerTime, SessionRow } from '../../../src-shared/contract'
import { robustHighest } from '../../../src-shared/robust-newest'
import { foldText } from './search'

export type MetricWindow = 'current' | 'last5min'

export interface SessionRule {
  /** User name mask: `*` any run, `?` one character; case-insensitive (ё = е). '' = any user. */
  userMask: string
  /** Connection types (app-id); empty = any. */
  appIds: string[]
  sleepingOnly: boolean
  /** Idle longer than this many minutes (server now − last activity); null = not a condition. */
  idleMinutes: number | null
  /** CPU time above this many ms in the window; null = not a condition. */
  cpuMs: number | null
  cpuWindow: MetricWindow
  /** Memory above this many MB (MiB) in the window; null = not a condition. */
  memoryMb: number | null
  memoryWindow: MetricWindow
  /** Infobase UUIDs; empty = any. */
  infobases: string[]
  /** Background jobs, system jobs, consoles: excluded unless asked for. */
  includeService: boolean
}

export function emptyRule(): SessionRule {
  return {
    userMask: '',
    appIds: [],
    sleepingOnly: false,
    idleMinutes: null,
    cpuMs: null,
    cpuWindow: 'current',
    memoryMb: null,
    memoryWindow: 'current',
    infobases: [],
    includeService: false,
  }
}

/** True when the rule sets at least one condition (service inclusion alone is not one). */
export function ruleHasCondition(rule: SessionRule): boolean {
  return (
    rule.userMask.trim() !== '' ||
    rule.appIds.length > 0 ||
    rule.sleepingOnly ||
    rule.idleMinutes !== null ||
    rule.cpuMs !== null ||
    rule.memoryMb !== null ||
    rule.infobases.length > 0
  )
}

/**
 * A user mask as a whole-string, case-insensitive RegExp over folded text. Several masks may be
 * given separated by `,` or `;` (any of them matches). Regex specials are literal (`CORP\temp*`).
 */
export function maskToRegExp(mask: string): RegExp | null {
  const parts = mask
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean)
  if (parts.length === 0) return null
  const alternatives = parts.map((p) =>
    [...foldText(p)]
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join(''),
  )
  return new RegExp(`^(?:${alternatives.join('|')})$`, 'su')
}

/** UTC+14, and a minute of clock drift. */
const MAX_ZONE_AHEAD_MS = 14 * 3_600_000 + 60_000

/**
 * The server's "now" as seen in the snapshot: each session's newest lastActiveAt / startedAt, then
 * the value all but a few of the newest reach (robust-newest.ts), so one session with a skewed or
 * corrupt clock cannot make every other session look idle. The desktop clock is not used (another
 * zone, or simply wrong) except as a bound: no zone is more than 14 hours ahead of UTC, so a time
 * beyond that is corrupt, not a clock, and is dropped (as main's ServerClock does). null when
 * nothing is known.
 */
export function estimateServerNow(rows: readonly SessionRow[], desktopNow: number = Date.now()): ServerTime {
  const notAfter = desktopNow + MAX_ZONE_AHEAD_MS
  const newest: number[] = []
  for (const r of rows) {
    const t = r.lastActiveAt === null ? r.startedAt : Math.max(r.lastActiveAt, r.startedAt ?? -Infinity)
    if (t !== null && Number.isFinite(t) && t <= notAfter) newest.push(t)
  }
  return robustHighest(newest)
}

export const MB = 1024 * 1024

/** A predicate for one rule, compiled once (mask → RegExp, lists → Sets). */
export function compileRule(rule: SessionRule, serverNow: ServerTime): (r: SessionRow) => boolean {
  const mask = maskToRegExp(rule.userMask)
  const apps = rule.appIds.length ? new Set(rule.appIds) : null
  const ibs = rule.infobases.length ? new Set(rule.infobases) : null
  const idleMs = rule.idleMinutes !== null ? rule.idleMinutes * 60_000 : null
  const memBytes = rule.memoryMb !== null ? rule.memoryMb * MB : null
  if (!ruleHasCondition(rule)) return () => false
  return (r) => {
    if (r.isService && !rule.includeService) return false
    if (mask && !mask.test(foldText(r.userName))) return false
    if (apps && !apps.has(r.appId)) return false
    if (ibs && !ibs.has(r.infobase)) return false
    if (rule.sleepingOnly && !r.hibernate) return false
    if (idleMs !== null) {
      const last = r.lastActiveAt ?? r.startedAt
      if (serverNow === null || last === null || serverNow - last <= idleMs) return false
    }
    if (rule.cpuMs !== null) {
      const cpu = rule.cpuWindow === 'current' ? r.cpuTimeCurrent : r.cpuTimeLast5min
      if (!(cpu > rule.cpuMs)) return false
    }
    if (memBytes !== null) {
      const mem = rule.memoryWindow === 'current' ? r.memoryCurrent : r.memoryLast5min
      if (!(mem > memBytes)) return false
    }
    return true
  }
}

/** The sessions the rule selects, in snapshot order. */
export function matchSessions(rows: readonly SessionRow[], rule: SessionRule, serverNow: ServerTime): SessionRow[] {
  const test = compileRule(rule, serverNow)
  return rows.filter(test)
}

/** Idle time of a session in ms against the estimated server now (null when unknown). */
export function idleMs(r: SessionRow, serverNow: ServerTime): number | null {
  const last = r.lastActiveAt ?? r.startedAt
  if (serverNow === null || last === null) return null
  return Math.max(0, serverNow - last)
}

/** Idle time for people: "45 s", "12 min", "3 h 05 min" ("45 с", "12 мин", "3 ч 05 мин"). */
export function formatIdle(ms: number | null, locale: 'en' | 'ru'): string {
  if (ms === null || !Number.isFinite(ms)) return ''
  const u = locale === 'ru' ? { s: 'с', m: 'мин', h: 'ч' } : { s: 's', m: 'min', h: 'h' }
  const sec = Math.floor(ms / 1000)
  if (sec < 60) return `${sec} ${u.s}`
  const min = Math.floor(sec / 60)
  if (min < 60) return `${min} ${u.m}`
  return `${Math.floor(min / 60)} ${u.h} ${String(min % 60).padStart(2, '0')} ${u.m}`
}

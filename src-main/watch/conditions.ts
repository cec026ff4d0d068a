/**
 * The rules (src-shared/watch-rules.ts) as conditions over one observation: each condition that
 * holds now, with what it is about and since when. Pure; the episodes (episodes.ts) decide what
 * fires and what clears.
 */
import type { WatchPin, WatchRules } from '../../src-shared/watch-rules'
import type { WatchRuleId, WatchSeverity, WatchSubject } from '../../src-shared/watch-contract'
import type { SessionTable } from '../../src-shared/contract'
import type { ClusterObservation } from './observation'

type SessionColumns = SessionTable['columns']

/** Which part of an observation a condition is read from (absent part: its episodes stay as they are). */
export type ConditionSource = 'sessions' | 'locks' | 'servers' | 'licences' | 'reach'

export interface Condition {
  /** One episode per key: the rule and its subject. */
  key: string
  rule: WatchRuleId
  severity: WatchSeverity
  source: ConditionSource
  /** When it began, if the data says (a call's start); else the episode counts from first sight. */
  since: number | null
  /** How long it must have held before it fires, ms (0: at once). */
  holdMs: number
  value: number
  threshold: number
  subject: WatchSubject
  /** Fires even when already true at the first look (false for pins: a user online at start is no news). */
  announceAtStart: boolean
  errorCode?: string
  serverMessage?: string
}

const BACKGROUND_JOB = 'BackgroundJob'

/** Who a session condition is about (built only for the few sessions a condition holds for). */
function sessionSubject(c: SessionColumns, i: number, session: string): WatchSubject {
  return {
    session,
    sessionId: c.sessionId[i]!,
    userName: c.userName[i]!,
    appId: c.appId[i]!,
    host: c.host[i]!,
    infobase: c.infobase[i]!,
    infobaseName: c.infobaseName[i]!,
  }
}

/** A pinned session or user seen in row i (once per pin per look). */
function pinConditions(
  c: SessionColumns,
  i: number,
  session: string,
  pinnedSessions: ReadonlySet<string>,
  pinnedUsers: ReadonlySet<string>,
  pinsSeen: Set<string>,
  out: Condition[],
): void {
  const pinKey = pinnedSessions.has(session) ? `pin:session:${session}` : null
  const userKey = pinnedUsers.has(c.userName[i]!) ? `pin:user:${c.userName[i]!}` : null
  for (const key of [pinKey, userKey]) {
    if (key === null || pinsSeen.has(key)) continue
    pinsSeen.add(key)
    const s = sessionSubject(c, i, session)
    out.push({
      key,
      rule: 'pin',
      severity: 'info',
      source: 'sessions',
      since: null,
      holdMs: 0,
      value: 1,
      threshold: 1,
      subject: key.startsWith('pin:user:') ? { userName: s.userName } : s,
      announceAtStart: false,
    })
  }
}

/**
 * One pass over the columns, allocating only for the sessions a condition holds for: it runs on
 * every full list (10,000 sessions on each refresh of a big cluster).
 */
function sessionConditions(obs: ClusterObservation, rules: WatchRules, pins: readonly WatchPin[]): Condition[] {
  const table = obs.sessions
  if (!table) return []
  const c = table.columns
  const out: Condition[] = []
  const perInfobase = new Map<string, { name: string; count: number }>()
  const pinnedSessions = new Set(pins.flatMap((p) => ('session' in p ? [p.session.toLowerCase()] : [])))
  const pinnedUsers = new Set(pins.flatMap((p) => ('userName' in p ? [p.userName] : [])))
  const pinned = pinnedSessions.size > 0 || pinnedUsers.size > 0
  const pinsSeen = new Set<string>()
  const longCallMs = rules.longCallSeconds > 0 ? rules.longCallSeconds * 1000 : Infinity
  const longJobCallMs = rules.longJobCallSeconds > 0 ? rules.longJobCallSeconds * 1000 : Infinity
  for (let i = 0; i < table.count; i++) {
    const job = c.appId[i] === BACKGROUND_JOB
    const callMs = c.durationCurrent[i]!
    const blocker = rules.blockedSeconds > 0 ? c.blockedByDbms[i] || c.blockedByLs[i] : 0
    const long = callMs >= (job ? longJobCallMs : longCallMs)
    if (long || blocker || pinned) {
      const session = c.session[i]!.toLowerCase()
      if (long) {
        out.push({
          key: `${job ? 'long-job-call' : 'long-call'}:${session}`,
          rule: job ? 'long-job-call' : 'long-call',
          severity: 'warning',
          source: 'sessions',
          since: obs.at - callMs,
          holdMs: 0,
          value: Math.floor(callMs / 1000),
          threshold: job ? rules.longJobCallSeconds : rules.longCallSeconds,
          subject: sessionSubject(c, i, session),
          announceAtStart: true,
        })
      }
      if (blocker) {
        out.push({
          key: `blocked:${session}`,
          rule: 'blocked',
          severity: 'critical',
          source: 'sessions',
          since: null,
          holdMs: rules.blockedSeconds * 1000,
          value: 0,
          threshold: rules.blockedSeconds,
          subject: { ...sessionSubject(c, i, session), blockedBy: blocker },
          announceAtStart: true,
        })
      }
      if (pinned) pinConditions(c, i, session, pinnedSessions, pinnedUsers, pinsSeen, out)
    }
    const ib = perInfobase.get(c.infobase[i]!)
    if (ib) ib.count++
    else perInfobase.set(c.infobase[i]!, { name: c.infobaseName[i]!, count: 1 })
  }
  if (rules.sessionsPerInfobase > 0) {
    for (const [infobase, { name, count }] of perInfobase) {
      if (count <= rules.sessionsPerInfobase) continue
      out.push({
        key: `infobase-sessions:${infobase}`,
        rule: 'infobase-sessions',
        severity: 'warning',
        source: 'sessions',
        since: null,
        holdMs: 0,
        value: count,
        threshold: rules.sessionsPerInfobase,
        subject: { infobase, infobaseName: name },
        announceAtStart: true,
      })
    }
  }
  return out
}

function lockConditions(obs: ClusterObservation, rules: WatchRules): Condition[] {
  const out: Condition[] = []
  for (const lock of obs.locks ?? []) {
    const { phase, from, to } = lock.standing
    const subject = { infobase: lock.infobase, infobaseName: lock.infobaseName }
    const base = { source: 'locks' as const, holdMs: 0, subject, announceAtStart: true }
    if (rules.lockStarts && phase === 'active') {
      const v = { value: 0, threshold: 0, since: from }
      out.push({ ...base, ...v, key: `lock-starts:${lock.infobase}`, rule: 'lock-starts', severity: 'info' })
    }
    const soonMs = rules.lockEndsWithinMinutes * 60_000
    if (soonMs > 0 && phase === 'active' && to !== null && to - obs.at <= soonMs) {
      out.push({
        ...base,
        key: `lock-ends-soon:${lock.infobase}:${to}`,
        rule: 'lock-ends-soon',
        severity: 'warning',
        since: null,
        value: Math.max(0, Math.ceil((to - obs.at) / 60_000)),
        threshold: rules.lockEndsWithinMinutes,
      })
    }
    if (rules.lockExpired && phase === 'expired') {
      out.push({
        ...base,
        key: `lock-expired:${lock.infobase}`,
        rule: 'lock-expired',
        severity: 'warning',
        since: to,
        value: 0,
        threshold: 0,
      })
    }
  }
  return out
}

function serverConditions(obs: ClusterObservation, rules: WatchRules): Condition[] {
  const servers = obs.servers
  if (!rules.idleServer || !servers || !servers.some((s) => s.sessions > 0)) return []
  return servers
    .filter((s) => s.sessions === 0)
    .map((s) => ({
      key: `idle-server:${s.name}`,
      rule: 'idle-server' as const,
      severity: 'warning' as const,
      source: 'servers' as const,
      since: null,
      holdMs: 0,
      value: 0,
      threshold: 0,
      subject: { server: s.name },
      announceAtStart: true,
    }))
}

function licenceConditions(obs: ClusterObservation, rules: WatchRules): Condition[] {
  const use = obs.licences
  if (!use || rules.licencesPercent <= 0 || use.available <= 0) return []
  const percent = Math.round((use.used / use.available) * 100)
  if (percent <= rules.licencesPercent) return []
  const c: Condition = {
    key: 'licences',
    rule: 'licences',
    severity: percent >= 100 ? 'critical' : 'warning',
    source: 'licences',
    since: null,
    holdMs: 0,
    value: percent,
    threshold: rules.licencesPercent,
    subject: {},
    announceAtStart: true,
  }
  return [c]
}

/** Every condition that holds in this observation (the unreachable one is counted in episodes.ts). */
export function conditionsOf(obs: ClusterObservation, rules: WatchRules, pins: readonly WatchPin[] = []): Condition[] {
  if (!obs.reach.ok) {
    const r = obs.reach
    const c: Condition = {
      key: 'unreachable',
      rule: 'unreachable',
      severity: 'critical',
      source: 'reach',
      since: null,
      holdMs: 0,
      value: 1,
      threshold: rules.unreachableAfter,
      subject: {},
      announceAtStart: true,
      errorCode: r.code,
      ...(r.serverMessage ? { serverMessage: r.serverMessage } : {}),
    }
    return rules.unreachableAfter > 0 ? [c] : []
  }
  return [
    ...sessionConditions(obs, rules, pins),
    ...lockConditions(obs, rules),
    ...serverConditions(obs, rules),
    ...licenceConditions(obs, rules),
  ]
}

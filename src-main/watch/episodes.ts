/**
 * Episodes (issue 19): an alert fires once when its condition has held long enough and clears once
 * when it stops — never again on every refresh. A condition whose part of the observation was not
 * read this time (sessions, locks, servers, licences) keeps its episode open: missing data is not
 * an all-clear.
 */
import type { WatchPin, WatchRules } from '../../src-shared/watch-rules'
import type { WatchAlert } from '../../src-shared/watch-contract'
import { conditionsOf, type Condition, type ConditionSource } from './conditions'
import type { ClusterObservation } from './observation'

interface Episode {
  condition: Condition
  /** When the episode began: the data's own start (a call's) or the first look that saw it. */
  since: number
  /** Looks in a row that saw it (the unreachable rule counts refreshes, not seconds). */
  looks: number
  fired: boolean
  /** When it fired (server time); null until then. */
  firedAt: number | null
}

function observedSources(obs: ClusterObservation): Set<ConditionSource> {
  const sources = new Set<ConditionSource>(['reach'])
  if (!obs.reach.ok) return sources
  if (obs.sessions) sources.add('sessions')
  if (obs.locks) sources.add('locks')
  if (obs.servers) sources.add('servers')
  if (obs.licences) sources.add('licences')
  return sources
}

function isDue(e: Episode, at: number): boolean {
  const c = e.condition
  return c.rule === 'unreachable' ? e.looks >= c.threshold : at - e.since >= c.holdMs
}

/** The episodes of one cluster of one profile. */
export class ClusterWatch {
  private readonly open = new Map<string, Episode>()
  private looked = false

  constructor(
    readonly profileId: string,
    readonly cluster: string,
  ) {}

  /** Evaluates one look and says what fired and what cleared. */
  step(obs: ClusterObservation, rules: WatchRules, pins: readonly WatchPin[] = []): WatchAlert[] {
    const out: WatchAlert[] = []
    const seen = new Set<string>()
    for (const condition of conditionsOf(obs, rules, pins)) {
      seen.add(condition.key)
      let e = this.open.get(condition.key)
      if (!e) {
        const quiet = !this.looked && !condition.announceAtStart
        // A pin already true at the first look is no news; its end still is (fired, silently).
        e = { condition, since: condition.since ?? obs.at, looks: 0, fired: quiet, firedAt: quiet ? obs.at : null }
        this.open.set(condition.key, e)
      }
      e.condition = condition
      e.looks++
      if (!e.fired && isDue(e, obs.at)) {
        e.fired = true
        e.firedAt = obs.at
        out.push(this.alert(e, 'fired', obs.at))
      }
    }
    const sources = observedSources(obs)
    for (const [key, e] of this.open) {
      if (seen.has(key) || !sources.has(e.condition.source)) continue
      this.open.delete(key)
      if (e.fired) out.push(this.alert(e, 'cleared', obs.at))
    }
    this.looked = true
    return out
  }

  /** The alerts fired and not yet cleared. */
  current(): WatchAlert[] {
    return [...this.open.values()].filter((e) => e.fired).map((e) => this.alert(e, 'fired', e.firedAt ?? e.since))
  }

  private alert(e: Episode, state: WatchAlert['state'], at: number): WatchAlert {
    const c = e.condition
    const value =
      c.rule === 'unreachable' ? e.looks : c.rule === 'blocked' ? Math.floor((at - e.since) / 1000) : c.value
    return {
      id: `${this.profileId}|${this.cluster}|${c.key}|${e.since}`,
      rule: c.rule,
      severity: c.severity,
      state,
      profileId: this.profileId,
      cluster: this.cluster,
      since: e.since,
      at,
      value,
      threshold: c.threshold,
      subject: c.subject,
      ...(c.errorCode ? { errorCode: c.errorCode } : {}),
      ...(c.serverMessage ? { serverMessage: c.serverMessage } : {}),
    }
  }
}

/** Every cluster the watch looks at, by profile. */
export class Watch {
  private readonly clusters = new Map<string, ClusterWatch>()

  step(obs: ClusterObservation, rules: WatchRules, pins: readonly WatchPin[] = []): WatchAlert[] {
    const key = `${obs.profileId}\n${obs.cluster.toLowerCase()}`
    let w = this.clusters.get(key)
    if (!w) this.clusters.set(key, (w = new ClusterWatch(obs.profileId, obs.cluster.toLowerCase())))
    return w.step(obs, rules, pins)
  }

  /** Alerts still open, across clusters (the tray's colour, the notification centre's "now"). */
  current(): WatchAlert[] {
    return [...this.clusters.values()].flatMap((w) => w.current())
  }

  /** A profile deleted or no longer watched: its episodes end without alerts. */
  forget(profileId: string): void {
    for (const [key, w] of this.clusters) if (w.profileId === profileId) this.clusters.delete(key)
  }
}

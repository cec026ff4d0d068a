/**
 * The app's watch (issue 19): every full session list the services read — a tab's refresh or
 * the background recorder — is one look at its cluster, with the locks the app knows; a list
 * that failed is a look at an unreachable server. Rules and pins come from the settings; alerts
 * go to whoever listens (the renderer's notification centre, the desktop's notifications).
 * Evaluated only when data arrives, so never more often than it changes.
 */
import type { WatchAlert, WatchState } from '../../src-shared/watch-contract'
import { DEFAULT_WATCH_RULES, type WatchPin, type WatchRules } from '../../src-shared/watch-rules'
import { sampleTime } from '../history/sample'
import { AroundSchedule, AroundSlots, Watch, aroundLook, type AroundReader, type ClusterObservation } from '../watch'
import { ALERTS_KEPT, type AlertLog } from './alert-log'
import { toApiError } from './errors'
import type { FullList } from './history-recorder'
import type { Clock } from './ports'
import type { SessionService } from './sessions'

/** Alerts kept for the notification centre (newest first). */
const RECENT = ALERTS_KEPT

export interface WatchFor {
  rules: WatchRules
  pins: WatchPin[]
}

export class WatchService {
  private readonly watch = new Watch()
  private readonly recent: WatchAlert[] = []
  /** The server time of each cluster's last look: a failed look is placed after it. */
  private readonly lastAt = new Map<string, number>()
  private readonly listeners = new Set<(alert: WatchAlert) => void>()
  private readonly aroundDue = new AroundSchedule()
  private readonly aroundSlots = new AroundSlots()
  /** Around looks scheduled or running. */
  private readonly looking = new Set<Promise<void>>()

  constructor(
    private readonly sessions: SessionService,
    private readonly clock: Clock,
    /** Servers and licences, one read at most once a minute per cluster; null: not watched. */
    private readonly around: AroundReader | null,
    /** The rules and pins of a profile (defaults until the profile says otherwise). */
    private readonly settingsFor: (profileId: string) => WatchFor = () => ({ rules: DEFAULT_WATCH_RULES, pins: [] }),
    /** Where alerts are kept across a restart; null: in memory only. */
    private readonly alertLog: AlertLog | null = null,
  ) {
    // Only the history comes back: the watch judges the clusters afresh, so a restored 'fired'
    // is not open (`current` is the Watch's own) until a new look fires it again.
    if (alertLog) this.recent.push(...alertLog.restore().slice(0, RECENT))
  }

  onAlert(listener: (alert: WatchAlert) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  observeList(list: FullList): void {
    this.look({
      profileId: list.profileId,
      cluster: list.cluster,
      at: sampleTime(list.serverNow, this.clock.now()),
      reach: { ok: true },
      sessions: list.table,
      locks: this.sessions.knownLocksOf(list.profileId, list.cluster),
    })
    const around = this.around
    // The look below names the cluster, not the list: a closure over `list` would keep its
    // 10,000-session table alive until the look ends, and the next refresh's scavenges would copy
    // it (npm run bench, item 4a).
    const { profileId, cluster } = list
    if (around && this.aroundDue.due(profileId, cluster, this.clock.now())) {
      // Started once the list's answer has gone out: its reads (every session's licences) would
      // otherwise queue before the answer and the tab's other calls; and a few clusters at a time.
      const look = new Promise<void>((next) => setImmediate(next))
        .then(() => this.aroundSlots.run(() => this.lookAround(around, profileId, cluster)))
        .catch(() => undefined) // a look that cannot be taken leaves its parts out (aroundLook)
        .finally(() => this.looking.delete(look))
      this.looking.add(look)
    }
  }

  /** The servers' and licences' look, after the list's (its own read; a failure leaves them out). */
  private async lookAround(around: AroundReader, profileId: string, cluster: string): Promise<void> {
    const at = () => sampleTime(this.lastAt.get(`${profileId}\n${cluster}`) ?? null, this.clock.now())
    const look = await aroundLook(around, profileId, cluster, at)
    if (look) this.look(look)
  }

  observeFailure(profileId: string, cluster: string, error: unknown): void {
    const e = toApiError(error)
    const key = `${profileId}\n${cluster}`
    this.look({
      profileId,
      cluster,
      at: sampleTime(this.lastAt.get(key) ?? null, this.clock.now()),
      reach: {
        ok: false,
        code: e.code,
        message: e.message,
        ...(e.serverMessage ? { serverMessage: e.serverMessage } : {}),
      },
    })
  }

  /** Resolves once no around look is scheduled or running (a clean stop; the bench's quiet references). */
  async idle(): Promise<void> {
    while (this.looking.size > 0) await Promise.allSettled([...this.looking])
  }

  /** Resolves once every alert so far is in the alert file (or its failure logged). */
  async alertsWritten(): Promise<void> {
    await this.alertLog?.written()
  }

  state(): WatchState {
    return { current: this.watch.current(), recent: [...this.recent] }
  }

  /** A profile deleted: its episodes end without alerts. */
  forget(profileId: string): void {
    this.watch.forget(profileId)
  }

  private look(obs: ClusterObservation): void {
    if (obs.reach.ok) this.lastAt.set(`${obs.profileId}\n${obs.cluster}`, obs.at)
    const { rules, pins } = this.settingsFor(obs.profileId)
    for (const alert of this.watch.step(obs, rules, pins)) {
      this.recent.unshift(alert)
      if (this.recent.length > RECENT) this.recent.pop()
      void this.alertLog?.append(alert)
      for (const l of this.listeners) l(alert)
    }
  }
}

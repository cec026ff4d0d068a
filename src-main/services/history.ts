/**
 * The history as the renderer asks for it (src-shared/history-contract.ts): a profile's cluster
 * mapped to the store's key — the cluster's UUID, which stays when the demo's port or a server's
 * address changes — and the store's answers shaped for the seam. The store (history-port.ts) is
 * opened once, at the first use (opening checks the whole file); when it cannot be, every answer
 * is empty and the status says why.
 */
import type {
  ClusterTimeline,
  HistoryPeriod,
  HistorySettings,
  HistoryStatus,
  SessionSeries,
  SessionTrends,
  TimelineQuery,
  TopConsumers,
  TopQueryInput,
  UserTimeline,
} from '../../src-shared/history-contract'
import type { HistoryKeptAside, HistoryStore, SessionPoint } from '../history/history-port'
import { DEFAULT_SETTINGS } from '../history/history-port'
import { emptyColumns } from '../history/history-totals'
import type { ProfileDirectory } from './directory'

/** What opening the app's history gave: a store, or why there is none. */
export interface AppHistory {
  file: string
  store: HistoryStore | null
  keptAside: HistoryKeptAside | null
  /** Why the store could not be opened (null when it was). */
  unavailable: string | null
}

export type BackgroundStatus = HistoryStatus['background']

/** The trend window of the grid and the session details. */
export const TREND_MS = 30 * 60_000

export class HistoryService {
  private opened: AppHistory | null = null
  /** Set by the background recorder: its per-profile status, and a nudge when settings change. */
  background: { status(): BackgroundStatus; settingsChanged(): void; idle(): Promise<void> } | null = null
  /** Set when the app records the lists it reads (history-recorder.ts). */
  recorder: { written(): Promise<void> } | null = null

  constructor(
    private readonly open: () => AppHistory,
    private readonly directory: ProfileDirectory,
  ) {}

  /** The store, opened at the first call; null when it cannot be. */
  store(): HistoryStore | null {
    this.opened ??= this.open()
    return this.opened.store
  }

  status(): HistoryStatus {
    const store = this.store()
    const o = this.opened!
    return {
      file: o.file,
      bytes: store?.bytesOnDisk() ?? 0,
      settings: store?.settings() ?? { ...DEFAULT_SETTINGS },
      keptAside: o.keptAside ? { movedTo: o.keptAside.movedTo, why: o.keptAside.why } : null,
      unavailable: o.unavailable,
      background: this.background?.status() ?? [],
    }
  }

  setSettings(settings: HistorySettings): HistoryStatus {
    this.store()?.saveSettings(settings)
    this.background?.settingsChanged()
    return this.status()
  }

  /** The settings in effect (the file's, or the defaults without a store). */
  settings(): HistorySettings {
    return this.store()?.settings() ?? { ...DEFAULT_SETTINGS }
  }

  timeline(profileId: string, cluster: string, query: TimelineQuery): ClusterTimeline {
    this.directory.facts(profileId) // NOT_FOUND for an unknown profile
    const store = this.store()
    const entry = store?.cluster(cluster) ?? null
    const period = { from: query.from, to: query.to }
    if (!store || !entry) {
      return {
        cluster,
        clusterName: '',
        period,
        totals: emptyColumns(),
        step: 0,
        samples: 0,
        peaks: null,
        locks: [],
        events: [],
        newest: null,
      }
    }
    return {
      cluster: entry.cluster,
      clusterName: entry.name,
      period,
      ...store.totalsColumns(cluster, period, query.points),
      locks: store.locks(cluster, period),
      events: store.events(cluster, period).map((e) => ({
        at: e.at,
        kind: e.kind,
        infobaseName: e.infobaseName,
        detail: e.detail,
        ...(e.auditTime !== undefined ? { auditTime: e.auditTime } : {}),
      })),
      newest: entry.newest,
    }
  }

  top(profileId: string, cluster: string, q: TopQueryInput): TopConsumers {
    this.directory.facts(profileId)
    const period = { from: q.from, to: q.to }
    const store = this.store()
    if (!store || !store.cluster(cluster))
      return { period, by: q.by, users: [], sessions: [], infobases: [], samples: 0 }
    const r = store.top({ cluster, from: q.from, to: q.to, by: q.by, limit: q.limit ?? 10 })
    return {
      period,
      by: r.by,
      users: r.users.map((u) => ({ userName: u.userName, sessions: u.sessions, consumption: u.consumption })),
      sessions: r.sessions.map((s) => ({
        session: s.session,
        sessionId: s.sessionId,
        userName: s.userName,
        infobaseName: s.infobaseName,
        appId: s.appId,
        host: s.host,
        consumption: s.consumption,
      })),
      infobases: r.infobases.map((ib) => ({
        infobaseName: ib.infobaseName,
        sessions: ib.sessions,
        users: ib.users,
        consumption: ib.consumption,
      })),
      samples: r.samples,
    }
  }

  user(profileId: string, cluster: string, userName: string, period: HistoryPeriod): UserTimeline {
    this.directory.facts(profileId)
    const store = this.store()
    if (!store) return { userName, period, sessions: [], series: [] }
    const q = { cluster, userName, from: period.from, to: period.to }
    const sessions = store.sessionUse(q).map((s) => ({
      session: s.session,
      sessionId: s.sessionId,
      infobaseName: s.infobaseName,
      host: s.host,
      appId: s.appId,
      appeared: s.appeared,
      ended: s.ended,
      consumption: s.consumption,
    }))
    return { userName, period, sessions, series: seriesOf(store.sessionHistory(q).points) }
  }

  /** ≤ 200 sessions (the API's limit): their counters over the 30 minutes up to the cluster's newest sample. */
  trends(profileId: string, cluster: string, sessionIds: readonly string[]): SessionTrends {
    this.directory.facts(profileId)
    const store = this.store()
    const newest = store?.cluster(cluster)?.newest ?? null
    if (!store || newest === null) return { newest: null, trends: [] }
    const points = store.sessionHistory({
      cluster,
      sessions: sessionIds,
      from: newest - TREND_MS,
      to: newest + 1,
    }).points
    return { newest, trends: seriesOf(points) }
  }

  /** Resolves once the samples of the lists already answered are in the file: read after it. */
  async written(): Promise<void> {
    await this.recorder?.written()
  }

  close(): void {
    this.opened?.store?.close()
  }
}

/** Points of many sessions (in time order) as one series per session, in order of first point. */
export function seriesOf(points: readonly SessionPoint[]): SessionSeries[] {
  const bySession = new Map<string, SessionSeries>()
  for (const p of points) {
    let s = bySession.get(p.session)
    if (!s) bySession.set(p.session, (s = { session: p.session, at: [], cpu: [], memory: [], dbms: [], calls: [] }))
    s.at.push(p.at)
    s.cpu.push(p.cpu)
    s.memory.push(p.memory)
    s.dbms.push(p.dbms)
    s.calls.push(p.calls)
  }
  return [...bySession.values()]
}

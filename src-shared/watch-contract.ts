/**
 * What the watch (issue 19) tells: an alert fires once when its condition has held long enough
 * and clears once when it no longer holds — one episode, not one alert per refresh. Times are
 * server times (ms of the server's wall clock, docs/architecture.md §5). The renderer, the
 * notifications and `clusterdesk watch --json` all show these.
 */
import type { ProfileDto, Result } from './contract'
import type { ProfileWatch } from './profile-schema'
import type { WatchRules } from './watch-rules'

export const WATCH_RULE_IDS = [
  'long-call',
  'long-job-call',
  'blocked',
  'infobase-sessions',
  'licences',
  'idle-server',
  'lock-starts',
  'lock-ends-soon',
  'lock-expired',
  'unreachable',
  'pin',
] as const
export type WatchRuleId = (typeof WATCH_RULE_IDS)[number]

/** The colour of the tray: the worst open alert. */
export type WatchSeverity = 'info' | 'warning' | 'critical'

/** What an alert is about; only the fields its rule knows are set. */
export interface WatchSubject {
  session?: string
  sessionId?: number
  userName?: string
  appId?: string
  host?: string
  infobase?: string
  infobaseName?: string
  /** A working server's name, for idle-server. */
  server?: string
  /** The session number holding a blocked session up. */
  blockedBy?: number
}

export interface WatchAlert {
  /** Stable for the episode: the same id when it fires and when it clears. */
  id: string
  rule: WatchRuleId
  severity: WatchSeverity
  state: 'fired' | 'cleared'
  profileId: string
  cluster: string
  /** When the condition began (server time). */
  since: number
  /** When it fired or cleared (server time). */
  at: number
  /** The measured figure (seconds, sessions, %, refreshes) and the rule's threshold in the same unit. */
  value: number
  threshold: number
  subject: WatchSubject
  /** For unreachable: the error code and the server's own text, verbatim. */
  errorCode?: string
  serverMessage?: string
}

/** The watch now: the alerts still open, and the latest that fired or cleared (newest first). */
export interface WatchState {
  current: WatchAlert[]
  recent: WatchAlert[]
}

/** The rules for all profiles as saved, and the defaults they started from (for "reset"). */
export interface WatchSettings {
  rules: WatchRules
  defaults: WatchRules
}

export interface WatchApi {
  /** The alerts open now and the latest ones (the notification centre at start). */
  watchState(): Promise<Result<WatchState>>
  watchSettings(): Promise<Result<WatchSettings>>
  /** The rules for all profiles (each profile may override some, setProfileWatch). */
  setWatchRules(rules: WatchRules): Promise<Result<WatchSettings>>
  /** A profile's own rules (only those it changes) and its pinned sessions and users. */
  setProfileWatch(profileId: string, watch: ProfileWatch): Promise<Result<ProfileDto>>
}

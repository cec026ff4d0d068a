/**
 * The one seam between the renderer and the main process (docs/architecture.md §1, §4.1). Both sides import
 * these types; values are JSON-shaped (plain objects, arrays, strings, numbers, booleans, null)
 * so the same contract works over Electron IPC, the web preview's HTTP and the test bridge.
 * Every call resolves to a Result; nothing is thrown across the seam. Passwords go in and never
 * come back out.
 */

import type { AroundApi } from './around-contract'
import type { HistoryApi } from './history-contract'
import type {
  ImportPreview,
  OneCFoundFile,
  OneCImportPreview,
  ProfileDto,
  ProfileInput,
  ProfilesState,
} from './profile-schema'
import type { WatchAlert, WatchApi } from './watch-contract'
import type { InfobaseCredentials, LockInput, LockStanding, LockState } from './lock-contract'

// --- results and errors ---------------------------------------------------------------------

export const ERROR_CODES = [
  'INVALID_ARGUMENT', // an argument failed validation in main
  'NETWORK', // RAS host unreachable, connection refused or dropped
  'TIMEOUT', // RAS did not answer in time
  'AUTH', // wrong cluster administrator credentials
  'PASSWORD_REQUIRED', // the profile asks for its password every time and none was given yet
  'INFOBASE_AUTH_REQUIRED', // infobase administrator credentials needed (or were wrong)
  'NOT_FOUND', // profile, cluster, infobase or session does not exist
  'RIGHTS', // authenticated but not allowed
  'READ_ONLY', // the profile is read-only: destructive actions are disabled
  'PROTOCOL', // malformed reply: not a RAS server, or a bug
  'UNSUPPORTED_VERSION', // no protocol version in common with the server
  'SERVER', // any other error the server reported
  'STORE', // the profile file could not be read or written
  'IO', // another file ClusterDesk was asked to read (a 1C server list) could not be read
  'SECRET_UNAVAILABLE', // OS encryption unavailable, or a password sealed by another user
  'INTERNAL', // a bug in ClusterDesk
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ApiError {
  code: ErrorCode
  /** An English sentence for logs and tooltips; the UI shows a translation of `code`. */
  message: string
  /** The RAS server's own text, verbatim (often Russian), when the server sent one. */
  serverMessage?: string
  serverClass?: string
  /** For NOT_FOUND: what was missing. */
  subject?: 'profile' | 'cluster' | 'infobase' | 'session' | 'connection'
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError }

// --- profiles: declared once with zod in profile-schema.ts; the types travel from there --------

export type {
  ImportPreview,
  InfobaseCredentialDto,
  OneCFoundFile,
  OneCImportPreview,
  OneCServerDto,
  ProfileDto,
  ProfileInput,
  ProfilesState,
} from './profile-schema'
export type { ProfileLabel, ProfileSummary, ProtectionLevel, RefreshInterval, StoreNotice } from './profile-schema'

// --- infobase lock: declared in lock-contract.ts, re-exported here ------------------------------

export type { InfobaseCredentials, LockInput, LockPhase, LockStanding, LockState } from './lock-contract'

// --- clusters and infobases -----------------------------------------------------------------

export interface ClusterDto {
  cluster: string
  name: string
  host: string
  port: number
}

export interface ConnectionInfo {
  /** e.g. "8.5.1.1150"; empty when the server would not say. */
  agentVersion: string
  /** Negotiated RAS service version, e.g. "16.0". */
  protocolVersion: string
  clusters: ClusterDto[]
}

export interface InfobaseDto {
  infobase: string
  name: string
  descr: string
  /** Sessions of this infobase in the last session list of the cluster (null if not loaded). */
  sessionCount: number | null
  /** Sessions denied right now; null when unknown (infobase credentials needed). */
  locked: boolean | null
  /** The lock's standing on the server's clock; null when unknown (infobase credentials needed). */
  lock: LockStanding | null
}

// --- sessions ---------------------------------------------------------------------------------

/**
 * A server datetime: milliseconds since 1970-01-01 of the **server's wall clock** (format with
 * getUTC*, never shift by the desktop zone); null = empty.
 */
export type ServerTime = number | null

/** One session as the grid shows it: every SessionInfo field except the licence list. */
export interface SessionRow {
  session: string
  sessionId: number
  infobase: string
  infobaseName: string
  userName: string
  appId: string
  /** Background jobs, system jobs, RAS/console: excluded from "terminate all" by default. */
  isService: boolean
  host: string
  /** client-ip, or '' when the server is too old to send it (protocol < 10). */
  clientIp: string
  locale: string
  startedAt: ServerTime
  lastActiveAt: ServerTime
  hibernate: boolean
  passiveSessionHibernateTime: number
  hibernateSessionTerminateTime: number
  blockedByDbms: number
  blockedByLs: number
  bytesAll: number
  bytesLast5min: number
  callsAll: number
  callsLast5min: number
  dbmsBytesAll: number
  dbmsBytesLast5min: number
  dbProcInfo: string
  dbProcTook: number
  dbProcTookAt: ServerTime
  durationAll: number
  durationAllDbms: number
  durationCurrent: number
  durationCurrentDbms: number
  durationLast5min: number
  durationLast5minDbms: number
  memoryCurrent: number
  memoryLast5min: number
  memoryTotal: number
  readCurrent: number
  readLast5min: number
  readTotal: number
  writeCurrent: number
  writeLast5min: number
  writeTotal: number
  durationCurrentService: number
  durationLast5minService: number
  durationAllService: number
  currentServiceName: string
  cpuTimeCurrent: number
  cpuTimeLast5min: number
  cpuTimeTotal: number
  dataSeparation: string
  connection: string
  process: string
  /** Short presentation of the session's first licence ('' if none). */
  license: string
}

export type SessionField = keyof SessionRow

/**
 * Sessions travel column by column: one array per field, all of the same length. 10,000 rows
 * cost 51 arrays to clone instead of 10,000 objects (see `src-shared/session-table.ts`).
 */
export interface SessionTable {
  count: number
  columns: { [K in SessionField]: Array<SessionRow[K]> }
}

export interface SessionList {
  protocolVersion: string
  /** When the list was read, desktop clock (ms since epoch). */
  fetchedAt: number
  /**
   * The server's "now" at that moment (its wall clock, estimated from the sessions it reports,
   * docs/architecture.md §5.3); null while the server has shown no session to learn it from.
   */
  serverNow: ServerTime
  sessions: SessionTable
}

export interface LicenseDto {
  fullName: string
  fullPresentation: string
  shortPresentation: string
  series: string
  licenseType: number
  issuedByServer: boolean
  net: boolean
  maxUsersAll: number
  maxUsersCur: number
  rmngrAddress: string
  rmngrPort: number
  rmngrPid: string
}

export interface SessionDetails {
  row: SessionRow
  licenses: LicenseDto[]
}

export type TerminateOutcome = 'terminated' | 'gone' | 'failed'

export interface TerminateResult {
  session: string
  sessionId: number
  userName: string
  outcome: TerminateOutcome
  /** For 'failed': what went wrong. */
  error?: ApiError
}

export interface TerminateReport {
  results: TerminateResult[]
  terminated: number
  gone: number
  failed: number
}

export interface TerminateAllOptions {
  /** Only this infobase's sessions. */
  infobase?: string
  /** Include background jobs, system jobs and RAS/console sessions. */
  includeService: boolean
  message: string
}

// --- audit --------------------------------------------------------------------------------------

export type AuditAction = 'terminate' | 'interrupt' | 'lock' | 'unlock'

export interface AuditEntry {
  /** ISO time on the desktop. */
  time: string
  action: AuditAction
  profile: string
  server: string
  cluster: string
  infobase?: string
  sessions?: Array<{ userName: string; sessionId: number }>
  message?: string
  outcome: string
}

// --- push events ------------------------------------------------------------------------------

/** `operation`: the id the terminate call was given (or main made up), see ClusterApi.terminateSessions. */
export type ApiEvent =
  | { type: 'terminate-progress'; operation: string; done: number; total: number }
  /** A watch alert fired or cleared (issue 19, src-shared/watch-contract.ts). */
  | { type: 'watch-alert'; alert: WatchAlert }
  /** The desktop's toast for this alert was clicked: open its cluster tab (desktop app only). */
  | { type: 'open-alert'; alert: WatchAlert }
  /** The desktop's toast for several alerts at once was clicked: open the notification centre. */
  | { type: 'show-alerts' }

// --- the window -------------------------------------------------------------------------------

export const UI_LANGUAGES = ['ru', 'en'] as const
export type UiLanguage = (typeof UI_LANGUAGES)[number]

// --- the API ------------------------------------------------------------------------------------

export interface ClusterApi extends WatchApi, AroundApi, HistoryApi {
  listProfiles(): Promise<Result<ProfilesState>>
  saveProfile(input: ProfileInput): Promise<Result<ProfileDto>>
  deleteProfile(profileId: string): Promise<Result<null>>
  duplicateProfile(profileId: string): Promise<Result<ProfileDto>>
  /** Connects with the form's values (stored password when the form leaves it unchanged). */
  testProfile(input: ProfileInput): Promise<Result<ConnectionInfo>>
  exportProfiles(): Promise<Result<string>>
  previewImport(json: string): Promise<Result<ImportPreview>>
  importProfiles(json: string): Promise<Result<ImportPreview>>
  /**
   * "Import from 1C": an appsrvrs.lst or ibases.v8i, its bytes as base64 (at most 1 MiB; UTF-8 or
   * UTF-16 by BOM). `ports[i]` replaces the proposed RAS port of `servers[i]` of the preview.
   */
  previewImportFrom1C(fileBase64: string, ports?: number[]): Promise<Result<OneCImportPreview>>
  /** Adds the servers the preview calls "added" (same file, same ports); never replaces anything. */
  importFrom1C(fileBase64: string, ports?: number[]): Promise<Result<OneCImportPreview>>
  /** The 1C server lists found in their usual places on this computer (under %APPDATA%/1C). */
  findOneCFiles(): Promise<Result<OneCFoundFile[]>>
  /** The 1C import of a found file: `path` must be one `findOneCFiles` gives. */
  previewImportFrom1CFound(path: string, ports?: number[]): Promise<Result<OneCImportPreview>>
  importFrom1CFound(path: string, ports?: number[]): Promise<Result<OneCImportPreview>>
  /** Starts the embedded simulator (if not running) and saves a demo profile pointing at it. */
  createDemoProfile(): Promise<Result<ProfileDto>>
  /** For "ask every time" profiles: the password for this run of the app, kept in memory only. */
  unlockProfile(profileId: string, password: string): Promise<Result<null>>

  connect(profileId: string): Promise<Result<ConnectionInfo>>
  listInfobases(profileId: string, clusterId: string): Promise<Result<InfobaseDto[]>>
  listSessions(profileId: string, clusterId: string, infobaseId?: string): Promise<Result<SessionList>>
  getSession(profileId: string, clusterId: string, sessionId: string): Promise<Result<SessionDetails>>
  /**
   * `operation` (a UUID the caller chooses) tags this call's progress events, so a caller follows
   * only its own terminate; main makes one up when it is left out (the CLI).
   */
  terminateSessions(
    profileId: string,
    clusterId: string,
    sessionIds: string[],
    message: string,
    operation?: string,
  ): Promise<Result<TerminateReport>>
  terminateAllSessions(
    profileId: string,
    clusterId: string,
    options: TerminateAllOptions,
    operation?: string,
  ): Promise<Result<TerminateReport>>
  interruptCurrentCall(profileId: string, clusterId: string, sessionId: string, message: string): Promise<Result<null>>

  getInfobaseLock(
    profileId: string,
    clusterId: string,
    infobaseId: string,
    credentials?: InfobaseCredentials,
  ): Promise<Result<LockState>>
  setInfobaseLock(
    profileId: string,
    clusterId: string,
    infobaseId: string,
    lock: LockInput,
    credentials?: InfobaseCredentials,
  ): Promise<Result<LockState>>
  clearInfobaseLock(
    profileId: string,
    clusterId: string,
    infobaseId: string,
    credentials?: InfobaseCredentials,
  ): Promise<Result<LockState>>

  readAuditLog(limit: number): Promise<Result<AuditEntry[]>>

  /** The UI language, at start and on every switch: the desktop menu and prompts follow it. */
  setUiLanguage(language: UiLanguage): Promise<Result<null>>
}

/** What the renderer sees as `window.api`: the calls plus the push-event subscription. */
export interface RendererApi extends ClusterApi {
  onEvent(listener: (event: ApiEvent) => void): () => void
}

export type ApiMethod = keyof ClusterApi

// IPC channel names per method (src-shared/channels.ts), re-exported: one import for both sides.
export { API_METHODS, CHANNELS, EVENT_CHANNEL } from './channels'

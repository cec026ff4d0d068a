/**
 * The contract (src-shared/contract.ts) implemented over the services. Every argument of every
 * method is validated with zod (unknown keys, wrong types, oversize strings, bad UUIDs →
 * INVALID_ARGUMENT; a profile by the one profile schema, src-shared/profile-schema.ts) and every
 * failure comes back as a Result — nothing is thrown across the seam, and no message carries a
 * stack trace or a password.
 */
import { z } from 'zod'
import {
  API_METHODS,
  UI_LANGUAGES,
  type ApiEvent,
  type ApiMethod,
  type ClusterApi,
  type InfobaseCredentials,
  type LockInput,
  type ProfileInput,
  type Result,
  type TerminateAllOptions,
  type UiLanguage,
} from '../src-shared/contract'
import {
  MAX_NAME_LENGTH,
  MAX_PASSWORD_LENGTH,
  profileIdSchema as profileId,
  profileInputSchema,
  profileWatchSchema,
  type ProfileWatch,
} from '../src-shared/profile-schema'
import { DEFAULT_WATCH_RULES, watchRulesSchema, type WatchRules } from '../src-shared/watch-rules'
import { MAX_SERVER_TIME, MIN_SERVER_TIME } from '../src-shared/server-time'
import { UUID_PATTERN } from '../src-shared/validate'
import { AROUND_ARGUMENTS, aroundImpl } from './api-around'
import { HISTORY_ARGUMENTS, historyImpl } from './api-history'
import { toApiError, type Services } from './services'
import { infobasesWithLocks } from './services/infobase-badges'
import { MAX_ONE_C_FILE } from './services/profiles/one-c-import'

// --- argument schemas ---------------------------------------------------------------------------

const MAX_MESSAGE = 1024
const MAX_IMPORT = 5 * 1024 * 1024
const MAX_SESSIONS = 100_000

/** An appsrvrs.lst / ibases.v8i as base64: at most 1 MiB of bytes (services/profiles/one-c-import.ts). */
const oneCFile = z
  .string()
  .max(Math.ceil(MAX_ONE_C_FILE / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64')
const oneCPorts = z.array(z.number().int().min(1).max(65535)).max(10_000).optional()
/** A path `findOneCFiles` gave; the service reads it only if it still is one (one-c-places.ts). */
const oneCPath = z.string().min(1).max(4096)
const uuid = z.string().max(36).regex(UUID_PATTERN, 'expected a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)')
const text = (max: number) => z.string().max(max)
/** 0001–9999, the range of RAS datetimes (docs/protocol.md §2.5). */
const serverTime = z.number().int().min(MIN_SERVER_TIME).max(MAX_SERVER_TIME).nullable()

export const terminateAllSchema = z
  .object({
    infobase: uuid.optional(),
    includeService: z.boolean(),
    message: text(MAX_MESSAGE),
  })
  .strict() satisfies z.ZodType<TerminateAllOptions>

export const credentialsSchema = z
  .object({
    user: text(MAX_NAME_LENGTH),
    password: text(MAX_PASSWORD_LENGTH),
    remember: z.boolean(),
  })
  .strict() satisfies z.ZodType<InfobaseCredentials>

export const lockInputSchema = z
  .object({
    message: text(MAX_MESSAGE),
    permissionCode: text(MAX_NAME_LENGTH),
    from: serverTime,
    to: serverTime,
    scheduledJobsDeny: z.boolean(),
  })
  .strict() satisfies z.ZodType<LockInput>

/** The schema of each positional argument; `.optional()` ones may be left out. */
export const ARGUMENTS: { [M in ApiMethod]: readonly z.ZodType[] } = {
  listProfiles: [],
  saveProfile: [profileInputSchema],
  deleteProfile: [profileId],
  duplicateProfile: [profileId],
  testProfile: [profileInputSchema],
  exportProfiles: [],
  previewImport: [z.string().max(MAX_IMPORT)],
  importProfiles: [z.string().max(MAX_IMPORT)],
  previewImportFrom1C: [oneCFile, oneCPorts],
  importFrom1C: [oneCFile, oneCPorts],
  findOneCFiles: [],
  previewImportFrom1CFound: [oneCPath, oneCPorts],
  importFrom1CFound: [oneCPath, oneCPorts],
  createDemoProfile: [],
  unlockProfile: [profileId, text(MAX_PASSWORD_LENGTH)],
  connect: [profileId],
  listInfobases: [profileId, uuid],
  listSessions: [profileId, uuid, uuid.optional()],
  getSession: [profileId, uuid, uuid],
  // The trailing operation id is the caller's, so it can follow its own progress (§4.7).
  terminateSessions: [profileId, uuid, z.array(uuid).min(1).max(MAX_SESSIONS), text(MAX_MESSAGE), uuid.optional()],
  terminateAllSessions: [profileId, uuid, terminateAllSchema, uuid.optional()],
  interruptCurrentCall: [profileId, uuid, uuid, text(MAX_MESSAGE)],
  getInfobaseLock: [profileId, uuid, uuid, credentialsSchema.optional()],
  setInfobaseLock: [profileId, uuid, uuid, lockInputSchema, credentialsSchema.optional()],
  clearInfobaseLock: [profileId, uuid, uuid, credentialsSchema.optional()],
  readAuditLog: [z.number().int().min(1).max(10_000)],
  setUiLanguage: [z.enum(UI_LANGUAGES)],
  watchState: [],
  watchSettings: [],
  setWatchRules: [watchRulesSchema],
  setProfileWatch: [profileId, profileWatchSchema],
  ...AROUND_ARGUMENTS,
  ...HISTORY_ARGUMENTS,
}

class InvalidArgument extends Error {}

function validate(method: ApiMethod, args: unknown[]): unknown[] {
  const schemas = ARGUMENTS[method]
  if (args.length > schemas.length) {
    throw new InvalidArgument(`${method}: expected at most ${schemas.length} argument(s), got ${args.length}`)
  }
  return schemas.map((schema, i) => {
    const parsed = schema.safeParse(args[i])
    if (!parsed.success) {
      const why = parsed.error.issues
        .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
        .join('; ')
      throw new InvalidArgument(`${method}: argument ${i + 1}: ${why}`)
    }
    return parsed.data
  })
}

// --- the API ------------------------------------------------------------------------------------

type Impl = { [M in ApiMethod]: (...args: never[]) => Promise<unknown> }

/** What only the desktop app does with some calls; the web preview, CLI and tests pass nothing. */
export interface ApiHost {
  /** Rebuild the menu (and the unload prompt) in the page's language. */
  setUiLanguage?(language: UiLanguage): void
}

export function createApi(
  services: Services,
  emit: (event: ApiEvent) => void,
  log: (line: string) => void = () => undefined,
  host: ApiHost = {},
): ClusterApi {
  const { profiles, pool, sessions, locks, audit } = services
  services.watch.onAlert((alert) => emit({ type: 'watch-alert', alert }))
  const progress = (p: { operation: string; done: number; total: number }) =>
    emit({ type: 'terminate-progress', operation: p.operation, done: p.done, total: p.total })

  const impl: Impl = {
    listProfiles: () => profiles.state(),
    saveProfile: (input: ProfileInput) => profiles.save(input),
    deleteProfile: async (id: string) => (profiles.delete(id), null),
    duplicateProfile: async (id: string) => profiles.duplicate(id),
    testProfile: async (input: ProfileInput) => pool.test(await profiles.testTarget(input)),
    exportProfiles: async () => profiles.export(),
    previewImport: async (json: string) => profiles.previewImport(json),
    importProfiles: async (json: string) => profiles.importProfiles(json),
    previewImportFrom1C: async (file: string, ports?: number[]) => profiles.previewImportFrom1C(file, ports),
    importFrom1C: async (file: string, ports?: number[]) => profiles.importFrom1C(file, ports),
    findOneCFiles: () => profiles.findOneCFiles(),
    previewImportFrom1CFound: (path: string, ports?: number[]) => profiles.previewImportFrom1CFound(path, ports),
    importFrom1CFound: (path: string, ports?: number[]) => profiles.importFrom1CFound(path, ports),
    createDemoProfile: () => profiles.createDemo(),
    unlockProfile: async (id: string, password: string) => (profiles.unlock(id, password), null),
    connect: (id: string) => pool.connect(id),
    listInfobases: (id: string, cluster: string) => infobasesWithLocks(sessions, locks, id, cluster),
    listSessions: (id: string, cluster: string, infobase?: string) => sessions.listSessions(id, cluster, infobase),
    getSession: (id: string, cluster: string, session: string) => sessions.getSession(id, cluster, session),
    terminateSessions: (id: string, cluster: string, ids: string[], message: string, operation?: string) =>
      sessions.terminateSessions(id, cluster, ids, message, progress, operation),
    terminateAllSessions: (id: string, cluster: string, options: TerminateAllOptions, operation?: string) =>
      sessions.terminateAllSessions(id, cluster, options, progress, operation),
    interruptCurrentCall: async (id: string, cluster: string, session: string, message: string) => {
      await sessions.interruptCurrentCall(id, cluster, session, message)
      return null
    },
    getInfobaseLock: (id: string, cluster: string, infobase: string, creds?: InfobaseCredentials) =>
      locks.getLock(id, cluster, infobase, creds),
    setInfobaseLock: (id: string, cluster: string, infobase: string, lock: LockInput, creds?: InfobaseCredentials) =>
      locks.setLock(id, cluster, infobase, lock, creds),
    clearInfobaseLock: (id: string, cluster: string, infobase: string, creds?: InfobaseCredentials) =>
      locks.clearLock(id, cluster, infobase, creds),
    readAuditLog: (limit: number) => audit.read(limit),
    setUiLanguage: async (language: UiLanguage) => (host.setUiLanguage?.(language), null),
    watchState: async () => services.watch.state(),
    watchSettings: async () => ({ rules: profiles.watchRules(), defaults: DEFAULT_WATCH_RULES }),
    setWatchRules: async (rules: WatchRules) => ({
      rules: profiles.setWatchRules(rules),
      defaults: DEFAULT_WATCH_RULES,
    }),
    setProfileWatch: async (id: string, watch: ProfileWatch) => profiles.setProfileWatch(id, watch),
    ...aroundImpl(services),
    ...historyImpl(services),
  }

  const api = {} as Record<ApiMethod, (...args: unknown[]) => Promise<Result<unknown>>>
  for (const method of API_METHODS) {
    api[method] = async (...args: unknown[]): Promise<Result<unknown>> => {
      let valid: unknown[]
      try {
        valid = validate(method, args)
      } catch (e) {
        return { ok: false, error: { code: 'INVALID_ARGUMENT', message: (e as Error).message } }
      }
      try {
        const value = await (impl[method] as (...a: unknown[]) => Promise<unknown>)(...valid)
        return { ok: true, value }
      } catch (e) {
        const error = toApiError(e)
        if (error.code === 'INTERNAL') log(`api ${method}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
        return { ok: false, error }
      }
    }
  }
  return api as unknown as ClusterApi
}

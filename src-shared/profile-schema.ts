/**
 * The profile, declared once (docs/architecture.md §7). Each field has one rule here, and every
 * form a profile takes is derived from them: what the renderer sends (`ProfileInput`, validated by
 * the API), what it gets back (`ProfileDto`), what the file keeps (`StoredProfile`, read leniently
 * so older files migrate), and what export writes and import reads (`ExportedProfile`). The
 * contract re-exports the types; only main parses with the schemas, so the renderer and the
 * preload never load zod.
 */
import { z } from 'zod'
import { unsafeTextReason } from './unsafe-text'
import { watchOverrideSchema, watchPinSchema } from './watch-rules'
import { DEFAULT_RAS_PORT, PORT_PROBLEM, UUID_PATTERN, hostProblem, isRasPort } from './validate'

export const PROFILE_LABELS = ['none', 'prod', 'test', 'dev'] as const
export type ProfileLabel = (typeof PROFILE_LABELS)[number]

/** normal; protected: destructive actions ask once more; read-only: destructive actions disabled. */
export const PROTECTION_LEVELS = ['normal', 'protected', 'read-only'] as const
export type ProtectionLevel = (typeof PROTECTION_LEVELS)[number]

export const REFRESH_INTERVALS = [0, 5, 10, 30, 60] as const
export type RefreshInterval = (typeof REFRESH_INTERVALS)[number]

export const MAX_NAME_LENGTH = 200
export const MAX_PASSWORD_LENGTH = 1024

// --- the rule of each field -----------------------------------------------------------------------

const notText = (issue: { input?: unknown }) => (issue.input == null ? 'is missing' : 'is not text')
const text = (max: number) => z.string({ error: notText }).max(max, `is longer than ${max} characters`)
/** Adds the reason one of the shared validators gave as the issue's message. */
const refuse = (ctx: z.core.ParsePayload<string>, why: string | null) => {
  if (why !== null) ctx.issues.push({ code: 'custom', message: why, input: ctx.value })
}
/** Refuses NUL, ANSI escapes and bidi overrides (unsafe-text.ts): they rewrite terminals and logs. */
const safeText = (max: number) => text(max).check((ctx) => refuse(ctx, unsafeTextReason(ctx.value)))
const oneOf = (values: readonly unknown[]) => ({ error: `must be one of ${values.join(', ')}` })

/** The rules the input, the import and the DTO share; the stored form reads some of them leniently. */
const field = {
  name: safeText(MAX_NAME_LENGTH).trim().min(1, 'is empty'),
  group: safeText(MAX_NAME_LENGTH).trim(),
  host: z
    .string({ error: notText })
    .check((ctx) => refuse(ctx, hostProblem(ctx.value)))
    .trim(),
  port: z.custom<number>(isRasPort, { error: PORT_PROBLEM }),
  clusterUser: text(MAX_NAME_LENGTH),
  askClusterPassword: z.boolean(),
  label: z.enum(PROFILE_LABELS, oneOf(PROFILE_LABELS)),
  refreshInterval: z.literal(REFRESH_INTERVALS, oneOf(REFRESH_INTERVALS)),
  protection: z.enum(PROTECTION_LEVELS, oneOf(PROTECTION_LEVELS)),
}

/** A profile's id as the API accepts it (ids are UUIDs we make, but any short text is looked up). */
export const profileIdSchema = z.string().min(1).max(64)

// --- what the renderer sends and gets back ----------------------------------------------------------

/** saveProfile / testProfile: strict, unknown keys refused (docs/architecture.md §4.5). */
export const profileInputSchema = z.strictObject({
  /** Absent: a new profile. */
  id: profileIdSchema.optional(),
  ...field,
  /** undefined: keep the stored password; null: forget it; a string: store this one. */
  clusterPassword: text(MAX_PASSWORD_LENGTH).nullable().optional(),
  /** "Record history in the background"; undefined: keep the stored choice (off for a new profile). */
  recordHistory: z.boolean().optional(),
})
export type ProfileInput = z.input<typeof profileInputSchema>

/** askClusterPassword ("ask every time"): the password is never stored; the UI prompts on connect. */
export const profileDtoSchema = z.object({
  id: z.string(),
  ...field,
  /** A cluster administrator password is stored (sealed) for this profile. */
  hasClusterPassword: z.boolean(),
  infobaseCredentials: z.array(z.object({ infobase: z.string(), user: z.string(), hasPassword: z.boolean() })),
  /** Points at the embedded demo simulator. */
  demo: z.boolean(),
  /** Sampled into the history in the background, even with no tab open (issue 17). */
  recordHistory: z.boolean(),
  /** The profile's own watch rules (over the rules for all) and its pinned sessions and users (issue 19). */
  watch: z.object({ rules: watchOverrideSchema, pins: z.array(watchPinSchema) }),
})
export type ProfileDto = z.output<typeof profileDtoSchema>
export type InfobaseCredentialDto = ProfileDto['infobaseCredentials'][number]
export type ProfileSummary = Pick<ProfileDto, 'name' | 'group' | 'host' | 'port'>

// --- what the file keeps ------------------------------------------------------------------------------

/** An unknown choice (a newer or older app wrote it) reads as the default; a wrong type is damage. */
const storedChoice = <T extends z.ZodType>(base: z.ZodType, rule: T, fallback: z.output<T>) =>
  base.default(fallback).pipe(rule.catch(fallback))

/** A profile's watch: its own rules over the rules for all, and its pins (issue 19). */
export const profileWatchSchema = z.strictObject({
  rules: watchOverrideSchema,
  pins: z.array(watchPinSchema).max(1000),
})
export type ProfileWatch = z.output<typeof profileWatchSchema>
const NO_WATCH: ProfileWatch = { rules: {}, pins: [] }

/**
 * One profile as the file keeps it. `*Sealed` fields hold SecretBox output, never plain text. A
 * wrong type makes the file damaged (kept aside, docs/architecture.md §7.3); a field an older file
 * lacks gets its default; credentials that cannot be read are dropped.
 */
export const storedProfileSchema = z
  .object({
    id: z.string({ error: notText }),
    name: z.string({ error: notText }),
    group: z.string({ error: notText }).default(''),
    host: z.string({ error: notText }),
    port: field.port,
    clusterUser: z.string({ error: notText }).default(''),
    clusterPasswordSealed: z.string({ error: 'is not text or null' }).nullable().default(null),
    askClusterPassword: z.boolean({ error: 'is not true or false' }).default(false),
    infobaseCredentials: z
      .array(
        z
          .object({ infobase: z.string(), user: z.string(), passwordSealed: z.string().nullable().catch(null) })
          .nullable()
          .catch(null),
        { error: 'is not a list' },
      )
      .default([])
      .transform((list) => list.filter((c) => c !== null)),
    label: storedChoice(z.string({ error: notText }), field.label, 'none'),
    refreshInterval: storedChoice(z.number({ error: 'is not a number' }), field.refreshInterval, 0),
    protection: storedChoice(z.string({ error: notText }), field.protection, 'normal'),
    demo: z.boolean({ error: 'is not true or false' }).default(false),
    /** Files before 1.1.0 lack it: on for the demo profile, off for the others (as the 1.1.0 migration writes it). */
    recordHistory: z.boolean({ error: 'is not true or false' }).optional(),
    /** The watch's settings are a convenience: unreadable ones read as none rather than damage the file. */
    watch: profileWatchSchema.default(NO_WATCH).catch(NO_WATCH),
  })
  .transform(({ recordHistory, ...p }) => ({ ...p, recordHistory: recordHistory ?? p.demo }))
export type StoredProfile = z.output<typeof storedProfileSchema>

/** The `profiles` list of the file; other keys (conf's `__internal__`) are not ours. */
export const storedProfileListSchema = z.array(storedProfileSchema, { error: 'is not a list' })

// --- what export writes and import reads ----------------------------------------------------------

/** Absent or null reads as `fallback` (files written by hand or by older versions). */
const orDefault = <T extends z.ZodType>(fallback: unknown, rule: T) => z.preprocess((v) => v ?? fallback, rule)

const importedInfobaseUser = z.object({
  infobase: z.string().regex(UUID_PATTERN).toLowerCase(),
  user: z.string().transform((u) => u.slice(0, MAX_NAME_LENGTH)),
})

/**
 * One entry of an export file (format `clusterdesk-profiles`): no passwords, no ids. Import keeps
 * the order of the checks: name, host, group, cluster user, port, choices. Passwords in the file
 * are ignored; infobase users that cannot be read are dropped.
 */
export const exportedProfileSchema = z.object(
  {
    name: field.name,
    host: field.host,
    group: orDefault('', field.group),
    clusterUser: orDefault('', field.clusterUser.trim()),
    port: z.preprocess((v) => (v === undefined ? DEFAULT_RAS_PORT : v), field.port),
    label: orDefault('none', field.label),
    refreshInterval: orDefault(0, field.refreshInterval),
    protection: orDefault('normal', field.protection),
    askClusterPassword: z
      .unknown()
      .optional()
      .transform((v) => v === true),
    infobaseUsers: z
      .unknown()
      .optional()
      .transform((v) => (Array.isArray(v) ? v.flatMap((u) => importedInfobaseUser.safeParse(u).data ?? []) : [])),
  },
  { error: 'not an object' },
)
export type ExportedProfile = z.output<typeof exportedProfileSchema>

/** The first thing wrong, as "<where> <what>" (e.g. "port is not 1–65535", "profiles[2].host is missing"). */
export function firstProblem(error: z.ZodError, at = ''): string {
  const issue = error.issues[0]
  if (!issue) return 'is not readable'
  const where = issue.path.reduce<string>(
    (s, key) => (typeof key === 'number' ? `${s}[${key}]` : s ? `${s}.${String(key)}` : String(key)),
    at,
  )
  return where ? `${where} ${issue.message}` : issue.message
}

// --- what the renderer is told about the file -----------------------------------------------------

export type StoreNotice =
  { kind: 'corrupt-file-moved'; movedTo: string } | { kind: 'secrets-unavailable' } | { kind: 'weak-secret-storage' }

export interface ProfilesState {
  profiles: ProfileDto[]
  /** Something the user must be told about the profile store (shown once at start). */
  notices: StoreNotice[]
  /** Whether this build can start an embedded demo cluster. */
  demoAvailable: boolean
}

export interface ImportPreview {
  /** Profiles that would be added. */
  added: ProfileSummary[]
  /** Profiles already present (same host, port and name): skipped. */
  duplicates: ProfileSummary[]
  /** Entries that could not be read, with the reason. */
  invalid: string[]
}

/** "Import from 1C": one server of the file (docs/architecture.md §7.4). */
export interface OneCServerDto {
  host: string
  /** The agent or cluster manager port the file gives; null when it gives none. */
  sourcePort: number | null
  /** The RAS port the profile gets (proposed from `sourcePort`, or the caller's). */
  port: number
  /** ibases.v8i: the infobases that use this server. */
  infobases: string[]
}

/** A 1C server list found in its usual place (src-main/services/profiles/one-c-places.ts). */
export interface OneCFoundFile {
  /** appsrvrs.lst (administration console) or ibases.v8i (launcher). */
  kind: 'appsrvrs' | 'ibases'
  path: string
  size: number
  /** Last change, desktop time (ms since the epoch): a file on this computer. */
  modifiedAt: number
  /** Over the 1 MiB any real list stays under: shown, not read. */
  tooLarge: boolean
}

export interface OneCImportPreview extends ImportPreview {
  format: 'appsrvrs' | 'v8i' | 'unknown'
  servers: OneCServerDto[]
}

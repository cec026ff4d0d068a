/**
 * Watch rules (issue 19), declared once: the type, the defaults, and the schema main validates
 * stored and sent rules with. A threshold of 0 (or `false`) turns its rule off. Rules live for all
 * profiles and may be overridden per profile, field by field (`mergeWatchRules`).
 */
import { z } from 'zod'

const seconds = z
  .number()
  .int()
  .min(0)
  .max(7 * 86_400)
const count = z.number().int().min(0).max(1_000_000)

export const watchRulesSchema = z.strictObject({
  /** A current server call longer than this, interactive sessions (s). */
  longCallSeconds: seconds,
  /** … and background jobs (s). */
  longJobCallSeconds: seconds,
  /** A session blocked by the DBMS or a managed lock longer than this (s). */
  blockedSeconds: seconds,
  /** More sessions than this on one infobase (0: off). */
  sessionsPerInfobase: count,
  /** Licences in use above this share of those available, % (0: off). */
  licencesPercent: z.number().int().min(0).max(100),
  /** A working server with no sessions while others of the cluster have some. */
  idleServer: z.boolean(),
  /** An infobase lock comes into effect. */
  lockStarts: z.boolean(),
  /** An infobase lock ends within this many minutes (0: off). */
  lockEndsWithinMinutes: z.number().int().min(0).max(1440),
  /** An infobase lock's period is over while sessions are still denied. */
  lockExpired: z.boolean(),
  /** The server unreachable, or refusing the administrator, this many refreshes in a row (0: off). */
  unreachableAfter: z.number().int().min(0).max(100),
})

export type WatchRules = z.infer<typeof watchRulesSchema>

/** Defaults an administrator would pick: calls of a minute hang a user; jobs may run ten. */
export const DEFAULT_WATCH_RULES: WatchRules = {
  longCallSeconds: 60,
  longJobCallSeconds: 600,
  blockedSeconds: 30,
  sessionsPerInfobase: 0,
  licencesPercent: 90,
  idleServer: true,
  lockStarts: true,
  lockEndsWithinMinutes: 15,
  lockExpired: true,
  unreachableAfter: 2,
}

/** A profile's own rules: only the fields it changes. */
export const watchOverrideSchema = watchRulesSchema.partial()
export type WatchOverride = z.infer<typeof watchOverrideSchema>

export function mergeWatchRules(all: WatchRules, own: WatchOverride | undefined): WatchRules {
  return own ? { ...all, ...own } : all
}

/** A pinned session (by UUID) or user (by name, as the server spells it). */
export const watchPinSchema = z.union([
  z.strictObject({ session: z.string().min(1).max(36) }),
  z.strictObject({ userName: z.string().min(1).max(200) }),
])
export type WatchPin = z.infer<typeof watchPinSchema>

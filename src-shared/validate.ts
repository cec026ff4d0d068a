/**
 * The one rule each for what a RAS address and a cluster object are made of: host, port, UUID.
 * Pure and free of zod, so the profile schema, the API, the CLI and the profile form (renderer)
 * all check with the same functions.
 */
import { unsafeTextReason } from './unsafe-text'

/**
 * The port `ras` listens on unless told otherwise. `src-main/ras` keeps the same value as its own
 * protocol default (`DEFAULT_PORT`, it may not import src-shared: docs/architecture.md §2.2); a
 * test holds the two equal.
 */
export const DEFAULT_RAS_PORT = 1545

export const MAX_HOST_LENGTH = 255

/** What `portProblem` says; the schemas reuse it so every entry point words it alike. */
export const PORT_PROBLEM = 'is not 1–65535'

/** Whitespace or URL punctuation: someone pasted a URL or "user@host", not a host. */
const NOT_IN_A_HOST = /[\s/\\?#@]/

/**
 * Why `host` (as typed, surrounding spaces allowed) is not a host name or IP address, or null.
 * Callers keep the trimmed text.
 */
export function hostProblem(host: string): string | null {
  const unsafe = unsafeTextReason(host)
  if (unsafe) return unsafe
  const trimmed = host.trim()
  if (trimmed === '') return 'is empty'
  if (trimmed.length > MAX_HOST_LENGTH) return `is longer than ${MAX_HOST_LENGTH} characters`
  if (NOT_IN_A_HOST.test(trimmed)) return 'is not a host name or IP address'
  return null
}

export function isRasPort(port: unknown): port is number {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535
}

/** Why `port` is not a TCP port a RAS server can listen on, or null. */
export function portProblem(port: unknown): string | null {
  return isRasPort(port) ? null : PORT_PROBLEM
}

/** 8-4-4-4-12 hex digits in either case, as RAS writes cluster, infobase and session ids (docs/protocol.md §2.7). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(text: unknown): text is string {
  return typeof text === 'string' && UUID_PATTERN.test(text)
}

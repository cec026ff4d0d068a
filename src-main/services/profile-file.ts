/**
 * The profile file on disk, underneath conf/electron-store, shared by every process that opens it
 * (app, CLI, web previews): its state judged by error code and by parse/shape failure (never by an
 * error's text), an inter-process lock for read-modify-write, keeping a file that is not a profile
 * file aside, and notices left next to it for the app's next start. Plain Node, no conf.
 */
import { randomUUID } from 'node:crypto'
import {
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { lockSync } from 'proper-lockfile'
import type { StoreNotice } from '../../src-shared/contract'
import { firstProblem, storedProfileListSchema, type StoredProfile } from '../../src-shared/profile-schema'
import { ServiceError } from './errors'

/** Version of the profile file's layout (not the app's version); bump it with a migration. */
export const PROFILE_STORE_VERSION = '1.1.0'
export const PROFILE_STORE_NAME = 'profiles'

/** Where the file keeps the list; the rest of the file (conf's `__internal__`) is not ours. */
export const PROFILES_KEY = 'profiles'
/** Where the file keeps the watch rules for all profiles (issue 19). */
export const WATCH_KEY = 'watch'

/** Migrations by store version (conf/electron-store `migrations` option). */
export const PROFILE_STORE_MIGRATIONS = {
  '1.0.0': (store: { has(key: string): boolean; set(key: string, value: unknown): void }) => {
    if (!store.has(PROFILES_KEY)) store.set(PROFILES_KEY, [])
  },
  /** "Record history in the background" (issue 17): on for the demo profile, off for the others. */
  '1.1.0': (store: { get(key: string): unknown; set(key: string, value: unknown): void }) => {
    const list = store.get(PROFILES_KEY)
    if (!Array.isArray(list)) return
    store.set(
      PROFILES_KEY,
      list.map((p: unknown) =>
        typeof p === 'object' && p !== null && !('recordHistory' in p)
          ? { ...p, recordHistory: (p as { demo?: unknown }).demo === true }
          : p,
      ),
    )
  },
}

export type ProfileFileState =
  | { kind: 'absent' }
  /** `watch`: the file's rules for all profiles as written (read by the watch-rules schema). */
  | { kind: 'ok'; profiles: StoredProfile[]; watch?: unknown }
  | { kind: 'damaged'; why: string }

/** Read errors worth a few retries: Windows sharing violations, antivirus scans, fd exhaustion. */
const TRANSIENT = new Set(['EBUSY', 'EPERM', 'EACCES', 'EAGAIN', 'EMFILE', 'ENFILE'])
const READ_RETRIES = 4
const RETRY_PAUSE_MS = 25
/** Longer than any real write (ms); a lock left by a killed process is broken after this. */
const LOCK_STALE_MS = 5_000
const LOCK_WAIT_MS = 8_000

function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** Blocks this thread (the lock and retries are synchronous so profile edits stay synchronous). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

function retrying<T>(op: () => T): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return op()
    } catch (e) {
      if (attempt >= READ_RETRIES || !TRANSIENT.has(errorCode(e) ?? '')) throw e
      pause(RETRY_PAUSE_MS * attempt)
    }
  }
}

function unreadable(path: string, e: unknown): ServiceError {
  const code = errorCode(e) ?? (e as Error)?.name ?? 'error'
  const hint =
    code === 'EISDIR'
      ? 'it is a folder, not a file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'no permission to read it, or another program holds it locked'
        : code === 'EBUSY'
          ? 'another program holds it open'
          : (e as Error)?.message
  return new ServiceError('STORE', `the profile file ${path} cannot be read (${code}: ${hint}); it was left as it is`, {
    cause: e,
  })
}

/**
 * What the file at `path` holds: its profiles, read and migrated by the one profile schema
 * (src-shared/profile-schema.ts), or why it is damaged. Throws a STORE ServiceError when it cannot
 * be read at all (permissions, a folder, a sharing violation): such a file is never moved or
 * rewritten.
 */
export function readProfileFile(path: string, readText: () => string): ProfileFileState {
  let text: string
  try {
    text = retrying(readText)
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return { kind: 'absent' }
    throw unreadable(path, e)
  }
  let doc: unknown
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    if (e instanceof SyntaxError)
      return { kind: 'damaged', why: text.trim() === '' ? 'it is empty' : 'it is not valid JSON' }
    throw e
  }
  if (!isObject(doc)) return { kind: 'damaged', why: `it holds ${describeJson(doc)}, not a profile file` }
  const watch = doc[WATCH_KEY]
  if (doc[PROFILES_KEY] === undefined) return { kind: 'ok', profiles: [], watch }
  const parsed = storedProfileListSchema.safeParse(doc[PROFILES_KEY])
  if (!parsed.success) return { kind: 'damaged', why: firstProblem(parsed.error, PROFILES_KEY) }
  return { kind: 'ok', profiles: parsed.data, watch }
}

/**
 * Runs `fn` holding the inter-process lock of the profile file (`<file>.lock`, a folder, so it
 * works the same on Windows). Waits for another holder a few seconds, then fails with STORE.
 */
export function withProfileFileLock<T>(path: string, fn: () => T, log: (line: string) => void = () => {}): T {
  try {
    mkdirSync(dirname(path), { recursive: true })
  } catch (e) {
    throw new ServiceError('STORE', `the profile folder ${dirname(path)} cannot be created (${errorCode(e) ?? e})`, {
      cause: e,
    })
  }
  const deadline = Date.now() + LOCK_WAIT_MS
  let release: () => void
  for (;;) {
    try {
      release = lockSync(path, {
        realpath: false,
        stale: LOCK_STALE_MS,
        // A compromised lock is noticed after the edit already finished; don't crash the process.
        onCompromised: (e) => log(`profiles: the lock of ${path} was lost (${e.message})`),
      })
      break
    } catch (e) {
      const code = errorCode(e)
      if (code === 'ELOCKED' && Date.now() < deadline) {
        pause(5 + Math.random() * 20)
        continue
      }
      if (code === 'ELOCKED') {
        throw new ServiceError(
          'STORE',
          `the profile file ${path} is busy: another ClusterDesk process is writing it (lock ${path}.lock); nothing was changed, try again`,
        )
      }
      throw new ServiceError('STORE', `the profile file ${path} cannot be locked (${code ?? (e as Error).message})`, {
        cause: e,
      })
    }
  }
  try {
    return fn()
  } finally {
    try {
      release()
    } catch (e) {
      log(`profiles: releasing the lock of ${path} failed (${errorCode(e) ?? (e as Error).message})`)
    }
  }
}

/**
 * Moves a file that is not a profile file to `<file>.corrupt-<time>` (a copy if it cannot be
 * moved). Throws STORE when it can be neither moved nor copied: then nothing may be written.
 */
export function keepAside(path: string, now: number): string {
  const base = `${path}.corrupt-${fileTime(now)}`
  let target = base
  for (let i = 2; existsSync(target); i++) target = `${base}-${i}`
  try {
    retrying(() => renameSync(path, target))
    return target
  } catch (moveError) {
    try {
      copyFileSync(path, target, constants.COPYFILE_EXCL)
      return target
    } catch {
      throw new ServiceError(
        'STORE',
        `the profile file ${path} is damaged and could not be kept aside (${errorCode(moveError) ?? moveError}); it was left as it is and nothing was written`,
        { cause: moveError },
      )
    }
  }
}

// --- notices left for the app ------------------------------------------------------------------

/** `<dir>/profiles.notices.json`: what a process (often the CLI) found, for the app to show. */
export function noticesPathFor(profilePath: string): string {
  return join(dirname(profilePath), `${PROFILE_STORE_NAME}.notices.json`)
}

/** Adds a notice to the file (call holding the profile lock). Atomic: temp file + rename. */
export function leaveNotice(profilePath: string, notice: StoreNotice): void {
  const path = noticesPathFor(profilePath)
  const notices = [...readNotices(path), notice]
  const temp = `${path}.${randomUUID()}.tmp`
  try {
    writeFileSync(temp, JSON.stringify({ notices }, null, 2))
    retrying(() => renameSync(temp, path))
  } finally {
    rmSync(temp, { force: true })
  }
}

/** The notices left so far, removing the file (call holding the profile lock). */
export function takeNotices(profilePath: string): StoreNotice[] {
  const path = noticesPathFor(profilePath)
  const notices = readNotices(path)
  if (existsSync(path)) rmSync(path, { force: true })
  return notices
}

function readNotices(path: string): StoreNotice[] {
  let doc: unknown
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return [] // none yet, or unreadable: a lost notice must not stop the profiles
  }
  const list = isObject(doc) && Array.isArray(doc.notices) ? doc.notices : []
  return list.filter(
    (n): n is StoreNotice => isObject(n) && n.kind === 'corrupt-file-moved' && typeof n.movedTo === 'string',
  )
}

// --- shape --------------------------------------------------------------------------------------

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function describeJson(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`
}

/** A timestamp usable in a Windows file name: 2026-11-25T09-10-00-000Z. */
function fileTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-')
}

/**
 * What the services need from the platform, as small interfaces (docs/architecture.md §3.5 "Ports, not
 * globals"). Electron passes safeStorage and electron-store; tests and the CLI pass `conf` in a
 * folder and a plain secret box; the web preview passes an in-memory box.
 */

/** Encrypts saved passwords. Electron: safeStorage's async API; tests: a reversible fake. */
export interface SecretBox {
  isAvailable(): Promise<boolean>
  /** An opaque string stored in the profile file (e.g. JSON `{scheme, data}`). */
  seal(plain: string): Promise<string>
  /** Throws SecretUnavailableError when it cannot decrypt (other Windows user, no keyring). */
  open(sealed: string): Promise<string>
  /**
   * Optional (additive): true when the box encrypts with a weak key (e.g. Linux `basic_text`),
   * reported once as the `weak-secret-storage` notice.
   */
  isWeak?(): Promise<boolean>
}

/** A sealed secret cannot be opened here: encryption unavailable or sealed by someone else. */
export class SecretUnavailableError extends Error {
  constructor(message = 'the saved password cannot be decrypted on this computer or by this user') {
    super(message)
    this.name = 'SecretUnavailableError'
  }
}

/**
 * The part of conf / electron-store the profile service uses. It must not cache: `set` reads
 * the file and writes it back atomically (temp file + rename), under ProfileService's lock.
 */
export interface ProfileStoreFile {
  get(key: string): unknown
  set(key: string, value: unknown): void
  readonly path: string
}

/**
 * Opens (or creates) the profile file at `path`. ProfileService reads and checks the file itself
 * (`readText`, default `fs.readFileSync(path)`) under an inter-process lock before opening it,
 * so a damaged one is kept aside and an unreadable one left alone. `readText` is also the seam
 * tests use to provoke sharing/permission errors.
 */
export type OpenProfileStore = (() => ProfileStoreFile) & {
  readonly path: string
  readonly readText?: () => string
}

export interface Clock {
  /** Desktop time, ms since 1970 (UTC). */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/** The embedded demo cluster (a simulator); start() is idempotent and returns where it listens. */
export interface DemoCluster {
  start(): Promise<{ host: string; port: number; clusterUser: string; clusterPassword: string }>
  stop(): Promise<void>
}

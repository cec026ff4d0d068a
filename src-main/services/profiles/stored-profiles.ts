/**
 * The saved profiles as this process sees them (docs/architecture.md §7.1, §7.3): as they are on
 * disk at every use, because the app, the CLI and web previews write the same file — a read is
 * reused only while the file is the same one (inode, size, change and modification times: writers
 * replace it whole), so 50 profiles refreshed at once do not parse and validate the file 100 times
 * (bench item 5); changed only by read-modify-write under the inter-process lock, from a fresh
 * read; and a file that is not a profile file kept aside, with a notice for the app's next start,
 * before anything is written. A file that cannot be read at all is reported and left alone.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import type { StoreNotice } from '../../../src-shared/contract'
import type { StoredProfile } from '../../../src-shared/profile-schema'
import {
  DEFAULT_WATCH_RULES,
  mergeWatchRules,
  watchOverrideSchema,
  type WatchRules,
} from '../../../src-shared/watch-rules'
import { ServiceError, notFound } from '../errors'
import {
  keepAside,
  leaveNotice,
  noticesPathFor,
  PROFILES_KEY,
  readProfileFile,
  takeNotices,
  WATCH_KEY,
  withProfileFileLock,
  type ProfileFileState,
} from '../profile-file'
import type { Clock, OpenProfileStore, ProfileStoreFile } from '../ports'

/** A damaged file this service kept aside in this run. */
export interface KeptAside {
  file: string
  movedTo: string
  why: string
}

export class StoredProfiles {
  private store: ProfileStoreFile | null = null
  private storeError: string | null = null
  readonly keptAside: KeptAside[] = []
  readonly path: string
  private readonly readText: () => string
  /** Whether reads are of the file itself (not a seam a test supplied), so its identity can key them. */
  private readonly readsFile: boolean
  /** The last read that found the file whole, and the file's identity then. */
  private lastRead: { identity: string; state: ProfileFileState } | null = null

  /** `tell` gets a notice that could not be left in the notices file (the app shows it directly). */
  constructor(
    private readonly openStore: OpenProfileStore,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
    private readonly tell: (notice: StoreNotice) => void,
  ) {
    const path = openStore.path
    this.path = path
    this.readText = openStore.readText ?? (() => readFileSync(path, 'utf8'))
    this.readsFile = openStore.readText === undefined
    this.open()
  }

  get filePath(): string | null {
    return this.store?.path ?? null
  }

  /** The profiles on disk now; a damaged file is kept aside and reads as empty. */
  read(): StoredProfile[] {
    this.opened()
    // Writers replace the file atomically, so a read without the lock sees a whole file.
    return this.load(false, false)
  }

  find(profileId: string): StoredProfile {
    const p = this.get(profileId)
    if (!p) throw notFound('profile', profileId)
    return p && structuredClone(p)
  }

  /** The profile on disk now, or undefined; only it is copied (every list asks for its own). */
  get(profileId: string): StoredProfile | undefined {
    this.opened()
    const p = this.current(false, false).find((x) => x.id === profileId)
    return p && structuredClone(p)
  }

  /**
   * Read-modify-write under the inter-process lock, from what is on disk now (never a cache), so
   * another process's change made meanwhile is kept. `change` edits the list in place.
   */
  mutate<T>(change: (all: StoredProfile[]) => T): T {
    const store = this.opened()
    return this.locked(() => {
      const all = this.load(true, true)
      const result = change(all)
      try {
        store.set(PROFILES_KEY, all)
      } catch (e) {
        throw new ServiceError('STORE', `the profile file ${this.path} cannot be written: ${(e as Error).message}`)
      }
      return result
    })
  }

  /** The watch rules for all profiles, kept beside the list (issue 19); unreadable ones read as the defaults. */
  readWatchRules(): WatchRules {
    this.opened()
    const state = this.fileState()
    const written = state.kind === 'ok' ? state.watch : undefined
    const own = watchOverrideSchema.catch({}).parse(written ?? {})
    return mergeWatchRules(DEFAULT_WATCH_RULES, own)
  }

  writeWatchRules(rules: WatchRules): void {
    const store = this.opened()
    this.locked(() => {
      try {
        store.set(WATCH_KEY, rules)
      } catch (e) {
        throw new ServiceError('STORE', `the profile file ${this.path} cannot be written: ${(e as Error).message}`)
      }
    })
  }

  /** What any process (often the CLI) found wrong with the file since the app last looked. */
  takeLeftNotices(): StoreNotice[] {
    if (!existsSync(noticesPathFor(this.path))) return []
    try {
      return this.locked(() => takeNotices(this.path))
    } catch (e) {
      this.log(`profiles: the left notices cannot be read (${(e as Error).message})`)
      return []
    }
  }

  /** Throws STORE while the file cannot be opened; tries again on every use (busy, no permission). */
  opened(): ProfileStoreFile {
    if (!this.store) this.open()
    if (!this.store) throw new ServiceError('STORE', this.storeError ?? 'the profile file is not available')
    return this.store
  }

  private open(): void {
    this.storeError = null
    try {
      // Under the lock: conf may write the file while opening it (migrations).
      this.locked(() => {
        const state = readProfileFile(this.path, this.readText)
        if (state.kind === 'damaged') this.putAside(state.why)
        try {
          this.store = this.openStore()
        } catch (e) {
          // The file passed our checks; whatever conf says now, the file is left alone.
          throw new ServiceError('STORE', `the profile file ${this.path} cannot be opened: ${(e as Error).message}`)
        }
      })
    } catch (e) {
      this.storeError = e instanceof ServiceError ? e.message : `the profile file cannot be opened: ${String(e)}`
      this.log(`profiles: ${this.storeError}`)
    }
  }

  private locked<T>(fn: () => T): T {
    return withProfileFileLock(this.path, fn, this.log)
  }

  /**
   * The profiles on disk now, read and migrated by the profile schema. A damaged file is kept
   * aside (rechecked under the lock, unless the caller holds it already) and reads as empty;
   * `refuse` makes that a STORE error instead.
   */
  private load(holdingLock: boolean, refuse: boolean): StoredProfile[] {
    // A copy: callers may change what they get, the reused read must stay as the file is.
    return structuredClone(this.current(holdingLock, refuse) as StoredProfile[])
  }

  /** `load` without the copy: for reads that copy only what they hand out. */
  private current(holdingLock: boolean, refuse: boolean): readonly StoredProfile[] {
    // A write starts from the file as it is now, never from a reused read.
    const state = holdingLock ? readProfileFile(this.path, this.readText) : this.fileState()
    if (state.kind === 'damaged' && !holdingLock) return this.locked(() => this.current(true, refuse))
    if (state.kind === 'damaged') {
      const movedTo = this.putAside(state.why)
      if (!refuse) return []
      throw new ServiceError(
        'STORE',
        `the profile file was damaged (${state.why}); it was moved to ${movedTo} and nothing was changed; try again`,
      )
    }
    return state.kind === 'absent' ? [] : state.profiles
  }

  /** The file read now, or the last read while it is the same file. */
  private fileState(): ProfileFileState {
    const identity = this.identity()
    if (identity !== null && this.lastRead?.identity === identity) return this.lastRead.state
    const state = readProfileFile(this.path, this.readText)
    // Keyed by the identity taken before the read: a file replaced meanwhile is read again next time.
    this.lastRead = identity !== null && state.kind !== 'damaged' ? { identity, state } : null
    return state
  }

  private identity(): string | null {
    if (!this.readsFile) return null
    try {
      const s = statSync(this.path, { bigint: true })
      return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`
    } catch {
      return null // absent or unreadable: read it (and say why) every time
    }
  }

  /** Keeps a damaged file aside and leaves a notice for the app (call holding the lock). */
  private putAside(why: string): string {
    const movedTo = keepAside(this.path, this.clock.now())
    this.keptAside.push({ file: this.path, movedTo, why })
    this.log(`profiles: the profile file was not usable (${why}); it was moved to ${movedTo}`)
    const notice: StoreNotice = { kind: 'corrupt-file-moved', movedTo }
    try {
      leaveNotice(this.path, notice)
    } catch (e) {
      this.log(`profiles: the notice could not be saved (${(e as Error).message})`)
      this.tell(notice)
    }
    return movedTo
  }
}

/**
 * ProfileService: saved connection profiles. The file is conf/electron-store (schema + version);
 * passwords are sealed through the SecretBox port and never leave this class except to the
 * cluster pool (target) — DTOs carry `hasClusterPassword`, never the password. The file is shared
 * with other processes (CLI, web previews): every change is a read-modify-write under an
 * inter-process lock; a file that is not a profile file is kept aside (with a notice for the app's
 * next start) before anything is written; an unreadable one is reported and left alone.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import {
  PROFILE_LABELS,
  PROTECTION_LEVELS,
  REFRESH_INTERVALS,
  type ImportPreview,
  type ProfileDto,
  type ProfileInput,
  type ProfileLabel,
  type ProfilesState,
  type ProtectionLevel,
  type RefreshInterval,
  type StoreNotice,
} from '../../src-shared/contract'
import { ServiceError, notFound } from './errors'
import {
  keepAside,
  leaveNotice,
  noticesPathFor,
  readProfileFile,
  takeNotices,
  withProfileFileLock,
} from './profile-file'
import type { ClusterTarget, InfobaseLogin, ProfileDirectory, ProfileFacts } from './directory'
import {
  systemClock,
  type Clock,
  type DemoCluster,
  type OpenProfileStore,
  type ProfileStoreFile,
  type SecretBox,
} from './ports'
import { unsafeTextReason } from './unsafe-text'

export const DEFAULT_RAS_PORT = 1545
export const PROFILES_KEY = 'profiles'

/** One profile as it is kept in the file. `*Sealed` fields hold SecretBox output, never plain text. */
export interface StoredProfile {
  id: string
  name: string
  group: string
  host: string
  port: number
  clusterUser: string
  clusterPasswordSealed: string | null
  askClusterPassword: boolean
  infobaseCredentials: Array<{ infobase: string; user: string; passwordSealed: string | null }>
  label: ProfileLabel
  refreshInterval: RefreshInterval
  protection: ProtectionLevel
  demo: boolean
}

/** The exported form: no passwords, no ids. */
export interface ExportedProfile {
  name: string
  group: string
  host: string
  port: number
  clusterUser: string
  askClusterPassword: boolean
  label: ProfileLabel
  refreshInterval: RefreshInterval
  protection: ProtectionLevel
  infobaseUsers: Array<{ infobase: string; user: string }>
}

export const EXPORT_FORMAT = 'clusterdesk-profiles'

export interface ProfileServiceOptions {
  openStore: OpenProfileStore
  secretBox: SecretBox
  clock?: Clock
  demo?: DemoCluster
  log?: (line: string) => void
}

type Summary = Pick<ProfileDto, 'name' | 'group' | 'host' | 'port'>

/** A damaged file this service kept aside in this run. */
export interface KeptAside {
  file: string
  movedTo: string
  why: string
}

export class ProfileService implements ProfileDirectory {
  private store: ProfileStoreFile | null = null
  private storeError: string | null = null
  private readonly notices: StoreNotice[] = []
  private readonly keptAside: KeptAside[] = []
  private readonly path: string
  private readonly openStore: OpenProfileStore
  private readonly readText: () => string
  private readonly box: SecretBox
  private readonly clock: Clock
  private readonly demo?: DemoCluster
  private readonly log: (line: string) => void
  /** Cluster passwords for this run: "ask every time" answers and decrypted sealed ones. */
  private readonly runPasswords = new Map<string, string>()
  /** Infobase logins for this run, key `${profileId}\n${infobase}`. */
  private readonly runInfobaseLogins = new Map<string, InfobaseLogin>()
  private readonly changeListeners: Array<(profileId: string) => void> = []
  private secretNoticesChecked = false

  constructor(o: ProfileServiceOptions) {
    this.box = o.secretBox
    this.clock = o.clock ?? systemClock
    this.demo = o.demo
    this.log = o.log ?? (() => undefined)
    const path = o.openStore.path
    this.path = path
    this.openStore = o.openStore
    this.readText = o.openStore.readText ?? (() => readFileSync(path, 'utf8'))
    this.open(o.openStore)
  }

  // --- the file ----------------------------------------------------------------------------

  private open(openStore: OpenProfileStore): void {
    this.storeError = null
    try {
      // Under the lock: conf may write the file while opening it (migrations).
      this.locked(() => {
        const state = readProfileFile(this.path, this.readText)
        if (state.kind === 'damaged') this.putAside(state.why)
        try {
          this.store = openStore()
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
      this.notices.push(notice)
    }
    return movedTo
  }

  private file(): ProfileStoreFile {
    // A file that could not be opened (busy, no permission) is tried again on the next use.
    if (!this.store) this.open(this.openStore)
    if (!this.store) throw new ServiceError('STORE', this.storeError ?? 'the profile file is not available')
    return this.store
  }

  /**
   * The profiles on disk now. A damaged file is kept aside (rechecked under the lock, unless the
   * caller holds it already) and reads as empty; `refuse` makes that a STORE error instead.
   */
  private load(holdingLock: boolean, refuse: boolean): StoredProfile[] {
    const state = readProfileFile(this.path, this.readText)
    if (state.kind === 'damaged' && !holdingLock) return this.locked(() => this.load(true, refuse))
    if (state.kind === 'damaged') {
      const movedTo = this.putAside(state.why)
      if (!refuse) return []
      throw new ServiceError(
        'STORE',
        `the profile file was damaged (${state.why}); it was moved to ${movedTo} and nothing was changed; try again`,
      )
    }
    if (state.kind === 'absent') return []
    const raw = state.doc[PROFILES_KEY]
    if (!Array.isArray(raw)) return []
    return raw.filter(isStoredProfile).map(normalizeStored)
  }

  private read(): StoredProfile[] {
    this.file()
    // Writers replace the file atomically, so a read without the lock sees a whole file.
    return this.load(false, false)
  }

  /**
   * Read-modify-write under the inter-process lock, from what is on disk now (never a cache), so
   * another process's change made meanwhile is kept. `change` edits the list in place.
   */
  private mutate<T>(change: (all: StoredProfile[]) => T): T {
    const store = this.file()
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

  private find(profileId: string): StoredProfile {
    const p = this.read().find((x) => x.id === profileId)
    if (!p) throw notFound('profile', profileId)
    return p
  }

  private changed(profileId: string): void {
    for (const l of this.changeListeners) l(profileId)
  }

  /** Called when a profile's connection settings change or it is deleted (the pool drops its sockets). */
  onChange(listener: (profileId: string) => void): void {
    this.changeListeners.push(listener)
  }

  get filePath(): string | null {
    return this.store?.path ?? null
  }

  // --- listing -----------------------------------------------------------------------------

  async state(): Promise<ProfilesState> {
    if (!this.secretNoticesChecked) {
      this.secretNoticesChecked = true
      try {
        if (!(await this.box.isAvailable())) this.notices.push({ kind: 'secrets-unavailable' })
        else if (this.box.isWeak && (await this.box.isWeak())) this.notices.push({ kind: 'weak-secret-storage' })
      } catch {
        this.notices.push({ kind: 'secrets-unavailable' })
      }
    }
    this.file()
    const profiles = this.list()
    // What any process (often the CLI) found wrong with the file since the app last looked.
    if (existsSync(noticesPathFor(this.path))) {
      try {
        for (const n of this.locked(() => takeNotices(this.path))) {
          if (!this.notices.some((x) => JSON.stringify(x) === JSON.stringify(n))) this.notices.push(n)
        }
      } catch (e) {
        this.log(`profiles: the left notices cannot be read (${(e as Error).message})`)
      }
    }
    return { profiles, notices: [...this.notices], demoAvailable: this.demo !== undefined }
  }

  /** The damaged files this service kept aside in this run (the CLI reports them and fails). */
  get keptAsideFiles(): readonly KeptAside[] {
    return this.keptAside
  }

  list(): ProfileDto[] {
    return this.read().map(toDto)
  }

  get(profileId: string): ProfileDto {
    return toDto(this.find(profileId))
  }

  findByName(name: string): ProfileDto | undefined {
    const key = name.trim().toLocaleLowerCase()
    const all = this.read()
    const p = all.find((x) => x.name === name) ?? all.find((x) => x.name.trim().toLocaleLowerCase() === key)
    return p && toDto(p)
  }

  // --- editing -----------------------------------------------------------------------------

  async save(input: ProfileInput): Promise<ProfileDto> {
    for (const key of ['name', 'group', 'host'] as const) {
      const why = unsafeTextReason(input[key])
      if (why) throw new ServiceError('INVALID_ARGUMENT', `${key} ${why}`)
    }
    // Seal first: the file is then read, changed and written under the lock with no await.
    const newlySealed =
      !input.askClusterPassword && typeof input.clusterPassword === 'string'
        ? await this.seal(input.clusterPassword)
        : undefined
    const { old, next } = this.mutate((all) => {
      const index = input.id === undefined ? -1 : all.findIndex((p) => p.id === input.id)
      if (input.id !== undefined && index < 0) throw notFound('profile', input.id)
      const old = index >= 0 ? all[index]! : undefined
      let sealed = old?.clusterPasswordSealed ?? null
      if (input.askClusterPassword || input.clusterPassword === null) sealed = null
      else if (newlySealed !== undefined) sealed = newlySealed
      const next: StoredProfile = {
        id: old?.id ?? randomUUID(),
        name: input.name.trim(),
        group: input.group.trim(),
        host: input.host.trim(),
        port: input.port,
        clusterUser: input.clusterUser,
        clusterPasswordSealed: sealed,
        askClusterPassword: input.askClusterPassword,
        infobaseCredentials: old?.infobaseCredentials ?? [],
        label: input.label,
        refreshInterval: input.refreshInterval,
        protection: input.protection,
        demo: old?.demo ?? false,
      }
      if (old) all[index] = next
      else all.push(next)
      return { old, next }
    })
    const id = next.id
    const moved = old && (old.host !== next.host || old.port !== next.port || old.clusterUser !== next.clusterUser)
    if (input.askClusterPassword && typeof input.clusterPassword === 'string') {
      this.runPasswords.set(id, input.clusterPassword)
    } else if (input.clusterPassword !== undefined || input.askClusterPassword !== old?.askClusterPassword || moved) {
      this.runPasswords.delete(id)
    }
    this.changed(id)
    return toDto(next)
  }

  delete(profileId: string): void {
    this.mutate((all) => {
      const index = all.findIndex((p) => p.id === profileId)
      if (index < 0) throw notFound('profile', profileId)
      all.splice(index, 1)
    })
    this.runPasswords.delete(profileId)
    for (const key of [...this.runInfobaseLogins.keys()]) {
      if (key.startsWith(`${profileId}\n`)) this.runInfobaseLogins.delete(key)
    }
    this.changed(profileId)
  }

  duplicate(profileId: string): ProfileDto {
    const { source, copy } = this.mutate((all) => {
      const source = all.find((p) => p.id === profileId)
      if (!source) throw notFound('profile', profileId)
      const names = new Set(all.map((p) => p.name))
      let name = `${source.name} (copy)`
      for (let i = 2; names.has(name); i++) name = `${source.name} (copy ${i})`
      const copy: StoredProfile = {
        ...source,
        id: randomUUID(),
        name,
        infobaseCredentials: source.infobaseCredentials.map((c) => ({ ...c })),
      }
      all.push(copy)
      return { source, copy }
    })
    const run = this.runPasswords.get(profileId)
    if (run !== undefined && source.askClusterPassword) this.runPasswords.set(copy.id, run)
    return toDto(copy)
  }

  /** For "ask every time" (or undecryptable) profiles: the password for this run, in memory only. */
  unlock(profileId: string, password: string): void {
    this.find(profileId)
    this.runPasswords.set(profileId, password)
    this.changed(profileId)
  }

  private async seal(plain: string): Promise<string> {
    let available = false
    try {
      available = await this.box.isAvailable()
    } catch {
      available = false
    }
    if (!available) {
      throw new ServiceError(
        'SECRET_UNAVAILABLE',
        'passwords cannot be stored: OS encryption is unavailable; choose "ask every time" instead',
      )
    }
    try {
      return await this.box.seal(plain)
    } catch {
      throw new ServiceError(
        'SECRET_UNAVAILABLE',
        'the password could not be encrypted; choose "ask every time" instead',
      )
    }
  }

  // --- import / export ---------------------------------------------------------------------

  export(): string {
    const profiles: ExportedProfile[] = this.read()
      .filter((p) => !p.demo)
      .map((p) => ({
        name: p.name,
        group: p.group,
        host: p.host,
        port: p.port,
        clusterUser: p.clusterUser,
        askClusterPassword: p.askClusterPassword,
        label: p.label,
        refreshInterval: p.refreshInterval,
        protection: p.protection,
        infobaseUsers: p.infobaseCredentials.map((c) => ({ infobase: c.infobase, user: c.user })),
      }))
    return JSON.stringify(
      { format: EXPORT_FORMAT, version: 1, exportedAt: new Date(this.clock.now()).toISOString(), profiles },
      null,
      2,
    )
  }

  previewImport(json: string): ImportPreview {
    return this.planImport(parseImport(json), this.read()).preview
  }

  /** Adds the profiles the preview calls "added"; never replaces or removes anything. */
  importProfiles(json: string): ImportPreview {
    // Planned again under the lock: another process may have added some of them meanwhile.
    const doc = parseImport(json)
    return this.mutate((all) => {
      const { preview, toAdd } = this.planImport(doc, all)
      for (const p of toAdd) {
        all.push({
          id: randomUUID(),
          name: p.name,
          group: p.group,
          host: p.host,
          port: p.port,
          clusterUser: p.clusterUser,
          clusterPasswordSealed: null,
          askClusterPassword: p.askClusterPassword,
          infobaseCredentials: p.infobaseUsers.map((u) => ({ ...u, passwordSealed: null })),
          label: p.label,
          refreshInterval: p.refreshInterval,
          protection: p.protection,
          demo: false,
        })
      }
      return preview
    })
  }

  private planImport(doc: unknown, existing: StoredProfile[]): { preview: ImportPreview; toAdd: ExportedProfile[] } {
    const entries = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc.profiles) ? doc.profiles : null
    if (!entries) throw new ServiceError('INVALID_ARGUMENT', 'the import file holds no "profiles" list')
    const seen = new Set(existing.map(duplicateKey))
    const preview: ImportPreview = { added: [], duplicates: [], invalid: [] }
    const toAdd: ExportedProfile[] = []
    entries.forEach((entry, i) => {
      const parsed = parseExported(entry)
      if (typeof parsed === 'string') {
        preview.invalid.push(`#${i + 1}: ${parsed}`)
        return
      }
      const summary: Summary = { name: parsed.name, group: parsed.group, host: parsed.host, port: parsed.port }
      const key = duplicateKey(parsed)
      if (seen.has(key)) {
        preview.duplicates.push(summary)
        return
      }
      seen.add(key)
      preview.added.push(summary)
      toAdd.push(parsed)
    })
    return { preview, toAdd }
  }

  // --- demo --------------------------------------------------------------------------------

  get demoAvailable(): boolean {
    return this.demo !== undefined
  }

  /** Starts the embedded simulator and saves (or refreshes) the demo profile pointing at it. */
  async createDemo(): Promise<ProfileDto> {
    if (!this.demo) throw new ServiceError('INTERNAL', 'this build has no demo cluster')
    const where = await this.demo.start()
    const profile = this.mutate((all) => {
      const existing = all.find((p) => p.demo)
      const profile: StoredProfile = {
        id: existing?.id ?? randomUUID(),
        name: existing?.name ?? 'Demo cluster',
        group: existing?.group ?? 'Demo',
        host: where.host,
        port: where.port,
        clusterUser: where.clusterUser,
        clusterPasswordSealed: null,
        askClusterPassword: false,
        infobaseCredentials: existing?.infobaseCredentials ?? [],
        label: existing?.label ?? 'test',
        refreshInterval: existing?.refreshInterval ?? 10,
        protection: existing?.protection ?? 'normal',
        demo: true,
      }
      if (existing) all[all.indexOf(existing)] = profile
      else all.push(profile)
      return profile
    })
    this.runPasswords.set(profile.id, where.clusterPassword)
    this.changed(profile.id)
    return toDto(profile)
  }

  // --- ProfileDirectory --------------------------------------------------------------------

  facts(profileId: string): ProfileFacts {
    const p = this.find(profileId)
    return { name: p.name, protection: p.protection, server: `${p.host}:${p.port}` }
  }

  async target(profileId: string): Promise<ClusterTarget> {
    const p = this.find(profileId)
    if (p.demo) {
      if (!this.demo) throw new ServiceError('NETWORK', 'the demo cluster is not available in this build')
      const where = await this.demo.start()
      this.runPasswords.set(p.id, where.clusterPassword)
      return { host: where.host, port: where.port, user: where.clusterUser, password: where.clusterPassword }
    }
    const base = { host: p.host, port: p.port, user: p.clusterUser }
    const run = this.runPasswords.get(p.id)
    if (run !== undefined) return { ...base, password: run }
    if (p.askClusterPassword) {
      throw new ServiceError('PASSWORD_REQUIRED', `profile "${p.name}" asks for the cluster password every time`)
    }
    if (p.clusterPasswordSealed === null) return { ...base, password: '' }
    const password = await this.openSealed(p.clusterPasswordSealed, p.name)
    this.runPasswords.set(p.id, password)
    return { ...base, password }
  }

  /**
   * Where and as whom to connect for "test connection" with unsaved form values: the form's
   * password, or (left unchanged) the stored / run password of the profile being edited.
   */
  async testTarget(input: ProfileInput): Promise<ClusterTarget> {
    const base = { host: input.host.trim(), port: input.port, user: input.clusterUser }
    if (typeof input.clusterPassword === 'string') return { ...base, password: input.clusterPassword }
    if (input.clusterPassword === null || input.id === undefined) {
      if (input.askClusterPassword && input.clusterPassword === undefined) {
        throw new ServiceError('PASSWORD_REQUIRED', 'enter the cluster password to test the connection')
      }
      return { ...base, password: '' }
    }
    const stored = await this.target(input.id)
    return { ...base, password: stored.password }
  }

  clusterPasswordRejected(profileId: string): void {
    try {
      const p = this.find(profileId)
      if (p.askClusterPassword) this.runPasswords.delete(profileId)
    } catch {
      // deleted meanwhile
    }
  }

  async infobaseLogin(profileId: string, infobase: string): Promise<InfobaseLogin | null> {
    const run = this.runInfobaseLogins.get(`${profileId}\n${infobase}`)
    if (run) return run
    const p = this.find(profileId)
    const saved = p.infobaseCredentials.find((c) => c.infobase === infobase)
    if (!saved) return null
    if (saved.passwordSealed === null) return { user: saved.user, password: '' }
    const password = await this.openSealed(saved.passwordSealed, p.name)
    const login = { user: saved.user, password }
    this.runInfobaseLogins.set(`${profileId}\n${infobase}`, login)
    return login
  }

  async rememberInfobaseLogin(profileId: string, infobase: string, login: InfobaseLogin, persist: boolean) {
    this.runInfobaseLogins.set(`${profileId}\n${infobase}`, { user: login.user, password: login.password })
    if (!persist) return
    const sealed = login.password === '' ? null : await this.seal(login.password)
    this.mutate((all) => {
      const p = all.find((x) => x.id === profileId)
      if (!p) throw notFound('profile', profileId)
      p.infobaseCredentials = [
        ...p.infobaseCredentials.filter((c) => c.infobase !== infobase),
        { infobase, user: login.user, passwordSealed: sealed },
      ]
    })
  }

  /** Forgets a run-only infobase login (after the server rejected it). */
  forgetInfobaseLogin(profileId: string, infobase: string): void {
    this.runInfobaseLogins.delete(`${profileId}\n${infobase}`)
  }

  private async openSealed(sealed: string, profileName: string): Promise<string> {
    try {
      return await this.box.open(sealed)
    } catch (e) {
      this.log(`profiles: a saved password of "${profileName}" cannot be decrypted (${(e as Error).name})`)
      throw new ServiceError(
        'SECRET_UNAVAILABLE',
        `the saved password of profile "${profileName}" cannot be decrypted here (other user or no OS encryption); enter it again`,
      )
    }
  }
}

// --- helpers ---------------------------------------------------------------------------------

function toDto(p: StoredProfile): ProfileDto {
  return {
    id: p.id,
    name: p.name,
    group: p.group,
    host: p.host,
    port: p.port,
    clusterUser: p.clusterUser,
    hasClusterPassword: p.clusterPasswordSealed !== null,
    askClusterPassword: p.askClusterPassword,
    infobaseCredentials: p.infobaseCredentials.map((c) => ({
      infobase: c.infobase,
      user: c.user,
      hasPassword: c.passwordSealed !== null,
    })),
    label: p.label,
    refreshInterval: p.refreshInterval,
    protection: p.protection,
    demo: p.demo,
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isStoredProfile(v: unknown): v is StoredProfile {
  return isObject(v) && typeof v.id === 'string' && typeof v.name === 'string' && typeof v.host === 'string'
}

/** Fills defaults for fields an older file may lack. */
function normalizeStored(p: StoredProfile): StoredProfile {
  return {
    id: p.id,
    name: p.name,
    group: typeof p.group === 'string' ? p.group : '',
    host: p.host,
    port: Number.isInteger(p.port) ? p.port : DEFAULT_RAS_PORT,
    clusterUser: typeof p.clusterUser === 'string' ? p.clusterUser : '',
    clusterPasswordSealed: typeof p.clusterPasswordSealed === 'string' ? p.clusterPasswordSealed : null,
    askClusterPassword: p.askClusterPassword === true,
    infobaseCredentials: Array.isArray(p.infobaseCredentials)
      ? p.infobaseCredentials
          .filter((c) => isObject(c) && typeof c.infobase === 'string' && typeof c.user === 'string')
          .map((c) => ({
            infobase: c.infobase,
            user: c.user,
            passwordSealed: typeof c.passwordSealed === 'string' ? c.passwordSealed : null,
          }))
      : [],
    label: (PROFILE_LABELS as readonly string[]).includes(p.label) ? p.label : 'none',
    refreshInterval: (REFRESH_INTERVALS as readonly number[]).includes(p.refreshInterval) ? p.refreshInterval : 0,
    protection: (PROTECTION_LEVELS as readonly string[]).includes(p.protection) ? p.protection : 'normal',
    demo: p.demo === true,
  }
}

function duplicateKey(p: { host: string; port: number; name: string }): string {
  return `${p.host.trim().toLocaleLowerCase()}\n${p.port}\n${p.name.trim().toLocaleLowerCase()}`
}

function parseImport(json: string): unknown {
  try {
    return JSON.parse(json)
  } catch {
    throw new ServiceError('INVALID_ARGUMENT', 'the import file is not valid JSON')
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** One imported entry, or the reason it cannot be used. Passwords in the file are ignored. */
function parseExported(v: unknown): ExportedProfile | string {
  if (!isObject(v)) return 'not an object'
  const str = (key: string, max: number, required: boolean): string | Error => {
    const x = v[key]
    if (x === undefined || x === null) return required ? new Error(`${key} is missing`) : ''
    if (typeof x !== 'string') return new Error(`${key} is not text`)
    if (x.length > max) return new Error(`${key} is longer than ${max} characters`)
    if (required && x.trim() === '') return new Error(`${key} is empty`)
    const unsafe = key === 'clusterUser' ? null : unsafeTextReason(x)
    if (unsafe) return new Error(`${key} ${unsafe}`)
    return x.trim()
  }
  const name = str('name', 200, true)
  const host = str('host', 255, true)
  const group = str('group', 200, false)
  const clusterUser = str('clusterUser', 200, false)
  for (const x of [name, host, group, clusterUser]) if (x instanceof Error) return x.message
  const port = v.port === undefined ? DEFAULT_RAS_PORT : v.port
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return 'port is not 1–65535'
  const label = v.label ?? 'none'
  if (!(PROFILE_LABELS as readonly unknown[]).includes(label))
    return `label must be one of ${PROFILE_LABELS.join(', ')}`
  const refresh = v.refreshInterval ?? 0
  if (!(REFRESH_INTERVALS as readonly unknown[]).includes(refresh)) {
    return `refreshInterval must be one of ${REFRESH_INTERVALS.join(', ')}`
  }
  const protection = v.protection ?? 'normal'
  if (!(PROTECTION_LEVELS as readonly unknown[]).includes(protection)) {
    return `protection must be one of ${PROTECTION_LEVELS.join(', ')}`
  }
  const infobaseUsers: ExportedProfile['infobaseUsers'] = []
  if (Array.isArray(v.infobaseUsers)) {
    for (const u of v.infobaseUsers) {
      if (isObject(u) && typeof u.infobase === 'string' && UUID_RE.test(u.infobase) && typeof u.user === 'string') {
        infobaseUsers.push({ infobase: u.infobase.toLowerCase(), user: u.user.slice(0, 200) })
      }
    }
  }
  return {
    name: name as string,
    group: group as string,
    host: host as string,
    port,
    clusterUser: clusterUser as string,
    askClusterPassword: v.askClusterPassword === true,
    label: label as ProfileLabel,
    refreshInterval: refresh as RefreshInterval,
    protection: protection as ProtectionLevel,
    infobaseUsers,
  }
}

/**
 * ProfileService: saved connection profiles. The file is conf/electron-store (schema + version);
 * passwords are sealed through the SecretBox port and never leave this class except to the
 * cluster pool (target) — DTOs carry `hasClusterPassword`, never the password. A corrupted file
 * is moved aside and reported, never silently wiped.
 */
import { randomUUID } from 'node:crypto'
import { renameSync } from 'node:fs'
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
} from '../../src-preload/contract'
import { ServiceError, notFound } from './errors'
import type { ClusterTarget, InfobaseLogin, ProfileDirectory, ProfileFacts } from './directory'
import {
  systemClock,
  type Clock,
  type DemoCluster,
  type OpenProfileStore,
  type ProfileStoreFile,
  type SecretBox,
} from './ports'

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

export class ProfileService implements ProfileDirectory {
  private store: ProfileStoreFile | null = null
  private storeError: string | null = null
  private readonly notices: StoreNotice[] = []
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
    this.open(o.openStore)
  }

  // --- the file ----------------------------------------------------------------------------

  private open(openStore: OpenProfileStore): void {
    try {
      this.store = openStore()
      return
    } catch (e) {
      const path = openStore.path ?? pathFromStoreError(e)
      if (!path || !isCorruptStoreError(e)) {
        this.storeError = `the profile file cannot be opened: ${(e as Error).message}`
        this.log(`profiles: ${this.storeError}`)
        return
      }
      const movedTo = `${path}.corrupt-${fileTime(this.clock.now())}`
      try {
        renameSync(path, movedTo)
      } catch (re) {
        this.storeError = `the profile file ${path} is corrupted and could not be moved aside: ${(re as Error).message}`
        this.log(`profiles: ${this.storeError}`)
        return
      }
      this.log(`profiles: corrupted profile file moved to ${movedTo}`)
      this.notices.push({ kind: 'corrupt-file-moved', movedTo })
    }
    try {
      this.store = openStore()
    } catch (e) {
      this.storeError = `the profile file cannot be created: ${(e as Error).message}`
      this.log(`profiles: ${this.storeError}`)
    }
  }

  private file(): ProfileStoreFile {
    if (!this.store) throw new ServiceError('STORE', this.storeError ?? 'the profile file is not available')
    return this.store
  }

  private read(): StoredProfile[] {
    let raw: unknown
    try {
      raw = this.file().get(PROFILES_KEY)
    } catch (e) {
      throw new ServiceError('STORE', `the profile file cannot be read: ${(e as Error).message}`)
    }
    if (!Array.isArray(raw)) return []
    return raw.filter(isStoredProfile).map(normalizeStored)
  }

  private write(profiles: StoredProfile[]): void {
    try {
      this.file().set(PROFILES_KEY, profiles)
    } catch (e) {
      throw new ServiceError('STORE', `the profile file cannot be written: ${(e as Error).message}`)
    }
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
    if (!this.store) throw new ServiceError('STORE', this.storeError ?? 'the profile file is not available')
    return { profiles: this.list(), notices: [...this.notices], demoAvailable: this.demo !== undefined }
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
    // Seal first: the file is then read, changed and written without an await in between, so
    // two saves at once cannot overwrite each other.
    const newlySealed =
      !input.askClusterPassword && typeof input.clusterPassword === 'string'
        ? await this.seal(input.clusterPassword)
        : undefined
    const all = this.read()
    const index = input.id === undefined ? -1 : all.findIndex((p) => p.id === input.id)
    if (input.id !== undefined && index < 0) throw notFound('profile', input.id)
    const old = index >= 0 ? all[index]! : undefined
    const id = old?.id ?? randomUUID()
    let sealed = old?.clusterPasswordSealed ?? null
    if (input.askClusterPassword) {
      sealed = null
      if (typeof input.clusterPassword === 'string') this.runPasswords.set(id, input.clusterPassword)
    } else if (input.clusterPassword === null) {
      sealed = null
    } else if (newlySealed !== undefined) {
      sealed = newlySealed
    }
    const next: StoredProfile = {
      id,
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
    this.write(all)
    if (input.clusterPassword !== undefined || input.askClusterPassword !== old?.askClusterPassword) {
      if (!(input.askClusterPassword && typeof input.clusterPassword === 'string')) this.runPasswords.delete(id)
    }
    if (old && (old.host !== next.host || old.port !== next.port || old.clusterUser !== next.clusterUser)) {
      this.runPasswords.delete(id)
      if (input.askClusterPassword && typeof input.clusterPassword === 'string') {
        this.runPasswords.set(id, input.clusterPassword)
      }
    }
    this.changed(id)
    return toDto(next)
  }

  delete(profileId: string): void {
    const all = this.read()
    const rest = all.filter((p) => p.id !== profileId)
    if (rest.length === all.length) throw notFound('profile', profileId)
    this.write(rest)
    this.runPasswords.delete(profileId)
    for (const key of [...this.runInfobaseLogins.keys()]) {
      if (key.startsWith(`${profileId}\n`)) this.runInfobaseLogins.delete(key)
    }
    this.changed(profileId)
  }

  duplicate(profileId: string): ProfileDto {
    const all = this.read()
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
    this.write(all)
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
    return this.planImport(json).preview
  }

  /** Adds the profiles the preview calls "added"; never replaces or removes anything. */
  importProfiles(json: string): ImportPreview {
    const { preview, toAdd } = this.planImport(json)
    if (toAdd.length > 0) {
      const all = this.read()
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
      this.write(all)
    }
    return preview
  }

  private planImport(json: string): { preview: ImportPreview; toAdd: ExportedProfile[] } {
    let doc: unknown
    try {
      doc = JSON.parse(json)
    } catch {
      throw new ServiceError('INVALID_ARGUMENT', 'the import file is not valid JSON')
    }
    const entries = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc.profiles) ? doc.profiles : null
    if (!entries) throw new ServiceError('INVALID_ARGUMENT', 'the import file holds no "profiles" list')
    const seen = new Set(this.read().map(duplicateKey))
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
    const all = this.read()
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
    this.write(all)
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
    const all = this.read()
    const p = all.find((x) => x.id === profileId)
    if (!p) throw notFound('profile', profileId)
    p.infobaseCredentials = [
      ...p.infobaseCredentials.filter((c) => c.infobase !== infobase),
      { infobase, user: login.user, passwordSealed: sealed },
    ]
    this.write(all)
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

function isCorruptStoreError(e: unknown): boolean {
  if (!(e instanceof Error)) return false
  return e.name === 'SyntaxError' || /schema violation|not valid JSON|Unexpected token|JSON/i.test(e.message)
}

/** conf says "The config file `…/profiles.json` is not valid JSON." */
function pathFromStoreError(e: unknown): string | undefined {
  const m = /`([^`]+)`/.exec(e instanceof Error ? e.message : '')
  return m?.[1]
}

/** A timestamp usable in a Windows file name: 2026-11-25T09-10-00-000Z. */
function fileTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-')
}

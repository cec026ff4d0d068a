/**
 * ProfileService: the saved connection profiles (docs/architecture.md §7). It lists and edits them
 * and hands out where to connect; the jobs behind it each have a module: the file
 * (stored-profiles.ts), passwords for the run (run-secrets.ts), import and export (exchange.ts),
 * the demo profile (demo-profile.ts) and connection targets (targets.ts). Passwords never leave
 * except to the cluster pool (a target): DTOs carry `hasClusterPassword`, never the password.
 */
import { randomUUID } from 'node:crypto'
import type {
  ImportPreview,
  OneCFoundFile,
  OneCImportPreview,
  ProfileDto,
  ProfileInput,
  ProfilesState,
  StoreNotice,
} from '../../../src-shared/contract'
import {
  firstProblem,
  profileInputSchema,
  type ProfileWatch,
  type StoredProfile,
} from '../../../src-shared/profile-schema'
import { mergeWatchRules, type WatchPin, type WatchRules } from '../../../src-shared/watch-rules'
import type { ClusterTarget, InfobaseLogin, ProfileDirectory, ProfileFacts } from '../directory'
import { ServiceError, notFound } from '../errors'
import { systemClock, type Clock, type DemoCluster, type OpenProfileStore, type SecretBox } from '../ports'
import { demoProfile } from './demo-profile'
import { exportDocument, parseImportJson, planImport, storedFromImport } from './exchange'
import { decodeOneCBase64, planOneCImport } from './one-c-import'
import { findOneCFiles, readFoundOneCFile } from './one-c-places'
import { RunSecrets } from './run-secrets'
import { StoredProfiles, type KeptAside } from './stored-profiles'
import { ConnectionTargets } from './targets'

export interface ProfileServiceOptions {
  openStore: OpenProfileStore
  secretBox: SecretBox
  clock?: Clock
  demo?: DemoCluster
  log?: (line: string) => void
  /** Where the 1C tools keep their files (%APPDATA%); null: look nowhere. Tests pass a folder. */
  oneCAppData?: string | null
}

export class ProfileService implements ProfileDirectory {
  private readonly notices: StoreNotice[] = []
  private readonly profiles: StoredProfiles
  private readonly secrets: RunSecrets
  private readonly targets: ConnectionTargets
  private readonly clock: Clock
  private readonly demo?: DemoCluster
  private readonly oneCAppData: string | null
  private readonly changeListeners: Array<(profileId: string) => void> = []

  constructor(o: ProfileServiceOptions) {
    this.clock = o.clock ?? systemClock
    this.demo = o.demo
    this.oneCAppData = o.oneCAppData === undefined ? (process.env.APPDATA ?? null) : o.oneCAppData
    const log = o.log ?? (() => undefined)
    this.profiles = new StoredProfiles(o.openStore, this.clock, log, (n) => this.notices.push(n))
    this.secrets = new RunSecrets(o.secretBox, log)
    this.targets = new ConnectionTargets(this.profiles, this.secrets, o.demo)
  }

  /** Called when a profile's connection settings change or it is deleted (the pool drops its sockets). */
  onChange(listener: (profileId: string) => void): void {
    this.changeListeners.push(listener)
  }

  private changed(profileId: string): void {
    for (const l of this.changeListeners) l(profileId)
  }

  get filePath(): string | null {
    return this.profiles.filePath
  }

  /** The damaged files this service kept aside in this run (the CLI reports them and fails). */
  get keptAsideFiles(): readonly KeptAside[] {
    return this.profiles.keptAside
  }

  get demoAvailable(): boolean {
    return this.demo !== undefined
  }

  // --- listing -----------------------------------------------------------------------------

  async state(): Promise<ProfilesState> {
    const boxNotice = await this.secrets.boxNotice()
    if (boxNotice) this.notices.push(boxNotice)
    this.profiles.opened()
    const profiles = this.list()
    for (const n of this.profiles.takeLeftNotices()) {
      if (!this.notices.some((x) => JSON.stringify(x) === JSON.stringify(n))) this.notices.push(n)
    }
    return { profiles, notices: [...this.notices], demoAvailable: this.demoAvailable }
  }

  list(): ProfileDto[] {
    return this.profiles.read().map(toDto)
  }

  get(profileId: string): ProfileDto {
    return toDto(this.profiles.find(profileId))
  }

  findByName(name: string): ProfileDto | undefined {
    const key = name.trim().toLocaleLowerCase()
    const all = this.profiles.read()
    const p = all.find((x) => x.name === name) ?? all.find((x) => x.name.trim().toLocaleLowerCase() === key)
    return p && toDto(p)
  }

  // --- editing -----------------------------------------------------------------------------

  async save(raw: ProfileInput): Promise<ProfileDto> {
    // The API checked already; the CLI and tests call here directly, so the same schema checks again.
    const checked = profileInputSchema.safeParse(raw)
    if (!checked.success) throw new ServiceError('INVALID_ARGUMENT', firstProblem(checked.error))
    const input = checked.data
    // Seal first: the file is then read, changed and written under the lock with no await.
    const newlySealed =
      !input.askClusterPassword && typeof input.clusterPassword === 'string'
        ? await this.secrets.seal(input.clusterPassword)
        : undefined
    const { old, next } = this.profiles.mutate((all) => {
      const index = input.id === undefined ? -1 : all.findIndex((p) => p.id === input.id)
      if (input.id !== undefined && index < 0) throw notFound('profile', input.id)
      const old = index >= 0 ? all[index]! : undefined
      let sealed = old?.clusterPasswordSealed ?? null
      if (input.askClusterPassword || input.clusterPassword === null) sealed = null
      else if (newlySealed !== undefined) sealed = newlySealed
      const next: StoredProfile = {
        id: old?.id ?? randomUUID(),
        name: input.name,
        group: input.group,
        host: input.host,
        port: input.port,
        clusterUser: input.clusterUser,
        clusterPasswordSealed: sealed,
        askClusterPassword: input.askClusterPassword,
        infobaseCredentials: old?.infobaseCredentials ?? [],
        label: input.label,
        refreshInterval: input.refreshInterval,
        protection: input.protection,
        demo: old?.demo ?? false,
        recordHistory: input.recordHistory ?? old?.recordHistory ?? false,
        watch: old?.watch ?? { rules: {}, pins: [] },
      }
      if (old) all[index] = next
      else all.push(next)
      return { old, next }
    })
    const id = next.id
    const moved = old && (old.host !== next.host || old.port !== next.port || old.clusterUser !== next.clusterUser)
    if (input.askClusterPassword && typeof input.clusterPassword === 'string') {
      this.secrets.setPassword(id, input.clusterPassword)
    } else if (input.clusterPassword !== undefined || input.askClusterPassword !== old?.askClusterPassword || moved) {
      this.secrets.forgetPassword(id)
    }
    this.changed(id)
    return toDto(next)
  }

  delete(profileId: string): void {
    this.profiles.mutate((all) => {
      const index = all.findIndex((p) => p.id === profileId)
      if (index < 0) throw notFound('profile', profileId)
      all.splice(index, 1)
    })
    this.secrets.forgetProfile(profileId)
    this.changed(profileId)
  }

  duplicate(profileId: string): ProfileDto {
    const { source, copy } = this.profiles.mutate((all) => {
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
        watch: { rules: { ...source.watch.rules }, pins: source.watch.pins.map((p) => ({ ...p })) },
      }
      all.push(copy)
      return { source, copy }
    })
    const run = this.secrets.password(profileId)
    if (run !== undefined && source.askClusterPassword) this.secrets.setPassword(copy.id, run)
    return toDto(copy)
  }

  // --- the watch's settings (issue 19), kept with the profiles ----------------------------------

  watchRules(): WatchRules {
    return this.profiles.readWatchRules()
  }

  setWatchRules(rules: WatchRules): WatchRules {
    this.profiles.writeWatchRules(rules)
    return this.profiles.readWatchRules()
  }

  setProfileWatch(profileId: string, watch: ProfileWatch): ProfileDto {
    const next = this.profiles.mutate((all) => {
      const p = all.find((x) => x.id === profileId)
      if (!p) throw notFound('profile', profileId)
      p.watch = watch
      return p
    })
    return toDto(next)
  }

  /** The rules a profile is watched by (its own over those for all) and its pins; defaults for an unknown one. */
  watchFor(profileId: string): { rules: WatchRules; pins: WatchPin[] } {
    const all = this.profiles.readWatchRules()
    const p = this.profiles.get(profileId)
    return p ? { rules: mergeWatchRules(all, p.watch.rules), pins: p.watch.pins } : { rules: all, pins: [] }
  }

  /** For "ask every time" (or undecryptable) profiles: the password for this run, in memory only. */
  unlock(profileId: string, password: string): void {
    this.profiles.find(profileId)
    this.secrets.setPassword(profileId, password)
    this.changed(profileId)
  }

  // --- import / export and the demo --------------------------------------------------------

  export(): string {
    return exportDocument(this.profiles.read(), this.clock.now())
  }

  previewImport(json: string): ImportPreview {
    return planImport(parseImportJson(json), this.profiles.read()).preview
  }

  /** Adds the profiles the preview calls "added"; never replaces or removes anything. */
  importProfiles(json: string): ImportPreview {
    const doc = parseImportJson(json)
    // Planned again under the lock: another process may have added some of them meanwhile.
    return this.profiles.mutate((all) => {
      const { preview, toAdd } = planImport(doc, all)
      for (const p of toAdd) all.push(storedFromImport(p, randomUUID()))
      return preview
    })
  }

  /** "Import from 1C": what an appsrvrs.lst / ibases.v8i (base64) would add (one-c-import.ts). */
  previewImportFrom1C(fileBase64: string, ports?: readonly number[]): OneCImportPreview {
    return planOneCImport(decodeOneCBase64(fileBase64), ports, this.profiles.read()).preview
  }

  /** Adds the servers the preview calls "added", planned again under the lock. */
  importFrom1C(fileBase64: string, ports?: readonly number[]): OneCImportPreview {
    return this.importOneCBytes(decodeOneCBase64(fileBase64), ports)
  }

  /** The 1C server lists in their usual places (one-c-places.ts). */
  findOneCFiles(): Promise<OneCFoundFile[]> {
    return findOneCFiles(this.oneCAppData)
  }

  async previewImportFrom1CFound(path: string, ports?: readonly number[]): Promise<OneCImportPreview> {
    const bytes = await readFoundOneCFile(this.oneCAppData, path)
    return planOneCImport(bytes, ports, this.profiles.read()).preview
  }

  async importFrom1CFound(path: string, ports?: readonly number[]): Promise<OneCImportPreview> {
    return this.importOneCBytes(await readFoundOneCFile(this.oneCAppData, path), ports)
  }

  private importOneCBytes(bytes: Uint8Array, ports?: readonly number[]): OneCImportPreview {
    return this.profiles.mutate((all) => {
      const { preview, toAdd } = planOneCImport(bytes, ports, all)
      for (const p of toAdd) all.push(storedFromImport(p, randomUUID()))
      return preview
    })
  }

  /** Starts the embedded simulator and saves (or refreshes) the demo profile pointing at it. */
  async createDemo(): Promise<ProfileDto> {
    if (!this.demo) throw new ServiceError('INTERNAL', 'this build has no demo cluster')
    const where = await this.demo.start()
    const profile = this.profiles.mutate((all) => {
      const existing = all.find((p) => p.demo)
      const profile = demoProfile(existing, where, randomUUID())
      if (existing) all[all.indexOf(existing)] = profile
      else all.push(profile)
      return profile
    })
    this.secrets.setPassword(profile.id, where.clusterPassword)
    this.changed(profile.id)
    return toDto(profile)
  }

  // --- ProfileDirectory (targets.ts) --------------------------------------------------------

  facts(profileId: string): ProfileFacts {
    return this.targets.facts(profileId)
  }

  target(profileId: string): Promise<ClusterTarget> {
    return this.targets.target(profileId)
  }

  testTarget(input: ProfileInput): Promise<ClusterTarget> {
    return this.targets.testTarget(input)
  }

  clusterPasswordRejected(profileId: string): void {
    this.targets.clusterPasswordRejected(profileId)
  }

  infobaseLogin(profileId: string, infobase: string): Promise<InfobaseLogin | null> {
    return this.targets.infobaseLogin(profileId, infobase)
  }

  rememberInfobaseLogin(profileId: string, infobase: string, login: InfobaseLogin, persist: boolean): Promise<void> {
    return this.targets.rememberInfobaseLogin(profileId, infobase, login, persist)
  }

  /** Forgets a run-only infobase login (after the server rejected it). */
  forgetInfobaseLogin(profileId: string, infobase: string): void {
    this.secrets.forgetLogin(profileId, infobase)
  }
}

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
    recordHistory: p.recordHistory,
    watch: p.watch,
  }
}

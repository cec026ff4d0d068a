/**
 * Where and as whom to connect for a profile (the ProfileDirectory side of ProfileService,
 * docs/architecture.md §3.5): the demo cluster wherever it runs now, a password typed for this
 * run, or the sealed one opened once and kept for the run; infobase logins the same way.
 */
import type { ProfileInput } from '../../../src-shared/contract'
import type { ClusterTarget, InfobaseLogin, ProfileFacts } from '../directory'
import { ServiceError, notFound } from '../errors'
import type { DemoCluster } from '../ports'
import type { RunSecrets } from './run-secrets'
import type { StoredProfiles } from './stored-profiles'

export class ConnectionTargets {
  constructor(
    private readonly profiles: StoredProfiles,
    private readonly secrets: RunSecrets,
    private readonly demo: DemoCluster | undefined,
  ) {}

  facts(profileId: string): ProfileFacts {
    const p = this.profiles.find(profileId)
    return { name: p.name, protection: p.protection, server: `${p.host}:${p.port}` }
  }

  async target(profileId: string): Promise<ClusterTarget> {
    const p = this.profiles.find(profileId)
    if (p.demo) {
      if (!this.demo) throw new ServiceError('NETWORK', 'the demo cluster is not available in this build')
      const where = await this.demo.start()
      this.secrets.setPassword(p.id, where.clusterPassword)
      return { host: where.host, port: where.port, user: where.clusterUser, password: where.clusterPassword }
    }
    const base = { host: p.host, port: p.port, user: p.clusterUser }
    const run = this.secrets.password(p.id)
    if (run !== undefined) return { ...base, password: run }
    if (p.askClusterPassword) {
      throw new ServiceError('PASSWORD_REQUIRED', `profile "${p.name}" asks for the cluster password every time`)
    }
    if (p.clusterPasswordSealed === null) return { ...base, password: '' }
    const password = await this.secrets.open(p.clusterPasswordSealed, p.name)
    this.secrets.setPassword(p.id, password)
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
      const p = this.profiles.find(profileId)
      if (p.askClusterPassword) this.secrets.forgetPassword(profileId)
    } catch {
      // deleted meanwhile
    }
  }

  async infobaseLogin(profileId: string, infobase: string): Promise<InfobaseLogin | null> {
    const run = this.secrets.login(profileId, infobase)
    if (run) return run
    const p = this.profiles.find(profileId)
    const saved = p.infobaseCredentials.find((c) => c.infobase === infobase)
    if (!saved) return null
    if (saved.passwordSealed === null) return { user: saved.user, password: '' }
    const password = await this.secrets.open(saved.passwordSealed, p.name)
    const login = { user: saved.user, password }
    this.secrets.setLogin(profileId, infobase, login)
    return login
  }

  async rememberInfobaseLogin(profileId: string, infobase: string, login: InfobaseLogin, persist: boolean) {
    this.secrets.setLogin(profileId, infobase, login)
    if (!persist) return
    const sealed = login.password === '' ? null : await this.secrets.seal(login.password)
    this.profiles.mutate((all) => {
      const p = all.find((x) => x.id === profileId)
      if (!p) throw notFound('profile', profileId)
      p.infobaseCredentials = [
        ...p.infobaseCredentials.filter((c) => c.infobase !== infobase),
        { infobase, user: login.user, passwordSealed: sealed },
      ]
    })
  }
}

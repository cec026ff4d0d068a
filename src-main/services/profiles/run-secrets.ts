/**
 * Passwords while the app runs (docs/architecture.md §7.2): the SecretBox seals what is saved and
 * opens it again; what is typed or opened for this run ("ask every time" answers, a password typed
 * again, decrypted ones, infobase logins not remembered) lives in memory only and never reaches
 * the file or a DTO.
 */
import type { StoreNotice } from '../../../src-shared/contract'
import type { InfobaseLogin } from '../directory'
import { ServiceError } from '../errors'
import type { SecretBox } from '../ports'

export class RunSecrets {
  /** Cluster passwords for this run, by profile id. */
  private readonly passwords = new Map<string, string>()
  /** Infobase logins for this run, key `${profileId}\n${infobase}`. */
  private readonly logins = new Map<string, InfobaseLogin>()
  private boxChecked = false

  constructor(
    private readonly box: SecretBox,
    private readonly log: (line: string) => void,
  ) {}

  password(profileId: string): string | undefined {
    return this.passwords.get(profileId)
  }

  setPassword(profileId: string, password: string): void {
    this.passwords.set(profileId, password)
  }

  forgetPassword(profileId: string): void {
    this.passwords.delete(profileId)
  }

  login(profileId: string, infobase: string): InfobaseLogin | undefined {
    return this.logins.get(`${profileId}\n${infobase}`)
  }

  setLogin(profileId: string, infobase: string, login: InfobaseLogin): void {
    this.logins.set(`${profileId}\n${infobase}`, { user: login.user, password: login.password })
  }

  forgetLogin(profileId: string, infobase: string): void {
    this.logins.delete(`${profileId}\n${infobase}`)
  }

  /** A deleted profile: nothing of it stays in memory. */
  forgetProfile(profileId: string): void {
    this.passwords.delete(profileId)
    for (const key of [...this.logins.keys()]) {
      if (key.startsWith(`${profileId}\n`)) this.logins.delete(key)
    }
  }

  /** Once per run: whether the box cannot keep passwords here, or keeps them with a weak key. */
  async boxNotice(): Promise<StoreNotice | null> {
    if (this.boxChecked) return null
    this.boxChecked = true
    try {
      if (!(await this.box.isAvailable())) return { kind: 'secrets-unavailable' }
      if (this.box.isWeak && (await this.box.isWeak())) return { kind: 'weak-secret-storage' }
      return null
    } catch {
      return { kind: 'secrets-unavailable' }
    }
  }

  async seal(plain: string): Promise<string> {
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

  async open(sealed: string, profileName: string): Promise<string> {
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

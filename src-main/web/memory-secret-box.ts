/**
 * The web preview runs outside Electron, where no OS keychain is reachable: passwords are kept
 * in this process's memory only. After a restart the sealed values no longer open and the app
 * asks for the password again (SecretUnavailableError), exactly as after a Windows user change.
 */
import { randomUUID } from 'node:crypto'
import { SecretUnavailableError, type SecretBox } from '../services/ports'

export class MemorySecretBox implements SecretBox {
  private readonly run = randomUUID()
  private readonly secrets = new Map<string, string>()

  async isAvailable(): Promise<boolean> {
    return true
  }

  async seal(plain: string): Promise<string> {
    const id = randomUUID()
    this.secrets.set(id, plain)
    return JSON.stringify({ scheme: 'memory', run: this.run, id })
  }

  async open(sealed: string): Promise<string> {
    let parsed: { scheme?: unknown; run?: unknown; id?: unknown }
    try {
      parsed = JSON.parse(sealed) as typeof parsed
    } catch {
      throw new SecretUnavailableError('the stored password is not in a known format')
    }
    const plain = parsed.run === this.run && typeof parsed.id === 'string' ? this.secrets.get(parsed.id) : undefined
    if (plain === undefined) throw new SecretUnavailableError('the password was kept by an earlier run of the preview')
    return plain
  }
}

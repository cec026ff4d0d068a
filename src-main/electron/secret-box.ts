/**
 * SecretBox over Electron's safeStorage (DPAPI on Windows). Sealed values carry their scheme so
 * a later change of method can be told apart; a value the OS cannot open (another Windows user,
 * a copied profile file, no keyring) raises SecretUnavailableError and the profile is kept.
 */
import { safeStorage } from 'electron'
import { SecretUnavailableError, type SecretBox } from '../services/ports'

const SCHEME = 'safeStorage'

export class SafeStorageSecretBox implements SecretBox {
  async isAvailable(): Promise<boolean> {
    try {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) return false
      // Linux without a keyring falls back to a hard-coded key: not a secret store.
      if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return false
      return true
    } catch {
      return false
    }
  }

  async seal(plain: string): Promise<string> {
    if (!(await this.isAvailable())) throw new SecretUnavailableError('OS encryption is not available')
    const data = await safeStorage.encryptStringAsync(plain)
    return JSON.stringify({ scheme: SCHEME, data: data.toString('base64') })
  }

  async open(sealed: string): Promise<string> {
    let parsed: { scheme?: unknown; data?: unknown }
    try {
      parsed = JSON.parse(sealed) as typeof parsed
    } catch {
      throw new SecretUnavailableError('the stored password is not in a known format')
    }
    if (parsed.scheme !== SCHEME || typeof parsed.data !== 'string') {
      throw new SecretUnavailableError('the stored password was sealed by another method')
    }
    try {
      const { result } = await safeStorage.decryptStringAsync(Buffer.from(parsed.data, 'base64'))
      return result
    } catch {
      throw new SecretUnavailableError('the stored password cannot be opened by this Windows user')
    }
  }
}

/**
 * The Electron adapters with a stand-in `electron` module (no Electron binary here): safeStorage
 * behaviour is faked, electron-store writes a real file into a temp user-data folder.
 */
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const userData = mkdtempSync(join(tmpdir(), 'cd-electron-'))
afterAll(() => rmSync(userData, { recursive: true, force: true }))
const safe = {
  available: true,
  backend: 'dpapi',
  failDecrypt: false,
}

vi.mock('electron', async () => {
  const { fakeElectronBasics } = await import('./fake-electron')
  const { app, ipcMain, shell } = fakeElectronBasics(userData, false)
  const safeStorage = {
    isAsyncEncryptionAvailable: async () => safe.available,
    getSelectedStorageBackend: () => safe.backend,
    encryptStringAsync: async (s: string) => Buffer.from(`enc:${s}`).reverse(),
    decryptStringAsync: async (b: Buffer) => {
      if (safe.failDecrypt)
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
      return { result: Buffer.from(b).reverse().toString().slice(4), shouldReEncrypt: false }
    },
  }
  return { default: { app, safeStorage, ipcMain, shell }, app, safeStorage, ipcMain, shell }
})

const { SafeStorageSecretBox } = await import('../../../src-main/electron/secret-box')
const { openElectronProfileStore } = await import('../../../src-main/electron/store')
const { SecretUnavailableError } = await import('../../../src-main/services/ports')

beforeEach(() => {
  safe.available = true
  safe.backend = 'dpapi'
  safe.failDecrypt = false
})

describe('SafeStorageSecretBox', () => {
  it('seals with its scheme and opens what it sealed; the plain text is not in the sealed value', async () => {
    const box = new SafeStorageSecretBox()
    const sealed = await box.seal('пароль-1')
    expect(JSON.parse(sealed).scheme).toBe('safeStorage')
    expect(sealed).not.toContain('пароль-1')
    expect(await box.open(sealed)).toBe('пароль-1')
  })

  it('refuses to seal when OS encryption is unavailable or only the Linux basic_text fallback exists', async () => {
    const box = new SafeStorageSecretBox()
    safe.available = false
    expect(await box.isAvailable()).toBe(false)
    await expect(box.seal('x')).rejects.toBeInstanceOf(SecretUnavailableError)
    if (process.platform === 'linux') {
      safe.available = true
      safe.backend = 'basic_text'
      expect(await box.isAvailable()).toBe(false)
    }
  })

  it('turns a value sealed by another user (decrypt failure) or another scheme into SecretUnavailableError', async () => {
    const box = new SafeStorageSecretBox()
    const sealed = await box.seal('secret')
    safe.failDecrypt = true
    await expect(box.open(sealed)).rejects.toBeInstanceOf(SecretUnavailableError)
    await expect(box.open('{"scheme":"memory","id":"x"}')).rejects.toBeInstanceOf(SecretUnavailableError)
    await expect(box.open('garbage')).rejects.toBeInstanceOf(SecretUnavailableError)
  })
})

describe('openElectronProfileStore', () => {
  it('writes profiles.json into the user-data folder and reports that path', () => {
    const store = openElectronProfileStore()
    store.set('profiles', [{ id: 'p1', name: 'Прод', host: 'srv', port: 1545 }])
    expect(store.path).toBe(join(userData, 'profiles.json'))
    expect(openElectronProfileStore.path).toBe(join(userData, 'profiles.json'))
    const onDisk = JSON.parse(readFileSync(store.path, 'utf8'))
    expect(onDisk.profiles[0].name).toBe('Прод')
    expect(openElectronProfileStore().get('profiles')).toEqual(onDisk.profiles)
  })

  it('throws on a corrupted file instead of wiping it', () => {
    writeFileSync(join(userData, 'profiles.json'), '{ not json')
    expect(() => openElectronProfileStore()).toThrow()
    expect(readFileSync(join(userData, 'profiles.json'), 'utf8')).toBe('{ not json')
  })
})

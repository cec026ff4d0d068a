/** Test doubles for what needs Electron (safeStorage) and helpers shared by the services tests. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { SecretUnavailableError, type SecretBox } from '../../../src-main/services/ports'

/** Reversible and recognisable: `{"scheme":"fake","data":<base64 of reversed text>}`. */
export function fakeSecretBox(): SecretBox & { sealed: number } {
  const box = {
    sealed: 0,
    isAvailable: async () => true,
    seal: async (plain: string) => {
      box.sealed++
      return JSON.stringify({ scheme: 'fake', data: Buffer.from([...plain].reverse().join('')).toString('base64') })
    },
    open: async (sealed: string) => {
      const parsed = JSON.parse(sealed) as { scheme: string; data: string }
      if (parsed.scheme !== 'fake') throw new SecretUnavailableError()
      return [...Buffer.from(parsed.data, 'base64').toString()].reverse().join('')
    },
  }
  return box
}

/** Like a profile file copied to another Windows user: sealing works, opening never does. */
export function foreignSecretBox(): SecretBox {
  const box = fakeSecretBox()
  return { ...box, open: async () => Promise.reject(new SecretUnavailableError()) }
}

/** No OS encryption at all (Linux without a keyring). */
export function unavailableSecretBox(): SecretBox {
  return {
    isAvailable: async () => false,
    seal: async () => Promise.reject(new SecretUnavailableError('no encryption')),
    open: async () => Promise.reject(new SecretUnavailableError('no encryption')),
  }
}

export async function tempDir(prefix = 'clusterdesk-test-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}

/** A fresh temp folder for each test of the file: handed to `take` before the test, removed after it. */
export function tempDirEachTest(take: (dir: string) => void): void {
  let remove: (() => Promise<void>) | undefined
  beforeEach(async () => {
    const tmp = await tempDir()
    remove = tmp.remove
    take(tmp.dir)
  })
  afterEach(async () => {
    await remove?.()
  })
}

export const profileInput = (over: Record<string, unknown> = {}) => ({
  name: 'Бухгалтерия prod',
  group: 'Москва',
  host: '127.0.0.1',
  port: 1545,
  clusterUser: 'admin',
  clusterPassword: 's3cret-Пароль',
  askClusterPassword: false,
  label: 'prod' as const,
  refreshInterval: 10 as const,
  protection: 'normal' as const,
  ...over,
})

import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ProfileInput } from '../../src-shared/contract'
import type { RendererWorld } from '../support/renderer-world'
import { settle, startApp, stopWorldAfterEach } from './app-world'
import { q, qa, typeInto } from './mount'

let world: RendererWorld
const item = (name: string) => qa('profile-item').find((el) => el.textContent!.includes(name))!

async function openMenu(name: string, action: string) {
  ;(item(name).querySelector('[data-testid=profile-menu]') as HTMLElement).click()
  await settle()
  q(`profile-menu-${action}`)!.click()
  await settle()
}

beforeEach(async () => {
  ;({ world } = await startApp({ sessions: 5 }))
})
stopWorldAfterEach()

describe('profile form', () => {
  it('never shows a stored password; leaving it empty keeps it, "forget" clears it', async () => {
    await openMenu('Бухгалтерия', 'edit')
    const pwd = q('form-password')!.querySelector('input')!
    expect(pwd.value).toBe('')
    expect(pwd.placeholder).toContain('stored')
    q('form-save')!.click()
    await vi.waitFor(() => expect(world.calls('saveProfile')).toHaveLength(1), { timeout: 10_000 })
    expect((world.calls('saveProfile')[0]!.args[0] as ProfileInput).clusterPassword).toBeUndefined()
    await world.control.settled()
    expect(world.services.profiles.get(world.id('prod')).hasClusterPassword).toBe(true)

    await openMenu('Бухгалтерия', 'edit')
    q('form-forget-password')!.click()
    await settle()
    q('form-save')!.click()
    await vi.waitFor(() => expect(world.calls('saveProfile')).toHaveLength(2), { timeout: 10_000 })
    expect((world.calls('saveProfile')[1]!.args[0] as ProfileInput).clusterPassword).toBeNull()
    await vi.waitFor(() => expect(world.services.profiles.get(world.id('prod')).hasClusterPassword).toBe(false), {
      timeout: 10_000,
    })
  }, 60_000)

  it('"Test connection" shows the server\'s own error text', async () => {
    q('profile-add')!.click()
    await settle()
    // The audit server requires its cluster administrator: a wrong password gets the server's answer.
    await typeInto('form-name', 'New')
    await typeInto('form-host', '127.0.0.1')
    await typeInto('form-port', String(world.sim('audit').port))
    q('form-port')!.querySelector('input')!.dispatchEvent(new Event('blur'))
    await typeInto('form-user', 'auditor')
    await typeInto('form-password', 'wrong')
    q('form-test')!.click()
    await vi.waitFor(() => expect(q('form-test-result')).not.toBeNull(), { timeout: 10_000 })
    expect(q('form-test-result')!.dataset.result).toBe('error')
    expect(q('form-test-result')!.textContent).toContain('Администратор кластера не аутентифицирован')
  }, 60_000)
})

describe('profile list actions', () => {
  it('delete asks first; cancel keeps the profile, confirm removes it', async () => {
    const before = qa('profile-item').length
    await openMenu('Тестовый', 'delete')
    expect(world.calls('deleteProfile')).toHaveLength(0)
    q('dialog-cancel')!.click()
    await settle()
    expect(qa('profile-item')).toHaveLength(before)
    await openMenu('Тестовый', 'delete')
    q('dialog-confirm')!.click()
    await vi.waitFor(() => expect(qa('profile-item')).toHaveLength(before - 1), { timeout: 10_000 })
    expect(world.calls('deleteProfile')).toHaveLength(1)
    expect(world.services.profiles.list().map((p) => p.name)).not.toContain('Тестовый контур')
  }, 60_000)

  it('duplicate adds a copy', async () => {
    await openMenu('Тестовый', 'duplicate')
    await vi.waitFor(() => expect(item('Тестовый контур (copy)')).toBeDefined(), { timeout: 10_000 })
    const copy = world.services.profiles.list().find((p) => p.name === 'Тестовый контур (copy)')!
    expect(copy.port).toBe(world.profile('test').port)
  }, 60_000)

  it('import: file → preview (added / duplicates / invalid) → confirm merges', async () => {
    q('profile-import')!.click()
    await settle()
    const test = world.profile('test')
    const json = JSON.stringify({
      profiles: [
        { name: 'Склад', host: 'srv-sklad', port: 1545, group: 'Филиалы' },
        // Already present: the same server and name, whatever the case and spaces around it.
        { name: ' тестовый КОНТУР ', host: test.host, port: test.port },
        { host: 'no-name' },
      ],
    })
    const input = q<HTMLInputElement>('import-file')!
    Object.defineProperty(input, 'files', { value: [new File([json], 'profiles.json', { type: 'application/json' })] })
    input.dispatchEvent(new Event('change'))
    await vi.waitFor(() => expect(q('import-preview')).not.toBeNull(), { timeout: 10_000 })
    expect(q('import-added')!.textContent).toContain('Склад')
    expect(q('import-duplicates')!.textContent).toContain('тестовый КОНТУР')
    expect(q('import-invalid')!.textContent).toContain('#3: name is missing')
    expect(world.calls('importProfiles')).toHaveLength(0)
    q('import-confirm')!.click()
    await vi.waitFor(() => expect(item('Склад')).toBeDefined(), { timeout: 10_000 })
    expect(qa('profile-item')).toHaveLength(5)
  }, 60_000)

  it('export downloads the JSON through a Blob URL', async () => {
    const created: Blob[] = []
    const origCreate = URL.createObjectURL
    URL.createObjectURL = (b: Blob) => {
      created.push(b)
      return 'blob:test'
    }
    try {
      q('profile-export')!.click()
      await vi.waitFor(() => expect(created).toHaveLength(1), { timeout: 10_000 })
      const exported = JSON.parse(await created[0]!.text()) as { format: string; profiles: Array<{ name: string }> }
      expect(exported.format).toBe('clusterdesk-profiles')
      expect(exported.profiles.map((p) => p.name)).toContain('Тестовый контур')
    } finally {
      URL.createObjectURL = origCreate
    }
  }, 60_000)
})

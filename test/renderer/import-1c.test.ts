import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { RendererWorld } from '../support/renderer-world'
import { settle, startApp, stopWorldAfterEach } from './app-world'
import { q, qa } from './mount'

let world: RendererWorld

beforeEach(async () => {
  ;({ world } = await startApp({ sessions: 5 }))
})
stopWorldAfterEach()

describe('import from 1C', () => {
  it('ibases.v8i (UTF-16) → servers with editable RAS ports → preview → merge', async () => {
    q('profile-import')!.click()
    await settle()
    const test = world.profile('test')
    const v8i = [
      '[Тест]',
      `Connect=Srvr="${test.host}";Ref="test";`,
      '[Склад]',
      'Connect=Srvr="tcp://srv-sklad:1641";Ref="sklad";',
      'nonsense',
    ].join('\r\n')
    // UTF-16LE with BOM, as the launcher writes it.
    const utf16 = new Uint16Array([0xfeff, ...[...v8i].map((c) => c.charCodeAt(0))])
    const file = new File([new Uint8Array(utf16.buffer)], 'ibases.v8i')
    const input = q<HTMLInputElement>('import-1c-file')!
    Object.defineProperty(input, 'files', { value: [file] })
    input.dispatchEvent(new Event('change'))
    await vi.waitFor(() => expect(q('import-1c-servers')).not.toBeNull(), { timeout: 10_000 })
    expect(q('import-1c-servers')!.textContent).toContain('Склад')
    expect(qa('import-1c-port')).toHaveLength(2)
    expect(q('import-added')!.textContent).toContain('srv-sklad:1641 — srv-sklad:1645')
    expect(q('import-invalid')!.textContent).toContain('line 5')
    // The test profile's port is not 1545, so its server is new unless its port is set to match.
    expect(world.calls('importFrom1C')).toHaveLength(0)
    q('import-confirm')!.click()
    await vi.waitFor(() => expect(world.calls('importFrom1C')).toHaveLength(1), { timeout: 10_000 })
    await vi.waitFor(
      () => expect(world.services.profiles.list().some((p) => p.host === 'srv-sklad' && p.port === 1645)).toBe(true),
      { timeout: 10_000 },
    )
  }, 60_000)
})

describe('import from 1C, found in its usual place', () => {
  it('lists the console server list found under %APPDATA% and imports it with one click', async () => {
    const lst = join(world.appData, '1C', '1cv8', 'appsrvrs.lst')
    mkdirSync(join(lst, '..'), { recursive: true })
    // UTF-8 with a BOM, as the administration console writes it.
    writeFileSync(lst, '\uFEFF{2,\n{"srv-found-01",1540,"Рабочий"},\n{"srv-found-02",2540,"Тест"}\n}')
    q('profile-import')!.click()
    await settle()
    await vi.waitFor(() => expect(q('import-1c-found')!.textContent).toContain(lst), { timeout: 10_000 })
    q('import-1c-use-found')!.click()
    await vi.waitFor(() => expect(qa('import-1c-port')).toHaveLength(2), { timeout: 10_000 })
    expect(q('import-added')!.textContent).toContain('srv-found-02:2540 — srv-found-02:2545')
    q('import-confirm')!.click()
    await vi.waitFor(() => expect(world.calls('importFrom1CFound')).toHaveLength(1), { timeout: 10_000 })
    await vi.waitFor(
      () =>
        expect(
          world.services.profiles
            .list()
            .filter((p) => p.host.startsWith('srv-found-'))
            .map((p) => `${p.host}:${p.port}`)
            .sort(),
        ).toEqual(['srv-found-01:1545', 'srv-found-02:2545']),
      { timeout: 10_000 },
    )
  }, 60_000)

  it('says where it looked when there is nothing there', async () => {
    q('profile-import')!.click()
    await settle()
    await vi.waitFor(() => expect(q('import-1c-found')!.textContent).toContain('%APPDATA%\\1C\\1cv8'), {
      timeout: 10_000,
    })
    expect(q('import-1c-use-found')).toBeNull()
  }, 60_000)
})

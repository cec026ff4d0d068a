/**
 * "Import from 1C" from the usual places: real files in a temp %APPDATA%, through the real api.
 * Only the found paths can be read; a file gone between finding and importing is refused and
 * changes nothing.
 */
import { mkdir, rm, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ClusterApi, Result } from '../../../src-shared/contract'
import { createApi } from '../../../src-main/api'
import { findOneCFiles } from '../../../src-main/services/profiles/one-c-places'
import { MAX_ONE_C_FILE } from '../../../src-main/services/profiles/one-c-import'
import { tempDir } from './support'
import { startTempServices, type TempServices } from './world'

let world: TempServices
/** A fresh %APPDATA% for each test. */
let appData: string
let removeAppData: () => Promise<void>
let api: ClusterApi

beforeEach(async () => {
  ;({ dir: appData, remove: removeAppData } = await tempDir('clusterdesk-appdata-'))
  world = await startTempServices({ oneCAppData: appData })
  api = createApi(world.services, () => undefined)
})
afterEach(async () => {
  await world.stop()
  await removeAppData()
})

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}

/** The console's list as it writes it: UTF-8 with a BOM, one server per block. */
const APPSRVRS = '\uFEFF{2,\n{"srv-app-01",1540,"Рабочий сервер"},\n{"srv-app-02",2540,"Тестовый"}\n}'
const V8I =
  '[Бухгалтерия]\r\nConnect=Srvr="tcp://srv-app-01";Ref="buh";\r\n[ЗУП]\r\nConnect=Srvr="srv-zup:1641";Ref="zup";\r\n'

async function place(parts: string[], text: string | Buffer): Promise<string> {
  const path = join(appData, ...parts)
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(path, text)
  return path
}

describe('1C server lists in their usual places', () => {
  it('finds the console list and the launcher list, with size and time; nothing where there is none', async () => {
    expect(value(await api.findOneCFiles())).toEqual([])
    const lst = await place(['1C', '1cv8', 'appsrvrs.lst'], APPSRVRS)
    const v8i = await place(['1C', '1CEStart', 'ibases.v8i'], V8I)
    const when = new Date('2026-11-20T08:30:00Z')
    await utimes(v8i, when, when)
    const found = value(await api.findOneCFiles())
    expect(found.map((f) => [f.kind, f.path])).toEqual([
      ['appsrvrs', lst],
      ['ibases', v8i],
    ])
    expect(found[1]!.modifiedAt).toBe(when.getTime())
    expect(found[0]!.size).toBe(Buffer.byteLength(APPSRVRS))
    expect(found.every((f) => !f.tooLarge)).toBe(true)
    expect(await findOneCFiles(null)).toEqual([])
    expect(await findOneCFiles(join(appData, 'missing'))).toEqual([])
  })

  it('previews and imports a found file like a picked one, ports editable, duplicates skipped', async () => {
    const lst = await place(['1C', '1cv8', 'appsrvrs.lst'], APPSRVRS)
    const preview = value(await api.previewImportFrom1CFound(lst))
    expect(preview.format).toBe('appsrvrs')
    expect(preview.servers.map((s) => [s.host, s.sourcePort, s.port])).toEqual([
      ['srv-app-01', 1540, 1545],
      ['srv-app-02', 2540, 2545],
    ])
    const merged = value(await api.importFrom1CFound(lst, [1545, 3545]))
    expect(merged.added.map((p) => `${p.host}:${p.port}`)).toEqual(['srv-app-01:1545', 'srv-app-02:3545'])
    const v8i = await place(['1C', '1CEStart', 'ibases.v8i'], V8I)
    const again = value(await api.importFrom1CFound(v8i))
    expect(again.duplicates.map((p) => p.host)).toEqual(['srv-app-01'])
    expect(again.added.map((p) => `${p.host}:${p.port}`)).toEqual(['srv-zup:1645'])
    const hosts = value(await api.listProfiles()).profiles.map((p) => p.host)
    expect(hosts.sort()).toEqual(['srv-app-01', 'srv-app-02', 'srv-zup'])
  })

  it('reads no other path, however it is spelled, and adds nothing', async () => {
    const lst = await place(['1C', '1cv8', 'appsrvrs.lst'], APPSRVRS)
    const other = await place(['secrets.txt'], '{1,\n{"evil",1540,""}\n}')
    for (const path of [other, join(appData, '1C', '1cv8', '..', '..', 'secrets.txt'), `${lst}.bak`]) {
      const r = await api.importFrom1CFound(path)
      expect(r.ok ? 'ok' : r.error.code, path).toBe('INVALID_ARGUMENT')
    }
    expect(value(await api.listProfiles()).profiles).toEqual([])
  })

  it('a list over 1 MiB is listed as too large and not read', async () => {
    const big = await place(['1C', '1cv8', 'appsrvrs.lst'], Buffer.alloc(MAX_ONE_C_FILE + 1, 0x20))
    expect(value(await api.findOneCFiles())).toMatchObject([{ path: big, tooLarge: true }])
    const r = await api.previewImportFrom1CFound(big)
    expect(r.ok ? 'ok' : r.error.code).toBe('INVALID_ARGUMENT')
  })

  it('a file deleted after it was found: the list no longer has it, nothing is added', async () => {
    const lst = await place(['1C', '1cv8', 'appsrvrs.lst'], APPSRVRS)
    expect(value(await api.findOneCFiles())).toHaveLength(1)
    await rm(lst)
    const r = await api.importFrom1CFound(lst)
    expect(r.ok ? 'ok' : r.error.code).toBe('INVALID_ARGUMENT')
    expect(value(await api.listProfiles()).profiles).toEqual([])
  })
})

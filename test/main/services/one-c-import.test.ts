import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ClusterApi, OneCImportPreview, Result } from '../../../src-shared/contract'
import { createApi } from '../../../src-main/api'
import { createServices, openConfStore, type Services } from '../../../src-main/services'
import { fakeSecretBox, profileInput, tempDir } from './support'

let dir: string
let remove: () => Promise<void>
let services: Services
let api: ClusterApi

beforeEach(async () => {
  ;({ dir, remove } = await tempDir())
  services = createServices({
    openStore: openConfStore(dir),
    secretBox: fakeSecretBox(),
    auditFile: join(dir, 'audit.jsonl'),
  })
  api = createApi(services, () => undefined)
})
afterEach(async () => {
  await services.dispose()
  await remove()
})

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64')
const utf16 = (s: string) => new Uint8Array([0xff, 0xfe, ...Buffer.from(s, 'utf16le')])
const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}

const V8I = [
  '[Бухгалтерия]',
  'Connect=Srvr="127.0.0.1";Ref="buh";', // the profile saved below: already present
  '[ЗУП]',
  'Connect=Srvr="srv-1c-01,srv-1c-02:1641";Ref="zup";',
  '[Файловая]',
  'Connect=File="C:\\Bases\\Demo";',
  'broken',
].join('\r\n')

describe('import from 1C over the real services', () => {
  it('previews, skips servers already present under any name, reports bad lines, then merges', async () => {
    await services.profiles.save(profileInput()) // "Бухгалтерия prod" on 127.0.0.1:1545
    const file = b64(utf16(V8I))
    const preview: OneCImportPreview = value(await api.previewImportFrom1C(file))
    expect(preview.format).toBe('v8i')
    expect(preview.servers).toEqual([
      { host: '127.0.0.1', sourcePort: null, port: 1545, infobases: ['Бухгалтерия'] },
      { host: 'srv-1c-01', sourcePort: null, port: 1545, infobases: ['ЗУП'] },
      { host: 'srv-1c-02', sourcePort: 1641, port: 1645, infobases: ['ЗУП'] },
    ])
    expect(preview.duplicates.map((d) => d.host)).toEqual(['127.0.0.1'])
    expect(preview.added).toEqual([
      { name: 'srv-1c-01', group: '', host: 'srv-1c-01', port: 1545 },
      { name: 'srv-1c-02:1641', group: '', host: 'srv-1c-02', port: 1645 },
    ])
    expect(preview.invalid).toEqual(['line 7: not a [section] or key=value line — broken'])
    expect(services.profiles.list()).toHaveLength(1) // a preview changes nothing

    // The RAS port edited before the merge.
    const merged = value(await api.importFrom1C(file, [1545, 1545, 2545]))
    expect(merged.added.map((a) => `${a.host}:${a.port}`)).toEqual(['srv-1c-01:1545', 'srv-1c-02:2545'])
    expect(services.profiles.list().map((p) => `${p.name} ${p.host}:${p.port}`)).toEqual([
      'Бухгалтерия prod 127.0.0.1:1545',
      'srv-1c-01 srv-1c-01:1545',
      'srv-1c-02:1641 srv-1c-02:2545',
    ])
    expect(JSON.parse(readFileSync(join(dir, 'profiles.json'), 'utf8')).profiles).toHaveLength(3)
    // Again: everything is present.
    expect(value(await api.importFrom1C(file, [1545, 1545, 2545])).added).toEqual([])
  })

  it('reads appsrvrs.lst; a file too large or not base64 is refused', async () => {
    const lst = '\uFEFF{2,\r\n{"SRV-1C-01",1540,"",0},\r\n{"srv-1c-01",1540},\r\n{oops}\r\n}'
    const r = value(await api.previewImportFrom1C(b64(lst)))
    expect(r.format).toBe('appsrvrs')
    expect(r.added.map((a) => a.name)).toEqual(['SRV-1C-01'])
    expect(r.invalid).toEqual(['line 4: not a {"host",port,…} server entry — {oops}'])

    const big = await api.previewImportFrom1C(b64(new Uint8Array(1024 * 1024 + 1)))
    expect(big.ok ? 'ok' : big.error.code).toBe('INVALID_ARGUMENT')
    const text = await api.previewImportFrom1C('Srvr="x"')
    expect(text.ok ? 'ok' : text.error.code).toBe('INVALID_ARGUMENT')
  })
})

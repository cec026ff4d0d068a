import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openConfStore } from '../../../src-main/services/conf-store'
import { ServiceError } from '../../../src-main/services/errors'
import { ProfileService } from '../../../src-main/services/profiles'
import type { DemoCluster, SecretBox } from '../../../src-main/services/ports'
import { fakeSecretBox, foreignSecretBox, profileInput, tempDirEachTest, unavailableSecretBox } from './support'

let dir: string
tempDirEachTest((d) => (dir = d))

const service = (box: SecretBox = fakeSecretBox(), extra: { demo?: DemoCluster } = {}) =>
  new ProfileService({
    openStore: openConfStore(dir),
    secretBox: box,
    clock: { now: () => Date.UTC(2026, 10, 25, 9) },
    ...extra,
  })

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p)
  } catch (e) {
    return e instanceof ServiceError ? e.code : `not a ServiceError: ${String(e)}`
  }
  return 'no error'
}

describe('ProfileService with conf in a temp dir', () => {
  it('saves a profile with a sealed password that never appears in DTOs or the file', async () => {
    const profiles = service()
    const saved = await profiles.save(profileInput())
    expect(saved).toMatchObject({ name: 'Бухгалтерия prod', hasClusterPassword: true, askClusterPassword: false })
    expect(JSON.stringify(saved)).not.toContain('s3cret')
    const file = readFileSync(join(dir, 'profiles.json'), 'utf8')
    expect(file).not.toContain('s3cret-Пароль')
    expect(JSON.parse(file).profiles[0].clusterPasswordSealed).toContain('"scheme":"fake"')
    // schema + version for migrations are recorded by conf
    expect(JSON.parse(file).__internal__.migrations.version).toBe('1.1.0')

    // a second service over the same file sees it and can open the password
    const again = service()
    const state = await again.state()
    expect(state.profiles).toHaveLength(1)
    expect(state.notices).toEqual([])
    expect(JSON.stringify(state)).not.toContain('s3cret')
    expect(await again.target(saved.id)).toEqual({
      host: '127.0.0.1',
      port: 1545,
      user: 'admin',
      password: 's3cret-Пароль',
    })
  })

  it('keeps, forgets and replaces the stored password as the input says', async () => {
    const profiles = service()
    const saved = await profiles.save(profileInput())
    const { clusterPassword: _omit, ...rest } = profileInput({ id: saved.id, name: 'Renamed' })
    void _omit
    expect((await profiles.save(rest)).hasClusterPassword).toBe(true)
    expect((await profiles.target(saved.id)).password).toBe('s3cret-Пароль')
    await profiles.save({ ...rest, clusterPassword: 'другой' })
    expect((await profiles.target(saved.id)).password).toBe('другой')
    expect((await profiles.save({ ...rest, clusterPassword: null })).hasClusterPassword).toBe(false)
    expect((await profiles.target(saved.id)).password).toBe('')
    expect(await codeOf(profiles.save({ ...rest, id: '00000000-0000-0000-0000-000000000000' }))).toBe('NOT_FOUND')
  })

  it('saves running at the same time all land in the file', async () => {
    const profiles = service()
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => profiles.save(profileInput({ name: `P${i}`, clusterPassword: `pw${i}` }))),
    )
    expect(
      service()
        .list()
        .map((p) => p.name)
        .sort(),
    ).toEqual(['P0', 'P1', 'P2', 'P3', 'P4'])
  })

  it('moves a corrupted file aside, starts empty and says so', async () => {
    const path = join(dir, 'profiles.json')
    writeFileSync(path, '{"profiles": [ {"id": "x", "name": broken')
    const logs: string[] = []
    const profiles = new ProfileService({
      openStore: openConfStore(dir),
      secretBox: fakeSecretBox(),
      clock: { now: () => Date.UTC(2026, 10, 25, 9, 30) },
      log: (l) => logs.push(l),
    })
    const state = await profiles.state()
    expect(state.profiles).toEqual([])
    const moved = `${path}.corrupt-2026-11-25T09-30-00-000Z`
    expect(state.notices).toEqual([{ kind: 'corrupt-file-moved', movedTo: moved }])
    expect(readFileSync(moved, 'utf8')).toContain('broken') // nothing silently wiped
    expect(existsSync(path)).toBe(true)
    expect(logs.join('\n')).toContain('moved')
    // the new file works
    await profiles.save(profileInput())
    expect(service().list()).toHaveLength(1)
  })

  it('moves aside a file the schema rejects (a profile without a host)', async () => {
    writeFileSync(join(dir, 'profiles.json'), JSON.stringify({ profiles: [{ id: 'a', name: 'no host', port: 1545 }] }))
    const state = await service().state()
    expect(state.notices[0]?.kind).toBe('corrupt-file-moved')
    expect(readdirSync(dir).some((f) => f.startsWith('profiles.json.corrupt-'))).toBe(true)
  })

  it('a password sealed by another user: SECRET_UNAVAILABLE, the profile is kept, unlock works', async () => {
    const saved = await service().save(profileInput())
    const elsewhere = service(foreignSecretBox())
    expect(await codeOf(elsewhere.target(saved.id))).toBe('SECRET_UNAVAILABLE')
    expect(elsewhere.list()).toHaveLength(1)
    expect(elsewhere.list()[0]!.hasClusterPassword).toBe(true)
    elsewhere.unlock(saved.id, 'typed-again')
    expect((await elsewhere.target(saved.id)).password).toBe('typed-again')
    expect(readFileSync(join(dir, 'profiles.json'), 'utf8')).not.toContain('typed-again')
  })

  it('no OS encryption: a notice, saving a password is refused, "ask every time" still works', async () => {
    const profiles = service(unavailableSecretBox())
    expect((await profiles.state()).notices).toEqual([{ kind: 'secrets-unavailable' }])
    expect(await codeOf(profiles.save(profileInput()))).toBe('SECRET_UNAVAILABLE')
    expect(profiles.list()).toEqual([])
    const ask = await profiles.save(profileInput({ askClusterPassword: true, clusterPassword: undefined }))
    expect(ask.hasClusterPassword).toBe(false)
    expect(await codeOf(profiles.target(ask.id))).toBe('PASSWORD_REQUIRED')
    profiles.unlock(ask.id, 'in-memory')
    expect((await profiles.target(ask.id)).password).toBe('in-memory')
    // a new run (new service) has forgotten it
    expect(await codeOf(service(unavailableSecretBox()).target(ask.id))).toBe('PASSWORD_REQUIRED')
    expect(readFileSync(join(dir, 'profiles.json'), 'utf8')).not.toContain('in-memory')
  })

  it('a rejected "ask every time" password is forgotten so the UI asks again', async () => {
    const profiles = service()
    const ask = await profiles.save(profileInput({ askClusterPassword: true, clusterPassword: undefined }))
    profiles.unlock(ask.id, 'wrong')
    profiles.clusterPasswordRejected(ask.id)
    expect(await codeOf(profiles.target(ask.id))).toBe('PASSWORD_REQUIRED')
  })

  it('duplicates and deletes profiles', async () => {
    const profiles = service()
    const saved = await profiles.save(profileInput())
    const copy = profiles.duplicate(saved.id)
    const copy2 = profiles.duplicate(saved.id)
    expect(copy.name).toBe('Бухгалтерия prod (copy)')
    expect(copy2.name).toBe('Бухгалтерия prod (copy 2)')
    expect(copy.id).not.toBe(saved.id)
    expect((await profiles.target(copy.id)).password).toBe('s3cret-Пароль')
    profiles.delete(saved.id)
    expect(profiles.list().map((p) => p.id)).toEqual([copy.id, copy2.id])
    expect(await codeOf(() => profiles.delete(saved.id))).toBe('NOT_FOUND')
    expect(await codeOf(() => profiles.duplicate(saved.id))).toBe('NOT_FOUND')
  })

  it('exports without passwords; import previews, detects duplicates and only adds', async () => {
    const profiles = service()
    const a = await profiles.save(profileInput())
    await profiles.rememberInfobaseLogin(
      a.id,
      'bc9e8fae-32f1-4e90-94cc-4312e65cc07d',
      { user: 'ib', password: 'ibpass' },
      true,
    )
    const exported = profiles.export()
    expect(exported).not.toContain('s3cret')
    expect(exported).not.toContain('ibpass')
    expect(exported).not.toMatch(/sealed|"clusterPassword"|"password"/i)
    const doc = JSON.parse(exported)
    expect(doc.profiles[0]).toMatchObject({
      name: 'Бухгалтерия prod',
      host: '127.0.0.1',
      infobaseUsers: [{ user: 'ib' }],
    })

    const other = JSON.stringify({
      profiles: [
        { name: 'бухгалтерия PROD', host: '127.0.0.1', port: 1545 }, // duplicate (case-insensitive)
        { name: 'Склад', host: 'srv-1c', port: 1545, clusterPassword: 'leaked?', label: 'test' },
        { name: 'Склад', host: 'srv-1c' }, // duplicate inside the file
        { name: '', host: 'x' },
        { name: 'bad port', host: 'x', port: 70000 },
        'nonsense',
      ],
    })
    const preview = profiles.previewImport(other)
    expect(preview.added).toEqual([{ name: 'Склад', group: '', host: 'srv-1c', port: 1545 }])
    expect(preview.duplicates.map((d) => d.name)).toEqual(['бухгалтерия PROD', 'Склад'])
    expect(preview.invalid).toEqual(['#4: name is empty', '#5: port is not 1–65535', '#6: not an object'])
    expect(profiles.list()).toHaveLength(1) // preview changes nothing

    expect(profiles.importProfiles(other)).toEqual(preview)
    const list = profiles.list()
    expect(list.map((p) => p.name)).toEqual(['Бухгалтерия prod', 'Склад'])
    expect(list[1]).toMatchObject({ hasClusterPassword: false, label: 'test' })
    expect(readFileSync(join(dir, 'profiles.json'), 'utf8')).not.toContain('leaked?')
    // re-importing our own export: all duplicates
    expect(profiles.previewImport(exported).added).toEqual([])
    expect(await codeOf(() => profiles.previewImport('not json'))).toBe('INVALID_ARGUMENT')
    expect(await codeOf(() => profiles.previewImport('{"x":1}'))).toBe('INVALID_ARGUMENT')
  })

  it('creates a demo profile pointing at the demo cluster', async () => {
    let starts = 0
    const demo: DemoCluster = {
      start: async () => (
        starts++,
        { host: '127.0.0.1', port: 41000 + starts, clusterUser: 'demo', clusterPassword: 'demo-pass' }
      ),
      stop: async () => undefined,
    }
    const profiles = service(fakeSecretBox(), { demo })
    expect((await profiles.state()).demoAvailable).toBe(true)
    const p = await profiles.createDemo()
    expect(p).toMatchObject({ demo: true, port: 41001, clusterUser: 'demo', hasClusterPassword: false })
    const again = await profiles.createDemo()
    expect(again.id).toBe(p.id)
    expect(profiles.list()).toHaveLength(1)
    // the target follows the running demo cluster
    expect(await profiles.target(p.id)).toEqual({ host: '127.0.0.1', port: 41003, user: 'demo', password: 'demo-pass' })
    expect(profiles.export()).not.toContain('Demo cluster')
    expect(await codeOf(service().createDemo())).toBe('INTERNAL')
  })

  it('infobase logins: remembered sealed, or for this run only', async () => {
    const profiles = service()
    const p = await profiles.save(profileInput())
    const ib = '717bdda7-2f60-4577-b262-f1fc8c0e472c'
    expect(await profiles.infobaseLogin(p.id, ib)).toBeNull()
    await profiles.rememberInfobaseLogin(p.id, ib, { user: 'Администратор', password: 'ib-secret' }, false)
    expect(await profiles.infobaseLogin(p.id, ib)).toEqual({ user: 'Администратор', password: 'ib-secret' })
    expect(await service().infobaseLogin(p.id, ib)).toBeNull()
    await profiles.rememberInfobaseLogin(p.id, ib, { user: 'Администратор', password: 'ib-secret' }, true)
    expect(await service().infobaseLogin(p.id, ib)).toEqual({ user: 'Администратор', password: 'ib-secret' })
    expect(profiles.get(p.id).infobaseCredentials).toEqual([{ infobase: ib, user: 'Администратор', hasPassword: true }])
    expect(readFileSync(join(dir, 'profiles.json'), 'utf8')).not.toContain('ib-secret')
    expect(await codeOf(service(foreignSecretBox()).infobaseLogin(p.id, ib))).toBe('SECRET_UNAVAILABLE')
  })

  it('an unwritable profile folder is a STORE error, not a crash', async () => {
    const blocked = join(dir, 'file-not-dir')
    writeFileSync(blocked, 'x')
    const profiles = new ProfileService({ openStore: openConfStore(join(blocked, 'sub')), secretBox: fakeSecretBox() })
    expect(await codeOf(profiles.state())).toBe('STORE')
    expect(await codeOf(profiles.save(profileInput()))).toBe('STORE')
  })
})

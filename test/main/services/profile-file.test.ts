/**
 * The profile file as the data ClusterDesk owns: a damaged or foreign file is kept aside with a
 * notice the app shows on its next start, an unreadable one is reported and never touched, several
 * processes saving at once lose nothing, and unsafe characters never get into a profile.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApi } from '../../../src-main/api'
import { createServices } from '../../../src-main/services'
import { openConfStore } from '../../../src-main/services/conf-store'
import { ServiceError } from '../../../src-main/services/errors'
import type { OpenProfileStore } from '../../../src-main/services/ports'
import { ProfileService } from '../../../src-main/services/profiles'
import { StoredProfiles } from '../../../src-main/services/profiles/stored-profiles'
import { fakeSecretBox, profileInput, tempDirEachTest } from './support'

const ROOT = join(import.meta.dirname, '../../..')

let dir: string
let file: string
tempDirEachTest((d) => {
  dir = d
  file = join(d, 'profiles.json')
})

const service = (openStore: OpenProfileStore = openConfStore(dir), log?: (line: string) => void) =>
  new ProfileService({ openStore, secretBox: fakeSecretBox(), clock: { now: () => Date.UTC(2026, 10, 25, 9) }, log })

async function failure(p: Promise<unknown> | (() => unknown)): Promise<ServiceError> {
  try {
    await (typeof p === 'function' ? p() : p)
  } catch (e) {
    if (e instanceof ServiceError) return e
    throw e
  }
  throw new Error('expected a failure')
}

const asideFiles = () => readdirSync(dir).filter((f) => f.startsWith('profiles.json.corrupt-'))

/** A real error as fs would throw it (the message names profiles.json, as Node's do). */
const fsError = (code: string) =>
  Object.assign(new Error(`${code}: operation not permitted, open '${file}'`), { code, path: file })

describe('a damaged profile file', () => {
  it('is kept aside with a notice that the next app start shows once', async () => {
    const original = '{"profiles": [ {"id": "a", "name": "Prod", "host": "srv", "po'
    writeFileSync(file, original)
    // e.g. the CLI finds it: it keeps it aside and tells
    const first = service()
    expect(first.findByName('Prod')).toBeUndefined()
    const aside = first.keptAsideFiles[0]!
    expect(aside).toMatchObject({ file, why: 'it is not valid JSON' })
    expect(readFileSync(aside.movedTo, 'utf8')).toBe(original)

    // the app started afterwards shows where it went
    const app = await service().state()
    expect(app.notices).toEqual([{ kind: 'corrupt-file-moved', movedTo: aside.movedTo }])
    expect(app.profiles).toEqual([])
    // shown once: the start after that has nothing to say
    expect((await service().state()).notices).toEqual([])
    expect(asideFiles()).toHaveLength(1)
  })

  it.each([
    ['a JSON list', '[{"id":"a","name":"Prod","host":"srv","port":1545}]'],
    ['null', 'null'],
    ['a number', '42'],
    ['"profiles" that is not a list', '{"profiles": {"id": "a"}}'],
    ['an empty file', ''],
  ])('holding %s is kept aside before anything is written', async (_what, text) => {
    writeFileSync(file, text)
    const profiles = service()
    await profiles.save(profileInput({ name: 'New' }))
    const aside = asideFiles()
    expect(aside).toHaveLength(1)
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe(text)
    expect(
      service()
        .list()
        .map((p) => p.name),
    ).toEqual(['New'])
    expect((await service().state()).notices).toEqual([{ kind: 'corrupt-file-moved', movedTo: join(dir, aside[0]!) }])
  })

  it('damaged while the app runs: the change is refused, the file kept aside, then work goes on', async () => {
    const profiles = service()
    await profiles.save(profileInput({ name: 'A' }))
    writeFileSync(file, '[]')
    const e = await failure(profiles.save(profileInput({ name: 'B' })))
    expect(e.code).toBe('STORE')
    expect(e.message).toContain('moved to')
    expect(asideFiles()).toHaveLength(1)
    await profiles.save(profileInput({ name: 'B' }))
    expect(profiles.list().map((p) => p.name)).toEqual(['B'])
  })

  it('found damaged by a read while the app runs: kept aside, an empty list, the app told at once', async () => {
    const profiles = service()
    await profiles.save(profileInput({ name: 'A' }))
    expect((await profiles.state()).notices).toEqual([])
    writeFileSync(file, 'null')
    expect(profiles.list()).toEqual([])
    const [aside] = asideFiles()
    expect(readFileSync(join(dir, aside!), 'utf8')).toBe('null')
    expect((await profiles.state()).notices).toEqual([{ kind: 'corrupt-file-moved', movedTo: join(dir, aside!) }])
  })
})

describe('an unreadable profile file is never moved or rewritten', () => {
  it('a folder where the file should be: STORE naming the path, nothing touched', async () => {
    mkdirSync(file)
    writeFileSync(join(file, 'inside'), 'keep me')
    const profiles = service()
    const listed = await failure(profiles.state())
    expect(listed.code).toBe('STORE')
    expect(listed.message).toContain(file)
    expect(listed.message).toContain('EISDIR')
    expect((await failure(profiles.save(profileInput()))).code).toBe('STORE')
    expect(statSync(file).isDirectory()).toBe(true)
    expect(readFileSync(join(file, 'inside'), 'utf8')).toBe('keep me')
    expect(asideFiles()).toEqual([])
  })

  it.each(['EACCES', 'EPERM', 'EBUSY'])('%s (as fs reports it): STORE, the file untouched', async (code) => {
    const content = JSON.stringify({ profiles: [{ id: 'a', name: 'Prod', host: 'srv', port: 1545 }] })
    writeFileSync(file, content)
    const real = openConfStore(dir)
    // The OS refuses the file: both our read and conf's read of it fail.
    const denied: OpenProfileStore = Object.assign(
      () => {
        throw fsError(code)
      },
      {
        path: real.path,
        readText: () => {
          throw fsError(code)
        },
      },
    )
    const profiles = service(denied)
    const e = await failure(profiles.state())
    expect(e.code).toBe('STORE')
    expect(e.message).toContain(file)
    expect(e.message).toContain(code)
    expect(await failure(() => profiles.list())).toMatchObject({ code: 'STORE' })
    expect((await failure(profiles.save(profileInput()))).code).toBe('STORE')
    expect(readFileSync(file, 'utf8')).toBe(content)
    expect(asideFiles()).toEqual([])
    expect(
      service()
        .list()
        .map((p) => p.name),
    ).toEqual(['Prod'])
  })

  it('a short sharing violation is retried and the read succeeds', async () => {
    await service().save(profileInput({ name: 'Prod' }))
    const real = openConfStore(dir)
    let busy = 2
    const flaky: OpenProfileStore = Object.assign(() => real(), {
      path: real.path,
      readText: () => {
        if (busy-- > 0) throw fsError('EBUSY')
        return readFileSync(file, 'utf8')
      },
    })
    expect(
      service(flaky)
        .list()
        .map((p) => p.name),
    ).toEqual(['Prod'])
  })
})

describe('several processes saving at once', () => {
  it('lose no update: every save that returned ok is in the file', async () => {
    const writers = 3
    const each = 20
    const children = Array.from({ length: writers }, (_, w) =>
      spawn(
        process.execPath,
        ['--import', 'tsx', 'test/main/services/fixtures/save-profiles.ts', dir, `w${w}`, String(each)],
        { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
      ),
    )
    const out = children.map(() => '')
    const err = children.map(() => '')
    children.forEach((c, i) => {
      c.stdout.on('data', (d: Buffer) => (out[i] += d.toString()))
      c.stderr.on('data', (d: Buffer) => (err[i] += d.toString()))
    })
    const exited = children.map((c) => new Promise<number | null>((resolve) => c.once('exit', resolve)))
    // Start together once every writer has loaded, so the saves really overlap.
    await Promise.all(
      children.map(
        (c, i) => new Promise<void>((resolve) => c.stdout.on('data', () => out[i]!.includes('ready\n') && resolve())),
      ),
    )
    for (const c of children) c.stdin.end('go\n')
    expect(await Promise.all(exited), err.join('\n')).toEqual(children.map(() => 0))
    const runs = out.map((o) => JSON.parse(o.slice(o.indexOf('ready\n') + 6)) as { saved: string[]; failed: string[] })
    const saved = runs.flatMap((r) => r.saved)
    const onDisk = service().list()
    const names = new Set(onDisk.map((p) => p.name))
    expect(saved.filter((name) => !names.has(name))).toEqual([]) // 0 lost
    expect(runs.flatMap((r) => r.failed)).toEqual([])
    expect(onDisk).toHaveLength(writers * each)
    // the edits landed too, on the profile they were made to
    expect(onDisk.filter((p) => p.group === 'edited')).toHaveLength((writers * each) / 2)
    expect(asideFiles()).toEqual([])
    expect(readdirSync(dir).filter((f) => f.endsWith('.lock'))).toEqual([])
  }, 90_000)
})

describe('unsafe characters in names, groups and hosts', () => {
  const bad = [
    ['name', 'Prod\u0000'],
    ['name', '\u001b[31mProd'],
    ['name', 'Prod\u009b'],
    ['group', 'Москва\u202e'],
    ['host', 'srv\u2066'],
    ['host', 'srv\u001b'],
  ] as const

  it('the api refuses them with INVALID_ARGUMENT naming the field', async () => {
    const services = createServices({
      openStore: openConfStore(dir),
      secretBox: fakeSecretBox(),
      auditFile: join(dir, 'audit.jsonl'),
    })
    try {
      const api = createApi(services, () => undefined)
      for (const [field, value] of bad) {
        const r = await api.saveProfile(profileInput({ [field]: value }))
        expect(r, `${field} ${JSON.stringify(value)}`).toMatchObject({
          ok: false,
          error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(new RegExp(`${field}: contains`)) },
        })
      }
      expect(services.profiles.list()).toEqual([])
    } finally {
      await services.dispose()
    }
  })

  it('the service refuses them too', async () => {
    for (const [field, value] of bad) {
      expect((await failure(service().save(profileInput({ [field]: value })))).code).toBe('INVALID_ARGUMENT')
    }
    expect(service().list()).toEqual([])
  })

  it('an import lists them as unreadable entries and adds the rest', async () => {
    const doc = JSON.stringify({
      profiles: [
        { name: 'Fine', host: 'srv' },
        ...bad.map(([field, value]) => ({ name: 'X', host: 'h', group: '', [field]: value })),
      ],
    })
    const profiles = service()
    const preview = profiles.importProfiles(doc)
    expect(preview.added.map((p) => p.name)).toEqual(['Fine'])
    expect(preview.invalid).toHaveLength(bad.length)
    expect(preview.invalid[0]).toBe('#2: name contains a control character (U+0000); remove it')
    expect(preview.invalid[3]).toBe('#5: group contains a bidirectional override character (U+202E); remove it')
    expect(profiles.list().map((p) => p.name)).toEqual(['Fine'])
  })
})

describe('reads while the file stays the same', () => {
  it('another writer’s change is seen at the next read, whether it replaces the file or rewrites it in place to the same size', async () => {
    const app = service()
    const cli = service()
    const a = await app.save(profileInput({ name: 'Prod-1' }))
    expect(app.findByName('Prod-1')?.id).toBe(a.id)
    // Read again, unchanged: the same answer, and a copy the caller may change freely.
    const got = (await app.state()).profiles
    got[0]!.name = 'scribbled'
    expect((await app.state()).profiles[0]!.name).toBe('Prod-1')

    await cli.save(profileInput({ name: 'Test-2' })) // replaces the file (conf writes atomically)
    expect(app.findByName('Test-2')).toBeDefined()

    // In place, the same size, within the same second: a renamed profile and other watch rules.
    const before = readFileSync(file, 'utf8')
    const doc = JSON.parse(before) as { profiles: Array<{ name: string }>; watch?: unknown }
    doc.profiles.find((p) => p.name === 'Prod-1')!.name = 'Prod-9'
    const after = JSON.stringify(doc, null, '\t')
    expect(after.length).toBe(before.length)
    writeFileSync(file, after)
    expect(app.findByName('Prod-9')).toBeDefined()
    expect(app.findByName('Prod-1')).toBeUndefined()
  })

  it('a profile asked for by id is a copy of that one profile: changing it changes nothing kept', async () => {
    const saved = await service().save(profileInput({ name: 'Prod-1' }))
    const stored = new StoredProfiles(
      openConfStore(dir),
      { now: () => 0 },
      () => undefined,
      () => undefined,
    )
    const got = stored.find(saved.id)
    got.name = 'scribbled'
    got.watch.pins.push({ kind: 'user', userName: 'x' } as never)
    expect(stored.get(saved.id)).toMatchObject({ name: 'Prod-1', watch: { pins: [] } })
    expect(stored.read()[0]!.name).toBe('Prod-1')
    expect(stored.get('no-such-id')).toBeUndefined()
  })
})

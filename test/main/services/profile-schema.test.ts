/**
 * The one profile schema (src-shared/profile-schema.ts) at work on real files: an older file
 * migrates to today's fields, a file of the wrong shape is kept aside naming what is wrong, import
 * entries it cannot use are reported with the reason, and what the service hands out is a DTO.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { profileDtoSchema } from '../../../src-shared/profile-schema'
import { openConfStore } from '../../../src-main/services/conf-store'
import { ServiceError } from '../../../src-main/services/errors'
import { ProfileService } from '../../../src-main/services/profiles'
import { fakeSecretBox, profileInput, tempDirEachTest } from './support'

let dir: string
let file: string
tempDirEachTest((d) => {
  dir = d
  file = join(d, 'profiles.json')
})

const service = () => new ProfileService({ openStore: openConfStore(dir), secretBox: fakeSecretBox() })
const onDisk = () => JSON.parse(readFileSync(file, 'utf8')) as { profiles: Array<Record<string, unknown>> }
const IB = '717bdda7-2f60-4577-b262-f1fc8c0e472c'
/** What a migrated profile's unknown or missing choices fall back to. */
const DEFAULT_CHOICES = { label: 'none', refreshInterval: 0, protection: 'normal' } as const
/** The older file's profile "a" after migration, in the DTO and on disk alike. */
const OLD_A = {
  id: 'a',
  name: 'Old',
  group: '',
  host: 'srv',
  port: 1541,
  clusterUser: '',
  askClusterPassword: false,
  infobaseCredentials: [],
  ...DEFAULT_CHOICES,
  demo: false,
  recordHistory: false,
  watch: { rules: {}, pins: [] },
}

describe('a stored file', () => {
  it('written by an older app migrates: missing fields get defaults, unknown choices fall back, bad credentials drop', async () => {
    writeFileSync(
      file,
      JSON.stringify({
        profiles: [
          { id: 'a', name: 'Old', host: 'srv', port: 1541 },
          {
            id: 'b',
            name: 'From a newer app',
            host: 'h',
            port: 1545,
            label: 'critical',
            refreshInterval: 15,
            protection: 'paranoid',
            infobaseCredentials: [{ infobase: IB, user: 'u', passwordSealed: 5 }, 'junk', { user: 'no infobase' }],
            futureField: { x: 1 },
          },
        ],
      }),
    )
    const profiles = service()
    const state = await profiles.state()
    expect(state.notices).toEqual([])
    expect(state.profiles).toEqual([
      { ...OLD_A, hasClusterPassword: false },
      expect.objectContaining({
        id: 'b',
        ...DEFAULT_CHOICES,
        infobaseCredentials: [{ infobase: IB, user: 'u', hasPassword: false }],
      }),
    ])
    for (const dto of state.profiles) expect(profileDtoSchema.safeParse(dto).success).toBe(true)
    expect(readdirSync(dir).filter((f) => f.includes('corrupt'))).toEqual([])

    // the next write stores every profile in today's layout, nothing unknown carried along
    await profiles.save(profileInput({ name: 'New' }))
    const written = onDisk().profiles
    expect(written[0]).toEqual({ ...OLD_A, clusterPasswordSealed: null })
    expect(written[1]).not.toHaveProperty('futureField')
    expect(written[1]!.infobaseCredentials).toEqual([{ infobase: IB, user: 'u', passwordSealed: null }])
  })

  it('without "record history" (before 1.1.0): on for the demo profile only; the choice is saved and kept', async () => {
    writeFileSync(
      file,
      JSON.stringify({
        profiles: [
          { id: 'a', name: 'Old', host: 'srv', port: 1541 },
          { id: 'd', name: 'Demo', host: '127.0.0.1', port: 40000, demo: true },
        ],
        __internal__: { migrations: { version: '1.0.0' } },
      }),
    )
    const profiles = service()
    const state = await profiles.state()
    expect(state.profiles.map((p) => [p.id, p.recordHistory])).toEqual([
      ['a', false],
      ['d', true],
    ])
    const on = await profiles.save({
      ...profileInput({ name: 'Old', host: 'srv', port: 1541 }),
      id: 'a',
      recordHistory: true,
    })
    expect(on.recordHistory).toBe(true)
    // Left out of the input: the stored choice stays.
    const kept = await profiles.save({ ...profileInput({ name: 'Old 2', host: 'srv', port: 1541 }), id: 'a' })
    expect(kept.recordHistory).toBe(true)
    expect(onDisk().profiles.map((p) => p.recordHistory)).toEqual([true, true])
    expect(JSON.parse(readFileSync(file, 'utf8')).__internal__.migrations.version).toBe('1.1.0')
  })

  it.each([
    [{ profiles: [{ id: 'a', name: 'P', host: 'srv', port: '1545' }] }, 'profiles[0].port is not 1–65535'],
    [{ profiles: [{ id: 'a', name: 'P', port: 1545 }] }, 'profiles[0].host is missing'],
    [
      { profiles: [{ id: 'a', name: 'P', host: 'srv', port: 1545, askClusterPassword: 'yes' }] },
      'is not true or false',
    ],
    [{ profiles: [{ id: 'a', name: 'P', host: 'srv', port: 1545, infobaseCredentials: {} }] }, 'is not a list'],
    [{ profiles: [{ id: 'a', name: 'P', host: 'srv', port: 1545, label: 3 }] }, 'profiles[0].label is not text'],
    [{ profiles: null }, 'profiles is not a list'],
  ])('of the wrong shape (%j) is kept aside, saying what is wrong', async (doc, why) => {
    writeFileSync(file, JSON.stringify(doc))
    const profiles = service()
    expect(profiles.list()).toEqual([])
    expect(profiles.keptAsideFiles).toHaveLength(1)
    expect(profiles.keptAsideFiles[0]!.why).toContain(why)
    expect(readFileSync(profiles.keptAsideFiles[0]!.movedTo, 'utf8')).toBe(JSON.stringify(doc))
  })
})

describe('an import file', () => {
  it('entries the schema cannot use are listed unreadable with the reason; absent or null fields take defaults', () => {
    const doc = {
      profiles: [
        { host: 'srv' },
        { name: 5, host: 'srv' },
        { name: 'At', host: 'admin@srv' },
        { name: 'Port', host: 'srv', port: '1545' },
        { name: 'Label', host: 'srv', label: 'red' },
        { name: 'Refresh', host: 'srv', refreshInterval: 7 },
        { name: 'Protection', host: 'srv', protection: 'none' },
        { name: 'Group', host: 'srv', group: 'g'.repeat(201) },
        {
          name: 'Fine',
          host: ' srv-1c ',
          group: null,
          clusterUser: ' admin ',
          port: 1541,
          label: null,
          askClusterPassword: 'yes',
          infobaseUsers: [
            { infobase: IB.toUpperCase(), user: 'ib', password: 'leaked?' },
            { infobase: 'nope', user: 'x' },
          ],
        },
      ],
    }
    const profiles = service()
    const preview = profiles.importProfiles(JSON.stringify(doc))
    expect(preview.invalid).toEqual([
      '#1: name is missing',
      '#2: name is not text',
      '#3: host is not a host name or IP address',
      '#4: port is not 1–65535',
      '#5: label must be one of none, prod, test, dev',
      '#6: refreshInterval must be one of 0, 5, 10, 30, 60',
      '#7: protection must be one of normal, protected, read-only',
      '#8: group is longer than 200 characters',
    ])
    expect(preview.added).toEqual([{ name: 'Fine', group: '', host: 'srv-1c', port: 1541 }])
    const [fine] = profiles.list()
    expect(fine).toMatchObject({
      clusterUser: 'admin',
      askClusterPassword: false,
      ...DEFAULT_CHOICES,
      hasClusterPassword: false,
      infobaseCredentials: [{ infobase: IB, user: 'ib', hasPassword: false }],
    })
    expect(readFileSync(file, 'utf8')).not.toContain('leaked?')
  })
})

describe('saving', () => {
  it('the service checks its input with the same schema as the API, whoever calls it', async () => {
    for (const over of [{ host: 'two words' }, { port: 0 }, { name: '   ' }, { refreshInterval: 7 }]) {
      const e = await service()
        .save(profileInput(over))
        .catch((x: unknown) => x)
      expect(e, JSON.stringify(over)).toBeInstanceOf(ServiceError)
      expect((e as ServiceError).code).toBe('INVALID_ARGUMENT')
    }
    const saved = await service().save(profileInput({ name: '  Склад  ', host: ' srv-1c ' }))
    expect(saved).toMatchObject({ name: 'Склад', host: 'srv-1c' })
    expect(service().list()).toHaveLength(1)
  })
})

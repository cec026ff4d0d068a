import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_METHODS, type ApiMethod, type ClusterApi, type Result } from '../../src-shared/contract'
import { DEFAULT_WATCH_RULES } from '../../src-shared/watch-rules'
import { createApi } from '../../src-main/api'
import { RasError, type RasErrorKind } from '../../src-main/ras/errors'
import { createServices, openConfStore, toApiError, type Services } from '../../src-main/services'
import { ServiceError } from '../../src-main/services/errors'
import { SecretUnavailableError } from '../../src-main/services/ports'
import { fakeSecretBox, profileInput, tempDir } from './services/support'

const P = '6f1c8a52-0d1e-4c1b-9a35-2b7c3f0e9a11'
const C = 'a1b2c3d4-e5f6-4789-8abc-def012345678'
const I = '717bdda7-2f60-4577-b262-f1fc8c0e472c'
const S = 'bc9e8fae-32f1-4e90-94cc-4312e65cc07d'
const long = (n: number) => 'x'.repeat(n)
const lock = { message: 'обновление', permissionCode: 'КОД', from: null, to: null, scheduledJobsDeny: false }
const creds = { user: 'Администратор', password: 'p', remember: false }
const terminateAll = { includeService: false, message: '' }
const period = { from: 0, to: 3_600_000 }
const settings = { rawHours: 48, aggregateDays: 90, totalsDays: 365, maxMegabytes: 1024, everySeconds: 60 }

/** For every method: argument lists that must be refused with INVALID_ARGUMENT. */
const BAD: Record<ApiMethod, unknown[][]> = {
  listProfiles: [['extra']],
  watchState: [['extra']],
  watchSettings: [['extra']],
  setWatchRules: [['rules'], [{ ...DEFAULT_WATCH_RULES, longCallSeconds: -1 }], [{ ...DEFAULT_WATCH_RULES, extra: 1 }]],
  setProfileWatch: [
    [P],
    [P, { rules: {} }],
    [P, { rules: { nope: 1 }, pins: [] }],
    [P, { rules: {}, pins: [{ userName: '' }] }],
    [P, { rules: {}, pins: [{ session: 'a', userName: 'b' }] }],
  ],
  saveProfile: [
    [],
    [null],
    ['profile'],
    [{ ...profileInput(), extra: 1 }],
    [{ ...profileInput(), port: 0 }],
    [{ ...profileInput(), port: 65536 }],
    [{ ...profileInput(), port: 15.5 }],
    [{ ...profileInput(), port: '1545' }],
    [{ ...profileInput(), name: '' }],
    [{ ...profileInput(), name: '   ' }],
    [{ ...profileInput(), name: long(201) }],
    [{ ...profileInput(), host: '' }],
    [{ ...profileInput(), host: 'two words' }],
    [{ ...profileInput(), host: long(256) }],
    [{ ...profileInput(), clusterPassword: long(1025) }],
    [{ ...profileInput(), clusterPassword: 5 }],
    [{ ...profileInput(), label: 'red' }],
    [{ ...profileInput(), refreshInterval: 7 }],
    [{ ...profileInput(), protection: 'none' }],
    [{ ...profileInput(), askClusterPassword: 'yes' }],
    [{ ...profileInput(), id: 5 }],
    [{ ...profileInput(), id: long(65) }],
    [profileInput(), 'extra'],
  ],
  deleteProfile: [[], [5], [''], [long(65)], [P, P]],
  duplicateProfile: [[], [null], [{}]],
  testProfile: [[], [{ ...profileInput(), host: undefined }], [{ ...profileInput(), __proto__x: 1 }]],
  exportProfiles: [[1]],
  previewImport: [[], [5], [long(5 * 1024 * 1024 + 1)]],
  importProfiles: [[], [{}], [long(5 * 1024 * 1024 + 1)]],
  previewImportFrom1C: [[], [5], ['not base64!'], [long(1_398_105)], ['', [0]], ['', [1.5]], ['', 'x']],
  importFrom1C: [[], [{}], ['', [70000]], ['', [], 'extra']],
  findOneCFiles: [['x']],
  previewImportFrom1CFound: [[], [5], [''], [long(4097)], ['C:/x', [0]]],
  importFrom1CFound: [[], [{}], ['C:/x', [70000]], ['C:/x', [], 'extra']],
  createDemoProfile: [[true]],
  unlockProfile: [[P], [P, 5], [P, long(1025)], [5, 'x']],
  connect: [[], [5]],
  listInfobases: [[P], [P, 'not-a-uuid'], [P, C.replace(/-/g, '')], [P, `${C}x`], [P, C, 'extra']],
  listSessions: [[P], [P, 'nope'], [P, C, 'nope'], [P, C, 5], [P, C, I, 'extra']],
  getSession: [
    [P, C],
    [P, C, 'nope'],
    [P, C, `{${S}}`],
  ],
  terminateSessions: [
    [P, C, [S]],
    [P, C, [], ''],
    [P, C, S, ''],
    [P, C, ['nope'], ''],
    [P, C, [S], long(1025)],
    [P, C, [S], null],
    [P, C, [S], '', 'not-an-operation-id'],
    [P, C, [S], '', S, 'extra'],
  ],
  terminateAllSessions: [
    [P, C],
    [P, C, {}],
    [P, C, { ...terminateAll, extra: true }],
    [P, C, { ...terminateAll, infobase: 'nope' }],
    [P, C, { ...terminateAll, includeService: 'no' }],
    [P, C, { ...terminateAll, message: long(1025) }],
    [P, C, terminateAll, 42],
    [P, C, terminateAll, S, 'extra'],
  ],
  interruptCurrentCall: [
    [P, C, S],
    [P, C, 'nope', ''],
    [P, C, S, 5],
  ],
  getInfobaseLock: [
    [P, C],
    [P, C, 'nope'],
    [P, C, I, { user: 'u' }],
    [P, C, I, { ...creds, extra: 1 }],
    [P, C, I, { ...creds, password: long(1025) }],
    [P, C, I, { ...creds, remember: 'yes' }],
  ],
  setInfobaseLock: [
    [P, C, I],
    [P, C, I, {}],
    [P, C, I, { ...lock, extra: 1 }],
    [P, C, I, { ...lock, from: 'now' }],
    [P, C, I, { ...lock, from: 1.5 }],
    [P, C, I, { ...lock, to: 1e20 }],
    [P, C, I, { ...lock, message: long(1025) }],
    [P, C, I, { ...lock, scheduledJobsDeny: 1 }],
    [P, C, I, lock, { user: 'u', password: 'p' }],
  ],
  clearInfobaseLock: [
    [P, C],
    [P, C, 'nope'],
    [P, C, I, { ...creds, remember: undefined }],
  ],
  readAuditLog: [[], [0], [-1], [1.5], [10_001], ['10']],
  setUiLanguage: [[], [''], ['de'], ['RU'], [1], ['ru', 'en']],
  getSessionSurroundings: [
    [P, C],
    [P, C, 'nope'],
    [P, 'nope', S],
    [P, C, S, 'extra'],
  ],
  listSessionsOn: [
    [P, C],
    [P, C, {}],
    [P, C, { process: 'nope' }],
    [P, C, { process: S, connection: S }],
    [P, C, { session: S }],
    [P, C, { process: S }, 'extra'],
  ],
  getClusterMachinery: [[P], [P, 'nope'], [P, C, 'extra']],
  getClusterLicenses: [[P], [5, C], [P, C, 'extra']],
  getFleetLicenses: [[P]],
  getBlockingChains: [[P], [P, 5], [P, C, 'extra']],
  historyStatus: [['x']],
  setHistorySettings: [
    [],
    [{ ...settings, rawHours: 0 }],
    [{ ...settings, everySeconds: 5 }],
    [{ ...settings, maxMegabytes: 1.5 }],
    [{ ...settings, extra: 1 }],
    [{ ...settings, totalsDays: 30, aggregateDays: 90 }],
  ],
  historyTimeline: [
    [P, C],
    [P, 'nope', period],
    [P, C, { from: 2, to: 1 }],
    [P, C, { ...period, extra: 1 }],
    [P, C, { from: 0, to: 1e20 }],
  ],
  historyTop: [
    [P, C, period],
    [P, C, { ...period, by: 'disk' }],
    [P, C, { ...period, by: 'cpu', limit: 0 }],
    [P, C, { ...period, by: 'cpu', limit: 101 }],
  ],
  historyUser: [
    [P, C, 'u'],
    [P, C, 5, period],
    [P, C, long(1025), period],
    [P, C, 'u', period, 'extra'],
  ],
  historyTrends: [
    [P, C],
    [P, C, ['nope']],
    [P, C, Array.from({ length: 201 }, () => S)],
    [P, C, S],
  ],
}

let services: Services
let api: ClusterApi
let remove: () => Promise<void>
const events: unknown[] = []

beforeAll(async () => {
  const tmp = await tempDir()
  remove = tmp.remove
  services = createServices({
    openStore: openConfStore(tmp.dir),
    secretBox: fakeSecretBox(),
    auditFile: `${tmp.dir}/audit.jsonl`,
    pool: { connectTimeoutMs: 1000 },
  })
  api = createApi(services, (e) => events.push(e))
})
afterAll(async () => {
  await services.dispose()
  await remove()
})

const call = (method: ApiMethod, args: unknown[]) =>
  (api[method] as (...a: unknown[]) => Promise<Result<unknown>>)(...args)

describe('createApi validation', () => {
  it('has bad-argument cases for every method of the contract', () => {
    expect(Object.keys(BAD).sort()).toEqual([...API_METHODS].sort())
    expect(Object.keys(api).sort()).toEqual([...API_METHODS].sort())
  })

  for (const method of API_METHODS) {
    it(`${method}: refuses bad arguments with INVALID_ARGUMENT`, async () => {
      for (const args of BAD[method]) {
        const r = await call(method, args)
        expect(r, `${method}(${JSON.stringify(args).slice(0, 120)})`).toMatchObject({
          ok: false,
          error: { code: 'INVALID_ARGUMENT' },
        })
        if (!r.ok) {
          expect(r.error.message).toContain(method)
          expect(r.error.message.length).toBeLessThan(600)
        }
      }
    })
  }

  it('refuses a bad host, port or UUID with INVALID_ARGUMENT naming the shared rule', async () => {
    const cases: Array<[ApiMethod, unknown[], string]> = [
      ['saveProfile', [{ ...profileInput(), host: 'admin@srv' }], 'host: is not a host name or IP address'],
      ['testProfile', [{ ...profileInput(), host: 'srv\u001b' }], 'host: contains a control character (U+001B)'],
      ['saveProfile', [{ ...profileInput(), port: 70000 }], 'port: is not 1–65535'],
      ['testProfile', [{ ...profileInput(), port: '1545' }], 'port: is not 1–65535'],
      ['listInfobases', [P, 'a1b2c3d4-e5f6-4789-8abc-def01234567'], 'expected a UUID'],
      ['getSession', [P, C, `${S} `], 'expected a UUID'],
    ]
    for (const [method, args, why] of cases) {
      expect(await call(method, args), `${method} ${why}`).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining(why) },
      })
    }
    expect(await api.listProfiles()).toMatchObject({ ok: true, value: { profiles: [] } }) // nothing was saved
  })

  it('never echoes a refused password back', async () => {
    const r = await call('saveProfile', [{ ...profileInput(), clusterPassword: 'Секрет'.repeat(200) }])
    expect(r.ok).toBe(false)
    expect(JSON.stringify(r)).not.toContain('Секрет')
  })
})

describe('createApi results', () => {
  it('round-trips profiles and maps service errors', async () => {
    const saved = await api.saveProfile(profileInput({ port: 1 }))
    expect(saved.ok).toBe(true)
    if (!saved.ok) return
    expect(JSON.stringify(saved)).not.toContain('s3cret')
    const list = await api.listProfiles()
    expect(list.ok && list.value.profiles.map((p) => p.id)).toEqual([saved.value.id])
    expect(await api.deleteProfile(P)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', subject: 'profile' } })
    expect(await api.connect(P)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', subject: 'profile' } })
    // nothing listens on port 1: NETWORK, as a Result
    const r = await api.connect(saved.value.id)
    expect(r).toMatchObject({ ok: false, error: { code: 'NETWORK' } })
    expect(await api.createDemoProfile()).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(await api.readAuditLog(10)).toEqual({ ok: true, value: [] })
    expect(await api.deleteProfile(saved.value.id)).toEqual({ ok: true, value: null })
  })

  it('turns unexpected exceptions into INTERNAL without details', async () => {
    const lines: string[] = []
    const broken = {
      ...services,
      profiles: {
        state: () => Promise.reject(new TypeError('boom with password=hunter2')),
      },
    } as unknown as Services
    const r = await createApi(
      broken,
      () => undefined,
      (l) => lines.push(l),
    ).listProfiles()
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error in ClusterDesk' } })
    expect(lines.join('\n')).toContain('listProfiles')
  })
})

describe('toApiError', () => {
  const cases: Array<[RasErrorKind, string]> = [
    ['network', 'NETWORK'],
    ['timeout', 'TIMEOUT'],
    ['protocol', 'PROTOCOL'],
    ['auth', 'AUTH'],
    ['not-found', 'NOT_FOUND'],
    ['rights', 'RIGHTS'],
    ['unsupported-version', 'UNSUPPORTED_VERSION'],
    ['server', 'SERVER'],
  ]
  it.each(cases)('RasError %s → %s, keeping the server text verbatim', (kind, code) => {
    const text = 'Ошибка операции администрирования\nАдминистратор кластера не аутентифицирован'
    const e = new RasError(kind, 'msg', {
      serverMessage: text,
      serverClass: 'v8.service.Admin.Cluster#Failure',
      notFound: kind === 'not-found' ? 'session' : undefined,
    })
    const api = toApiError(e)
    expect(api.code).toBe(code)
    expect(api.serverMessage).toBe(text)
    expect(api.serverClass).toBe('v8.service.Admin.Cluster#Failure')
    if (kind === 'not-found') expect(api.subject).toBe('session')
  })

  it('maps service errors and secret errors; hides unknown ones', () => {
    expect(toApiError(new ServiceError('READ_ONLY', 'ro'))).toEqual({ code: 'READ_ONLY', message: 'ro' })
    expect(toApiError(new SecretUnavailableError()).code).toBe('SECRET_UNAVAILABLE')
    expect(toApiError(new Error('password=x'))).toEqual({ code: 'INTERNAL', message: 'internal error in ClusterDesk' })
    expect(toApiError('str').code).toBe('INTERNAL')
  })
})

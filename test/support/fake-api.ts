/**
 * A deterministic in-memory RendererApi for component/store tests and the in-page grid benchmark.
 * DOM-safe and Node-free: no imports beyond the contract and the pure session-table helpers.
 *
 *   const api = createFakeApi({ sessions: 10_000, seed: 7 })
 *   vi.stubGlobal('api', api)        // or: window.api = api in a page
 *   api.control.fail('listSessions', { code: 'NETWORK', message: 'refused' })
 */
import type {
  ApiError,
  ApiEvent,
  ClusterDto,
  ConnectionInfo,
  ImportPreview,
  InfobaseCredentials,
  InfobaseDto,
  LicenseDto,
  LockInput,
  LockPhase,
  LockState,
  ProfileDto,
  ProfileInput,
  RendererApi,
  Result,
  SessionRow,
  ServerTime,
  StoreNotice,
  TerminateReport,
  TerminateResult,
  UiLanguage,
} from '../../src-shared/contract'
import { tableFromRows } from '../../src-shared/session-table'

export interface FakeApiOptions {
  seed?: number
  /** Sessions in the first cluster of every profile. Default 250. */
  sessions?: number
  /** Start with no profiles (first-start experience). */
  empty?: boolean
  /** Milliseconds every call waits (setTimeout). Default 0: resolves on the next microtask. */
  latencyMs?: number
  notices?: StoreNotice[]
  /**
   * Server wall clock "now" as a ServerTime (default 2026-11-25 10:00:00). It stands still: lock
   * phases and LockState.serverNow are computed on it, never on Date.now().
   */
  serverNow?: number
}

export interface FakeControl {
  /** Every call, in order: method name and arguments. */
  calls: Array<{ method: string; args: unknown[] }>
  /** Calls running right now / the most ever running at once. */
  inFlight: number
  maxInFlight: number
  /** Per method: calls running now / the most ever running at once. */
  inFlightBy: Record<string, number>
  maxInFlightBy: Record<string, number>
  latencyMs: number
  /** The next call of `method` fails with `error` (once, or `times`). */
  fail(method: keyof RendererApi, error: ApiError, times?: number): void
  /** Replace a cluster's sessions by a freshly generated set of `count`. */
  setSessionCount(count: number, profileId?: string): void
  /** Remove `gone` sessions and add `added` new ones (for the "new / vanished" marks). */
  churn(added: number, gone: number, profileId?: string): void
  sessions(profileId?: string, clusterId?: string): SessionRow[]
  emit(event: ApiEvent): void
  /** Infobase admin accepted by the lock calls of infobases that require credentials. */
  readonly infobaseAdmin: { user: string; password: string }
  /** Password of "ask every time" profiles. */
  readonly askPassword: string
  /** The last language reported by setUiLanguage (not recorded in `calls`: it fires on every switch). */
  uiLanguage: UiLanguage | null
}

export type FakeApi = RendererApi & { control: FakeControl }

// --- deterministic randomness ------------------------------------------------------------------

function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function uuidFrom(rnd: () => number): string {
  const hex = () => Math.floor(rnd() * 16).toString(16)
  const part = (n: number) => Array.from({ length: n }, hex).join('')
  return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`
}

const SURNAMES = [
  'Иванов',
  'Петрова',
  'Сидоров',
  'Кузнецова',
  'Смирнов',
  'Попова',
  'Волков',
  'Соколова',
  'Лебедев',
  'Козлова',
  'Новиков',
  'Морозова',
  'Фёдоров',
  'Алексеева',
  'Ёлкин',
  'Orlov',
  'Smith',
  'Baker',
]
const INITIALS = ['А.А.', 'И.П.', 'С.В.', 'Е.Н.', 'О.Ю.', 'Д.М.', 'Т.К.', 'Л.Р.']
const INFOBASES: Array<[string, string]> = [
  ['buh_prod', 'Бухгалтерия предприятия 3.0'],
  ['zup_prod', 'Зарплата и управление персоналом'],
  ['erp', 'ERP Управление предприятием 2'],
  ['ut11', 'Управление торговлей 11'],
  ['do', 'Документооборот'],
  ['buh_copy', 'Копия бухгалтерии для тестов'],
  ['retail', 'Розница 3.0'],
  ['hr_archive', 'Архив кадров'],
]
const APP_IDS: Array<[string, number]> = [
  ['1CV8C', 62],
  ['WebClient', 10],
  ['1CV8', 6],
  ['BackgroundJob', 8],
  ['Designer', 2],
  ['COMConnection', 3],
  ['HTTPServiceConnection', 3],
  ['WSConnection', 2],
  ['ODataConnection', 1],
  ['SystemBackgroundJob', 1],
  ['SrvrConsole', 1],
  ['RAS', 1],
  ['MyCustomApp', 0.5],
]
const SERVICE_IDS = new Set([
  'BackgroundJob',
  'SystemBackgroundJob',
  'JobScheduler',
  'AgentStandardCall',
  'RAS',
  'SrvrConsole',
])
const DEFAULT_NOW = Date.UTC(2026, 10, 25, 10, 0, 0)

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!
}

function pickWeighted(rnd: () => number): string {
  const total = APP_IDS.reduce((s, [, w]) => s + w, 0)
  let x = rnd() * total
  for (const [id, w] of APP_IDS) {
    x -= w
    if (x <= 0) return id
  }
  return '1CV8C'
}

interface FakeInfobase {
  infobase: string
  name: string
  descr: string
  needsCredentials: boolean
  /** As stored on the server; phase, active and serverNow are derived when answering. */
  lock: Omit<LockState, 'phase' | 'active' | 'serverNow'>
}

/** Where a lock stands on the server's clock `now` (the real service's rule). */
function lockPhase(lock: FakeInfobase['lock'], now: number): LockPhase {
  if (!lock.sessionsDeny) return 'off'
  if (lock.deniedTo !== null && lock.deniedTo < now) return 'expired'
  if (lock.deniedFrom !== null && lock.deniedFrom > now) return 'scheduled'
  return 'active'
}

interface FakeCluster {
  dto: ClusterDto
  infobases: FakeInfobase[]
  sessions: SessionRow[]
  nextNumber: number
}

interface FakeProfile {
  dto: ProfileDto
  password: string | null
  unlocked: boolean
  mode: 'ok' | 'unreachable' | 'auth'
  clusters: FakeCluster[]
  agentVersion: string
  protocolVersion: string
}

export function createFakeApi(options: FakeApiOptions = {}): FakeApi {
  const rnd = mulberry32(options.seed ?? 1)
  const serverNow = options.serverNow ?? DEFAULT_NOW
  const listeners = new Set<(e: ApiEvent) => void>()
  const failures = new Map<string, { error: ApiError; times: number }>()
  const profiles: FakeProfile[] = []
  let idCounter = 0

  function makeSession(cluster: FakeCluster): SessionRow {
    const ib = pick(rnd, cluster.infobases)
    const appId = pickWeighted(rnd)
    const isService = SERVICE_IDS.has(appId)
    const started = serverNow - Math.floor(rnd() * 3 * 24 * 3600) * 1000
    const lastActive = Math.max(started, serverNow - Math.floor(rnd() * 3600) * 1000)
    const hibernate = !isService && rnd() < 0.12
    const ws = String(Math.floor(rnd() * 400) + 1).padStart(3, '0')
    const user = isService
      ? appId === 'BackgroundJob'
        ? pick(rnd, ['', 'РегламентныеЗадания', 'Обмен'])
        : ''
      : `${pick(rnd, SURNAMES)} ${pick(rnd, INITIALS)}`
    const busy = rnd() < 0.15
    const mb = 1024 * 1024
    return {
      session: uuidFrom(rnd),
      sessionId: cluster.nextNumber++,
      infobase: ib.infobase,
      infobaseName: ib.name,
      userName: user,
      appId,
      isService,
      host: isService ? 'srv-1c-01' : `WS-${ws}`,
      clientIp: isService ? '' : `10.20.${Math.floor(rnd() * 8)}.${Math.floor(rnd() * 250) + 2}`,
      locale: rnd() < 0.9 ? 'ru_RU' : 'en_US',
      startedAt: started,
      lastActiveAt: lastActive,
      hibernate,
      passiveSessionHibernateTime: 1200,
      hibernateSessionTerminateTime: 86400,
      blockedByDbms: rnd() < 0.02 ? Math.floor(rnd() * 500) + 1 : 0,
      blockedByLs: rnd() < 0.02 ? Math.floor(rnd() * 500) + 1 : 0,
      bytesAll: Math.floor(rnd() * 900 * mb),
      bytesLast5min: Math.floor(rnd() * 20 * mb),
      callsAll: Math.floor(rnd() * 50_000),
      callsLast5min: Math.floor(rnd() * 400),
      dbmsBytesAll: Math.floor(rnd() * 2000 * mb),
      dbmsBytesLast5min: Math.floor(rnd() * 50 * mb),
      dbProcInfo: busy ? String(Math.floor(rnd() * 9000) + 1000) : '',
      dbProcTook: busy ? Math.floor(rnd() * 30_000) : 0,
      dbProcTookAt: busy ? serverNow - Math.floor(rnd() * 30) * 1000 : null,
      durationAll: Math.floor(rnd() * 3_600_000),
      durationAllDbms: Math.floor(rnd() * 1_800_000),
      durationCurrent: busy ? Math.floor(rnd() * 120_000) : 0,
      durationCurrentDbms: busy ? Math.floor(rnd() * 60_000) : 0,
      durationLast5min: Math.floor(rnd() * 120_000),
      durationLast5minDbms: Math.floor(rnd() * 60_000),
      memoryCurrent: busy ? Math.floor(rnd() * 300 * mb) : 0,
      memoryLast5min: Math.floor(rnd() * 800 * mb),
      memoryTotal: Math.floor(rnd() * 20_000 * mb),
      readCurrent: busy ? Math.floor(rnd() * 10 * mb) : 0,
      readLast5min: Math.floor(rnd() * 50 * mb),
      readTotal: Math.floor(rnd() * 5000 * mb),
      writeCurrent: busy ? Math.floor(rnd() * 10 * mb) : 0,
      writeLast5min: Math.floor(rnd() * 50 * mb),
      writeTotal: Math.floor(rnd() * 5000 * mb),
      durationCurrentService: 0,
      durationLast5minService: Math.floor(rnd() * 5000),
      durationAllService: Math.floor(rnd() * 60_000),
      currentServiceName: busy && rnd() < 0.3 ? 'EventLogService' : '',
      cpuTimeCurrent: busy ? Math.floor(rnd() * 60_000) : 0,
      cpuTimeLast5min: Math.floor(rnd() * 90_000),
      cpuTimeTotal: Math.floor(rnd() * 7_200_000),
      dataSeparation: "''",
      connection: busy ? uuidFrom(rnd) : '00000000-0000-0000-0000-000000000000',
      process: uuidFrom(rnd),
      license: isService ? '' : rnd() < 0.5 ? 'ORGL8 Сетевой 50' : 'Программная лицензия на 100 рабочих мест',
    }
  }

  function makeCluster(name: string, port: number, sessionCount: number, ibCount: number): FakeCluster {
    const infobases: FakeInfobase[] = INFOBASES.slice(0, ibCount).map(([name, descr], i) => {
      const infobase = uuidFrom(rnd)
      return {
        infobase,
        name,
        descr,
        needsCredentials: i === 1,
        lock: {
          infobase,
          name,
          sessionsDeny: i === 5,
          deniedFrom: i === 5 ? serverNow - 3600_000 : null,
          deniedTo: null,
          deniedMessage: i === 5 ? 'Тестовая база обновляется' : '',
          permissionCode: i === 5 ? '12345' : '',
          deniedParameter: '',
          scheduledJobsDeny: i === 5,
        },
      }
    })
    const cluster: FakeCluster = {
      dto: { cluster: uuidFrom(rnd), name, host: 'srv-1c-01', port },
      infobases,
      sessions: [],
      nextNumber: 1,
    }
    for (let i = 0; i < sessionCount; i++) cluster.sessions.push(makeSession(cluster))
    return cluster
  }

  function addProfile(
    dto: Omit<ProfileDto, 'id' | 'infobaseCredentials' | 'hasClusterPassword' | 'demo'> & Partial<ProfileDto>,
    extra: Partial<FakeProfile> = {},
  ): FakeProfile {
    const full: ProfileDto = {
      id: `p${++idCounter}`,
      infobaseCredentials: [],
      hasClusterPassword: false,
      demo: false,
      ...dto,
    }
    const p: FakeProfile = {
      dto: full,
      password: null,
      unlocked: false,
      mode: 'ok',
      clusters: [makeCluster('Основной кластер', 1541, options.sessions ?? 250, 8)],
      agentVersion: '8.5.1.1150',
      protocolVersion: '16.0',
      ...extra,
    }
    profiles.push(p)
    return p
  }

  if (!options.empty) {
    const prod = addProfile({
      name: 'Бухгалтерия (прод)',
      group: 'Производство',
      host: 'srv-1c-01',
      port: 1545,
      clusterUser: 'admin',
      hasClusterPassword: true,
      askClusterPassword: false,
      label: 'prod',
      refreshInterval: 0,
      protection: 'protected',
    })
    prod.clusters.push(makeCluster('Резервный кластер', 2541, 40, 3))
    addProfile({
      name: 'Тестовый контур',
      group: 'Тест',
      host: 'srv-test',
      port: 1545,
      clusterUser: '',
      askClusterPassword: false,
      label: 'test',
      refreshInterval: 10,
      protection: 'normal',
    })
    addProfile({
      name: 'Аудит (только чтение)',
      group: 'Производство',
      host: 'srv-1c-01',
      port: 1545,
      clusterUser: 'auditor',
      askClusterPassword: true,
      label: 'prod',
      refreshInterval: 30,
      protection: 'read-only',
    })
    addProfile(
      {
        name: 'Старый сервер 8.3',
        group: 'Разработка',
        host: 'old-1c.local',
        port: 1545,
        clusterUser: '',
        askClusterPassword: false,
        label: 'dev',
        refreshInterval: 0,
        protection: 'normal',
      },
      { mode: 'unreachable' },
    )
  }

  const control: FakeControl = {
    calls: [],
    inFlight: 0,
    maxInFlight: 0,
    inFlightBy: {},
    maxInFlightBy: {},
    latencyMs: options.latencyMs ?? 0,
    fail(method, error, times = 1) {
      failures.set(method, { error, times })
    },
    setSessionCount(count, profileId) {
      const c = findProfile(profileId ?? profiles[0]!.dto.id)!.clusters[0]!
      c.sessions = []
      for (let i = 0; i < count; i++) c.sessions.push(makeSession(c))
    },
    churn(added, gone, profileId) {
      const c = findProfile(profileId ?? profiles[0]!.dto.id)!.clusters[0]!
      c.sessions.splice(0, gone)
      for (let i = 0; i < added; i++) c.sessions.push(makeSession(c))
    },
    sessions(profileId, clusterId) {
      const p = findProfile(profileId ?? profiles[0]!.dto.id)!
      return (clusterId ? p.clusters.find((c) => c.dto.cluster === clusterId) : p.clusters[0])?.sessions ?? []
    },
    emit(event) {
      for (const l of listeners) l(event)
    },
    infobaseAdmin: { user: 'Администратор', password: 'ib-secret' },
    askPassword: 'secret',
    uiLanguage: null,
  }

  function findProfile(id: string) {
    return profiles.find((p) => p.dto.id === id)
  }

  const ok = <T>(value: T): Result<T> => ({ ok: true, value })
  const err = <T>(code: ApiError['code'], message: string, extra: Partial<ApiError> = {}): Result<T> => ({
    ok: false,
    error: { code, message, ...extra },
  })
  const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T

  async function run<T>(
    method: string,
    args: unknown[],
    body: () => Result<T> | Promise<Result<T>>,
  ): Promise<Result<T>> {
    control.calls.push({ method, args })
    control.inFlight++
    control.maxInFlight = Math.max(control.maxInFlight, control.inFlight)
    const running = (control.inFlightBy[method] ?? 0) + 1
    control.inFlightBy[method] = running
    control.maxInFlightBy[method] = Math.max(control.maxInFlightBy[method] ?? 0, running)
    try {
      if (control.latencyMs > 0) await new Promise((r) => setTimeout(r, control.latencyMs))
      else await Promise.resolve()
      const f = failures.get(method)
      if (f) {
        if (--f.times <= 0) failures.delete(method)
        return { ok: false, error: f.error }
      }
      return await body()
    } finally {
      control.inFlight--
      control.inFlightBy[method] = (control.inFlightBy[method] ?? 1) - 1
    }
  }

  function connected(profileId: string): Result<FakeProfile> {
    const p = findProfile(profileId)
    if (!p) return err('NOT_FOUND', 'profile not found', { subject: 'profile' })
    if (p.mode === 'unreachable')
      return err('NETWORK', `connect ECONNREFUSED ${p.dto.host}:${p.dto.port}`, {
        serverMessage: undefined,
      })
    if (p.mode === 'auth')
      return err('AUTH', 'cluster administrator not authenticated', {
        serverMessage: 'Администратор кластера не аутентифицирован',
      })
    if (p.dto.askClusterPassword && !p.unlocked) return err('PASSWORD_REQUIRED', 'password required')
    return ok(p)
  }

  function findCluster(p: FakeProfile, clusterId: string): Result<FakeCluster> {
    const c = p.clusters.find((x) => x.dto.cluster === clusterId)
    return c ? ok(c) : err('NOT_FOUND', 'cluster not found', { subject: 'cluster' })
  }

  function withCluster<T>(profileId: string, clusterId: string, fn: (c: FakeCluster, p: FakeProfile) => Result<T>) {
    const p = connected(profileId)
    if (!p.ok) return p
    const c = findCluster(p.value, clusterId)
    if (!c.ok) return c
    return fn(c.value, p.value)
  }

  function destructiveAllowed(p: FakeProfile): Result<null> {
    return p.dto.protection === 'read-only' ? err('READ_ONLY', 'profile is read-only') : ok(null)
  }

  function terminate(c: FakeCluster, ids: string[], operation: string): TerminateReport {
    const results: TerminateResult[] = []
    let done = 0
    for (const id of ids) {
      const i = c.sessions.findIndex((s) => s.session === id)
      if (i < 0) results.push({ session: id, sessionId: 0, userName: '', outcome: 'gone' })
      else {
        const s = c.sessions[i]!
        if (s.appId === 'RAS')
          results.push({
            session: id,
            sessionId: s.sessionId,
            userName: s.userName,
            outcome: 'failed',
            error: {
              code: 'SERVER',
              message: 'cannot terminate the administration server session',
              serverMessage: 'Нельзя завершить сеанс сервера администрирования',
            },
          })
        else {
          c.sessions.splice(i, 1)
          results.push({ session: id, sessionId: s.sessionId, userName: s.userName, outcome: 'terminated' })
        }
      }
      control.emit({ type: 'terminate-progress', operation, done: ++done, total: ids.length })
    }
    return {
      results,
      terminated: results.filter((r) => r.outcome === 'terminated').length,
      gone: results.filter((r) => r.outcome === 'gone').length,
      failed: results.filter((r) => r.outcome === 'failed').length,
    }
  }

  function lockAccess(ib: FakeInfobase, p: FakeProfile, credentials?: InfobaseCredentials): Result<null> {
    if (!ib.needsCredentials) return ok(null)
    const remembered = p.dto.infobaseCredentials.some((c) => c.infobase === ib.infobase && c.hasPassword)
    if (remembered) return ok(null)
    if (
      credentials &&
      credentials.user === control.infobaseAdmin.user &&
      credentials.password === control.infobaseAdmin.password
    ) {
      if (credentials.remember)
        p.dto.infobaseCredentials.push({ infobase: ib.infobase, user: credentials.user, hasPassword: true })
      return ok(null)
    }
    return err('INFOBASE_AUTH_REQUIRED', 'infobase administrator required', {
      serverMessage: credentials
        ? 'Неправильное имя пользователя или пароль'
        : 'Недостаточно прав пользователя на информационную базу',
    })
  }

  function lockState(ib: FakeInfobase): LockState {
    const phase = lockPhase(ib.lock, serverNow)
    return { ...ib.lock, phase, active: phase === 'active', serverNow }
  }

  function findIb(c: FakeCluster, infobaseId: string): Result<FakeInfobase> {
    const ib = c.infobases.find((x) => x.infobase === infobaseId)
    return ib ? ok(ib) : err('NOT_FOUND', 'infobase not found', { subject: 'infobase' })
  }

  function inputToProfile(input: ProfileInput, base?: FakeProfile): FakeProfile {
    const dto: ProfileDto = {
      id: base?.dto.id ?? `p${++idCounter}`,
      name: input.name,
      group: input.group,
      host: input.host,
      port: input.port,
      clusterUser: input.clusterUser,
      hasClusterPassword:
        input.askClusterPassword || input.clusterPassword === null
          ? false
          : typeof input.clusterPassword === 'string'
            ? true
            : (base?.dto.hasClusterPassword ?? false),
      askClusterPassword: input.askClusterPassword,
      infobaseCredentials: base?.dto.infobaseCredentials ?? [],
      label: input.label,
      refreshInterval: input.refreshInterval,
      protection: input.protection,
      demo: base?.dto.demo ?? false,
    }
    return {
      dto,
      password: typeof input.clusterPassword === 'string' ? input.clusterPassword : (base?.password ?? null),
      unlocked: false,
      mode: /unreachable|old-1c/.test(input.host) ? 'unreachable' : input.clusterPassword === 'wrong' ? 'auth' : 'ok',
      clusters: base?.clusters ?? [makeCluster('Основной кластер', 1541, 60, 4)],
      agentVersion: '8.3.24.1691',
      protocolVersion: '11.0',
    }
  }

  function parseImport(json: string): ImportPreview {
    const preview: ImportPreview = { added: [], duplicates: [], invalid: [] }
    let data: unknown
    try {
      data = JSON.parse(json)
    } catch {
      preview.invalid.push('The file is not JSON')
      return preview
    }
    const list = Array.isArray(data) ? data : (data as { profiles?: unknown })?.profiles
    if (!Array.isArray(list)) {
      preview.invalid.push('No "profiles" array')
      return preview
    }
    list.forEach((e: Partial<ProfileDto>, i) => {
      if (!e || typeof e.name !== 'string' || typeof e.host !== 'string') {
        preview.invalid.push(`Entry ${i + 1}: name and host are required`)
        return
      }
      const item = { name: e.name, group: e.group ?? '', host: e.host, port: e.port ?? 1545 }
      const dup = profiles.some((p) => p.dto.name === item.name && p.dto.host === item.host && p.dto.port === item.port)
      ;(dup ? preview.duplicates : preview.added).push(item)
    })
    return preview
  }

  const api: FakeApi = {
    control,
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    listProfiles: () =>
      run('listProfiles', [], () =>
        ok({ profiles: profiles.map((p) => clone(p.dto)), notices: options.notices ?? [], demoAvailable: true }),
      ),
    saveProfile: (input) =>
      run('saveProfile', [input], () => {
        if (!input.name.trim() || !input.host.trim()) return err('INVALID_ARGUMENT', 'name and host are required')
        const base = input.id ? findProfile(input.id) : undefined
        if (input.id && !base) return err('NOT_FOUND', 'profile not found', { subject: 'profile' })
        const next = inputToProfile(input, base)
        if (base) profiles.splice(profiles.indexOf(base), 1, next)
        else profiles.push(next)
        return ok(clone(next.dto))
      }),
    deleteProfile: (id) =>
      run('deleteProfile', [id], () => {
        const p = findProfile(id)
        if (!p) return err('NOT_FOUND', 'profile not found', { subject: 'profile' })
        profiles.splice(profiles.indexOf(p), 1)
        return ok(null)
      }),
    duplicateProfile: (id) =>
      run('duplicateProfile', [id], () => {
        const p = findProfile(id)
        if (!p) return err('NOT_FOUND', 'profile not found', { subject: 'profile' })
        const copy: FakeProfile = {
          ...p,
          dto: { ...clone(p.dto), id: `p${++idCounter}`, name: `${p.dto.name} (copy)` },
        }
        profiles.push(copy)
        return ok(clone(copy.dto))
      }),
    testProfile: (input) =>
      run('testProfile', [input], () => {
        const base = input.id ? findProfile(input.id) : undefined
        const p = inputToProfile(input, base)
        if (p.mode === 'unreachable') return err('NETWORK', `connect ECONNREFUSED ${input.host}:${input.port}`)
        if (p.mode === 'auth')
          return err('AUTH', 'not authenticated', { serverMessage: 'Администратор кластера не аутентифицирован' })
        return ok({
          agentVersion: p.agentVersion,
          protocolVersion: p.protocolVersion,
          clusters: p.clusters.map((c) => c.dto),
        })
      }),
    exportProfiles: () =>
      run('exportProfiles', [], () =>
        ok(
          JSON.stringify(
            {
              format: 'clusterdesk-profiles',
              version: 1,
              profiles: profiles.map(({ dto }) => ({
                name: dto.name,
                group: dto.group,
                host: dto.host,
                port: dto.port,
              })),
            },
            null,
            2,
          ),
        ),
      ),
    previewImport: (json) => run('previewImport', [json], () => ok(parseImport(json))),
    importProfiles: (json) =>
      run('importProfiles', [json], () => {
        const preview = parseImport(json)
        for (const a of preview.added)
          addProfile({
            ...a,
            clusterUser: '',
            askClusterPassword: false,
            label: 'none',
            refreshInterval: 0,
            protection: 'normal',
          })
        return ok(preview)
      }),
    createDemoProfile: () =>
      run('createDemoProfile', [], () => {
        const p = addProfile({
          name: 'Демо-кластер',
          group: '',
          host: '127.0.0.1',
          port: 41545,
          clusterUser: '',
          askClusterPassword: false,
          label: 'dev',
          refreshInterval: 10,
          protection: 'normal',
          demo: true,
        })
        return ok(clone(p.dto))
      }),
    unlockProfile: (id, password) =>
      run('unlockProfile', [id, '***'], () => {
        const p = findProfile(id)
        if (!p) return err('NOT_FOUND', 'profile not found', { subject: 'profile' })
        if (password !== control.askPassword)
          return err('AUTH', 'wrong password', { serverMessage: 'Администратор кластера не аутентифицирован' })
        p.unlocked = true
        return ok(null)
      }),
    connect: (id) =>
      run('connect', [id], (): Result<ConnectionInfo> => {
        const p = connected(id)
        if (!p.ok) return p
        return ok({
          agentVersion: p.value.agentVersion,
          protocolVersion: p.value.protocolVersion,
          clusters: p.value.clusters.map((c) => ({ ...c.dto })),
        })
      }),
    listInfobases: (profileId, clusterId) =>
      run('listInfobases', [profileId, clusterId], () =>
        withCluster(profileId, clusterId, (c, p): Result<InfobaseDto[]> => {
          const counts = new Map<string, number>()
          for (const s of c.sessions) counts.set(s.infobase, (counts.get(s.infobase) ?? 0) + 1)
          return ok(
            c.infobases.map((ib) => ({
              infobase: ib.infobase,
              name: ib.name,
              descr: ib.descr,
              sessionCount: counts.get(ib.infobase) ?? 0,
              ...(ib.needsCredentials && !lockAccess(ib, p).ok
                ? { locked: null, lock: null }
                : {
                    locked: lockPhase(ib.lock, serverNow) === 'active',
                    lock: { phase: lockPhase(ib.lock, serverNow), from: ib.lock.deniedFrom, to: ib.lock.deniedTo },
                  }),
            })),
          )
        }),
      ),
    listSessions: (profileId, clusterId, infobaseId) =>
      run('listSessions', [profileId, clusterId, infobaseId], () =>
        withCluster(profileId, clusterId, (c, p) => {
          const rows = infobaseId ? c.sessions.filter((s) => s.infobase === infobaseId) : c.sessions
          return ok({ protocolVersion: p.protocolVersion, fetchedAt: Date.now(), sessions: tableFromRows(rows) })
        }),
      ),
    getSession: (profileId, clusterId, sessionId) =>
      run('getSession', [profileId, clusterId, sessionId], () =>
        withCluster(profileId, clusterId, (c) => {
          const s = c.sessions.find((x) => x.session === sessionId)
          if (!s) return err('NOT_FOUND', 'session not found', { subject: 'session' })
          const licenses: LicenseDto[] = s.license
            ? [
                {
                  fullName: s.license.startsWith('ORGL8') ? '' : 'C:\\ProgramData\\1C\\licenses\\20240101.lic',
                  fullPresentation: s.license,
                  shortPresentation: s.license,
                  series: s.license.startsWith('ORGL8') ? 'ORGL8' : '500000125530',
                  licenseType: s.license.startsWith('ORGL8') ? 1 : 0,
                  issuedByServer: true,
                  net: s.license.startsWith('ORGL8'),
                  maxUsersAll: 50,
                  maxUsersCur: 37,
                  rmngrAddress: 'srv-1c-01',
                  rmngrPort: 1541,
                  rmngrPid: '4312',
                },
              ]
            : []
          return ok({ row: { ...s }, licenses })
        }),
      ),
    terminateSessions: (profileId, clusterId, sessionIds, message) =>
      run('terminateSessions', [profileId, clusterId, sessionIds, message], () =>
        withCluster(profileId, clusterId, (c, p) => {
          const allowed = destructiveAllowed(p)
          if (!allowed.ok) return allowed
          return ok(terminate(c, sessionIds, `t${control.calls.length}`))
        }),
      ),
    terminateAllSessions: (profileId, clusterId, opts) =>
      run('terminateAllSessions', [profileId, clusterId, opts], () =>
        withCluster(profileId, clusterId, (c, p) => {
          const allowed = destructiveAllowed(p)
          if (!allowed.ok) return allowed
          const ids = c.sessions
            .filter((s) => (!opts.infobase || s.infobase === opts.infobase) && (opts.includeService || !s.isService))
            .map((s) => s.session)
          return ok(terminate(c, ids, `t${control.calls.length}`))
        }),
      ),
    interruptCurrentCall: (profileId, clusterId, sessionId, message) =>
      run('interruptCurrentCall', [profileId, clusterId, sessionId, message], () =>
        withCluster(profileId, clusterId, (c, p) => {
          const allowed = destructiveAllowed(p)
          if (!allowed.ok) return allowed
          const s = c.sessions.find((x) => x.session === sessionId)
          if (!s) return err('NOT_FOUND', 'session not found', { subject: 'session' })
          s.durationCurrent = 0
          s.cpuTimeCurrent = 0
          return ok(null)
        }),
      ),
    getInfobaseLock: (profileId, clusterId, infobaseId, credentials) =>
      run(
        'getInfobaseLock',
        [profileId, clusterId, infobaseId, credentials && { ...credentials, password: '***' }],
        () =>
          withCluster(profileId, clusterId, (c, p) => {
            const ib = findIb(c, infobaseId)
            if (!ib.ok) return ib
            const access = lockAccess(ib.value, p, credentials)
            if (!access.ok) return access
            return ok(lockState(ib.value))
          }),
      ),
    setInfobaseLock: (profileId, clusterId, infobaseId, lock: LockInput, credentials) =>
      run(
        'setInfobaseLock',
        [profileId, clusterId, infobaseId, lock, credentials && { ...credentials, password: '***' }],
        () =>
          withCluster(profileId, clusterId, (c, p) => {
            const allowed = destructiveAllowed(p)
            if (!allowed.ok) return allowed
            const ib = findIb(c, infobaseId)
            if (!ib.ok) return ib
            const access = lockAccess(ib.value, p, credentials)
            if (!access.ok) return access
            const from: ServerTime = lock.from ?? serverNow
            if (lock.to !== null && lock.to <= from) return err('INVALID_ARGUMENT', 'the lock must end after it starts')
            ib.value.lock = {
              ...ib.value.lock,
              sessionsDeny: true,
              deniedFrom: from,
              deniedTo: lock.to,
              deniedMessage: lock.message,
              permissionCode: lock.permissionCode,
              scheduledJobsDeny: lock.scheduledJobsDeny,
            }
            return ok(lockState(ib.value))
          }),
      ),
    clearInfobaseLock: (profileId, clusterId, infobaseId, credentials) =>
      run(
        'clearInfobaseLock',
        [profileId, clusterId, infobaseId, credentials && { ...credentials, password: '***' }],
        () =>
          withCluster(profileId, clusterId, (c, p) => {
            const allowed = destructiveAllowed(p)
            if (!allowed.ok) return allowed
            const ib = findIb(c, infobaseId)
            if (!ib.ok) return ib
            const access = lockAccess(ib.value, p, credentials)
            if (!access.ok) return access
            // Like the server: only the two switches go off; period, message and code stay.
            ib.value.lock = { ...ib.value.lock, sessionsDeny: false, scheduledJobsDeny: false }
            return ok(lockState(ib.value))
          }),
      ),
    readAuditLog: (limit) => run('readAuditLog', [limit], () => ok([])),
    setUiLanguage: async (language) => ((control.uiLanguage = language), ok(null)),
  }
  return api
}

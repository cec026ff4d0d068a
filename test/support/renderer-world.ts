/**
 * The renderer tests' backend: the real one. RAS simulators on loopback, the real main-process
 * services (a conf profile file and the audit log in a temp folder, the in-memory secret box) and
 * the real `createApi`, built exactly like test/e2e/harness.ts builds its world. Profiles are
 * saved through the api. Tests only wrap that api (record calls, add latency, fail a call on cue)
 * and change sessions on the simulators — no backend rule is re-implemented here.
 *
 * API (stable; other tests build on it):
 *
 *   const world = await startRendererWorld({ sessions: 40 })  // profiles prod, test, audit, old
 *   vi.stubGlobal('api', world.api)     // test/renderer/setup.ts clones it like contextBridge
 *   …
 *   await world.stop()                  // in afterEach/afterAll, after unmounting the app
 *
 *   world.profile('prod')               // ProfileDto as saved (name, id …); world.id('prod')
 *   world.sim('test')                   // its RunningSimulator (faults, world, terminated …)
 *   world.clusterId('prod', 1)          // cluster ids, in the server's order
 *   world.rows('test')                  // the cluster's sessions as the service builds SessionRows
 *   world.setSessionCount('test', 500)  // replace every session by `count` new ones
 *   world.churn('test', 3, 5)           // the first 5 sessions end, 3 new ones start
 *   world.infobase('test', 'erp')       // the simulator's InfobaseRecord (to read or lock it)
 *   world.lockInfobase('test', 'erp', { deniedFrom, deniedTo, … })   // set on the server
 *   world.serverNow()                   // the simulated server's wall clock (ServerTime, ms)
 *
 *   simulatedRows({ sessions: 2000, seed: 3 })   // rows only (no server), for components given rows
 *
 *   world.control (test/support/api-recorder.ts, wrapping the real api):
 *   world.control.calls                 // every call: { method, args } (args as they arrived)
 *   world.calls('terminateSessions')    // the calls of one method
 *   world.control.latencyMs = 7000      // every call waits this long first (setTimeout: fakeable)
 *   world.control.fail('listSessions', { code: 'TIMEOUT', message: 'slow' })  // next call only
 *   world.control.inFlightBy / maxInFlightBy / inFlight / maxInFlight
 *   await world.control.settled()       // no call is waiting on real I/O (for fake-timer tests)
 *
 * Profiles (`ProfileKey`, only those asked for are saved, in the order given):
 *   prod   "Бухгалтерия (прод)", protected, stored password, two clusters
 *   test   "Тестовый контур", normal, no cluster administrator, auto-refresh 10 s
 *   audit  "Аудит (только чтение)", read-only, "ask every time" (ASK_PASSWORD), the server
 *          requires the cluster administrator
 *   old    "Старый сервер 8.3", a closed loopback port (unreachable)
 *   hr     "Кадры", normal, the server requires INFOBASE_ADMIN for infobase settings (locks)
 * The first cluster of prod and of test has LOCKED_INFOBASE locked since an hour ago (server time).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApi } from '../../src-main/api'
import { createEmbeddedDemo } from '../../src-main/demo'
import { openHistoryForApp } from '../../src-main/history/history-file'
import { createServices, openConfStore, sessionRow, type SecretBox, type Services } from '../../src-main/services'
import { SERVER_ZONE_OFFSET_MS, SimulatorWorld, startSimulator, type RunningSimulator } from '../../src-main/simulator'
import type { InfobaseRecord } from '../../src-main/ras/records'
import { AGENT_VERSION_BY_SERVICE } from '../../src-main/simulator/catalog'
import { MemorySecretBox } from '../../src-main/web/memory-secret-box'
import type { ApiEvent, ProfileDto, ProfileInput, RendererApi, SessionRow } from '../../src-shared/contract'
import { createControl, recordedApi, type ApiControl, type ApiMethodName, type RecordedCall } from './api-recorder'

export type { ApiControl, ApiMethodName, RecordedCall } from './api-recorder'

export type ProfileKey = 'prod' | 'test' | 'audit' | 'old' | 'hr'

/** Password of the "ask every time" profile (the audit server's cluster administrator). */
export const ASK_PASSWORD = 'audit-secret'
/** The infobase administrator the hr server requires for reading and changing infobase settings. */
export const INFOBASE_ADMIN = { user: 'Администратор', password: 'ib-secret' } as const
/** Locked (sessions denied, scheduled jobs denied) in the first cluster of prod and of test. */
export const LOCKED_INFOBASE = 'ka2'
export const LOCKED_MESSAGE = 'Тестовая база обновляется'
/** The agent version the simulators (and the demo cluster) report at service version 16. */
export const SIMULATED_AGENT_VERSION = AGENT_VERSION_BY_SERVICE[16]!
const PROD_ADMIN = { user: 'admin', password: 'prod-secret' }

export interface RendererWorldOptions {
  /** The saved profiles, in this order. Default: prod, test, audit, old. */
  profiles?: ProfileKey[]
  /** Sessions per cluster of every simulator. Default 60. */
  sessions?: number
  seed?: number
  /** Milliseconds every call waits before it runs (see `control.latencyMs`). */
  latencyMs?: number
  /** The embedded demo cluster with this many sessions (first-start flow); none by default. */
  demoSessions?: number
  /** The secret box says OS encryption is unavailable (the `secrets-unavailable` notice). */
  secretsUnavailable?: boolean
  /** The pool's request timeout; default 8 s. */
  requestTimeoutMs?: number
  /**
   * A history file in the world's folder, holding this many minutes recorded before the test: the
   * simulators (living) and the services share a clock that starts that long ago and moves a
   * minute per refresh of every profile's first cluster, then follows real time. 0: an empty file.
   */
  historyMinutes?: number
}

export interface RendererWorld {
  /** The real api behind the recorder: install it with `vi.stubGlobal('api', world.api)`. */
  readonly api: RendererApi
  readonly control: ApiControl
  readonly services: Services
  readonly dataDir: string
  /** The %APPDATA% "Import from 1C" looks in: an empty folder of the world's, never this machine's. */
  readonly appData: string
  calls(method: ApiMethodName): RecordedCall[]
  profile(key: ProfileKey): ProfileDto
  id(key: ProfileKey): string
  sim(key: ProfileKey): RunningSimulator
  clusterId(key: ProfileKey, index?: number): string
  rows(key: ProfileKey, clusterIndex?: number): SessionRow[]
  setSessionCount(key: ProfileKey, count: number, clusterIndex?: number): void
  churn(key: ProfileKey, added: number, gone: number, clusterIndex?: number): void
  infobase(key: ProfileKey, name: string, clusterIndex?: number): InfobaseRecord
  lockInfobase(key: ProfileKey, name: string, lock: Partial<InfobaseRecord>, clusterIndex?: number): void
  serverNow(): number
  stop(): Promise<void>
}

interface ProfileSpec {
  input: Omit<ProfileInput, 'host' | 'port'>
  /** Simulator options; absent: the profile points at a closed port. */
  sim?: Parameters<typeof startSimulator>[0]
  lockOne?: boolean
}

const base = {
  group: '',
  clusterUser: '',
  askClusterPassword: false,
  refreshInterval: 0,
  protection: 'normal',
} as const

const PROFILE_SPECS: Record<ProfileKey, ProfileSpec> = {
  prod: {
    input: {
      ...base,
      name: 'Бухгалтерия (прод)',
      group: 'Производство',
      clusterUser: PROD_ADMIN.user,
      clusterPassword: PROD_ADMIN.password,
      label: 'prod',
      protection: 'protected',
    },
    sim: { clusters: 2, clusterAdmin: PROD_ADMIN },
    lockOne: true,
  },
  test: {
    input: { ...base, name: 'Тестовый контур', group: 'Тест', label: 'test', refreshInterval: 10 },
    sim: { clusters: 1 },
    lockOne: true,
  },
  audit: {
    input: {
      ...base,
      name: 'Аудит (только чтение)',
      group: 'Производство',
      clusterUser: 'auditor',
      askClusterPassword: true,
      label: 'prod',
      refreshInterval: 30,
      protection: 'read-only',
    },
    sim: { clusters: 1, clusterAdmin: { user: 'auditor', password: ASK_PASSWORD } },
  },
  old: { input: { ...base, name: 'Старый сервер 8.3', group: 'Разработка', label: 'dev' } },
  hr: {
    input: { ...base, name: 'Кадры', group: 'Тест', label: 'test' },
    sim: { clusters: 1, infobases: 4, infobaseAdmin: { ...INFOBASE_ADMIN } },
  },
}

/** A loopback port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/**
 * Rows only, no server: a simulated cluster of `sessions` sessions as SessionService turns them
 * into rows. For component tests that are given rows (the grid, dialogs, formatting).
 */
export function simulatedRows(options: { sessions: number; seed?: number; infobases?: number }): SessionRow[] {
  const world = new SimulatorWorld(
    {
      seed: options.seed ?? 1,
      clusters: 1,
      infobases: options.infobases ?? 8,
      sessions: options.sessions,
      clusterAdmin: null,
    },
    () => Date.now() + SERVER_ZONE_OFFSET_MS,
  )
  return sessionRowsOf(world)
}

/** A cluster's sessions as SessionService turns them into rows (list order, protocol 16). */
export function sessionRowsOf(world: SimulatorWorld, clusterIndex = 0): SessionRow[] {
  const cluster = world.clusters[clusterIndex]!
  const names = new Map(cluster.infobases.map((ib) => [ib.infobase, ib.name]))
  return [...cluster.sessions.values()].map((s) => sessionRow(s, { infobaseNames: names, protocolMajor: 16 }))
}

export async function startRendererWorld(options: RendererWorldOptions = {}): Promise<RendererWorld> {
  const keys = options.profiles ?? ['prod', 'test', 'audit', 'old']
  const dataDir = mkdtempSync(join(tmpdir(), 'clusterdesk-renderer-'))
  const sims = new Map<ProfileKey, RunningSimulator>()
  const listeners = new Set<(event: ApiEvent) => void>()
  const withHistory = options.historyMinutes !== undefined
  let behind = (options.historyMinutes ?? 0) * 60_000
  const clock = { now: () => Date.now() - behind }
  let services: Services | null = null
  let stopped = false
  try {
    for (const [i, key] of keys.entries()) {
      const spec = PROFILE_SPECS[key].sim
      if (!spec) continue
      sims.set(
        key,
        await startSimulator({
          infobases: 8,
          sessions: options.sessions ?? 60,
          ...spec,
          seed: (options.seed ?? 1) * 100 + i,
          live: withHistory,
          ...(withHistory ? { clock } : {}),
        }),
      )
    }
    const memoryBox = new MemorySecretBox()
    // Failure on cue: the real box, but OS encryption "unavailable".
    const secretBox: SecretBox = options.secretsUnavailable
      ? { isAvailable: async () => false, seal: (p) => memoryBox.seal(p), open: (s) => memoryBox.open(s) }
      : memoryBox
    services = createServices({
      openStore: openConfStore(dataDir),
      secretBox,
      auditFile: join(dataDir, 'audit.jsonl'),
      demo:
        options.demoSessions === undefined
          ? undefined
          : createEmbeddedDemo({ sessions: options.demoSessions, infobases: 4, clusters: 1 }),
      pool: { requestTimeoutMs: options.requestTimeoutMs ?? 8000, connectTimeoutMs: 3000 },
      oneCAppData: join(dataDir, 'AppData'),
      ...(withHistory
        ? { clock, openHistory: () => openHistoryForApp(join(dataDir, 'history.sqlite'), () => undefined) }
        : {}),
    })
    const real = createApi(services, (event) => {
      for (const listener of listeners) listener(event)
    })
    for (const [key, sim] of sims) if (PROFILE_SPECS[key].lockOne) lockOneInfobase(sim)

    const saved = new Map<ProfileKey, ProfileDto>()
    for (const key of keys) {
      const sim = sims.get(key)
      const input: ProfileInput = {
        ...PROFILE_SPECS[key].input,
        host: '127.0.0.1',
        port: sim ? sim.port : await closedPort(),
      }
      const result = await real.saveProfile(input)
      if (!result.ok) throw new Error(`saving profile ${key}: ${result.error.message}`)
      saved.set(key, result.value)
    }

    // The recorded minutes: a refresh of each profile's first cluster per minute of the clock.
    while (withHistory && behind > 0) {
      for (const key of keys) {
        const sim = sims.get(key)
        if (sim) await real.listSessions(saved.get(key)!.id, sim.clusters[0]!.id)
      }
      behind = Math.max(0, behind - 60_000)
    }

    const control = createControl(() => stopped)
    control.latencyMs = options.latencyMs ?? 0
    const api = recordedApi(real, control, listeners, () => stopped)
    const running = services
    const need = <T>(value: T | undefined, what: string): T => {
      if (value === undefined) throw new Error(`renderer world: no ${what}`)
      return value
    }
    const sim = (key: ProfileKey) => need(sims.get(key), `simulator for profile ${key}`)
    const cluster = (key: ProfileKey, index = 0) => sim(key).world.requireCluster(sim(key).clusters[index]?.id)
    return {
      api,
      control,
      services: running,
      dataDir,
      appData: join(dataDir, 'AppData'),
      calls: (method) => control.calls.filter((c) => c.method === method),
      profile: (key) => need(saved.get(key), `profile ${key}`),
      id: (key) => need(saved.get(key), `profile ${key}`).id,
      sim,
      clusterId: (key, index = 0) => need(sim(key).clusters[index], `cluster ${index} of ${key}`).id,
      rows: (key, clusterIndex = 0) => sessionRowsOf(sim(key).world, clusterIndex),
      setSessionCount(key, count, clusterIndex = 0) {
        const c = cluster(key, clusterIndex)
        const { world } = sim(key)
        for (const s of [...c.sessions.values()]) world.removeSession(c, s.session)
        for (let i = 0; i < count; i++) world.addSession(c.info.cluster)
      },
      churn(key, added, gone, clusterIndex = 0) {
        const c = cluster(key, clusterIndex)
        const { world } = sim(key)
        for (const s of [...c.sessions.values()].slice(0, gone)) world.removeSession(c, s.session)
        for (let i = 0; i < added; i++) world.addSession(c.info.cluster)
      },
      infobase: (key, name, clusterIndex = 0) =>
        sim(key).world.infobaseByName(name, sim(key).clusters[clusterIndex]?.id),
      lockInfobase(key, name, lock, clusterIndex = 0) {
        const c = cluster(key, clusterIndex)
        Object.assign(sim(key).world.infobaseByName(name, c.info.cluster), lock)
        sim(key).world.touch(c)
      },
      serverNow: () => [...sims.values()][0]?.world.serverNow() ?? Date.now(),
      async stop() {
        if (stopped) return
        stopped = true
        listeners.clear()
        await running.dispose()
        await Promise.all([...sims.values()].map((s) => s.stop()))
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  } catch (e) {
    stopped = true
    await services?.dispose()
    await Promise.all([...sims.values()].map((s) => s.stop()))
    rmSync(dataDir, { recursive: true, force: true })
    throw e
  }
}

/** The first cluster's locked infobase: sessions and jobs denied since an hour ago, server time. */
function lockOneInfobase(sim: RunningSimulator): void {
  const cluster = sim.world.requireCluster()
  Object.assign(sim.world.infobaseByName(LOCKED_INFOBASE), {
    sessionsDeny: true,
    deniedFrom: sim.world.serverNow() - 3600_000,
    deniedTo: null,
    deniedMessage: LOCKED_MESSAGE,
    permissionCode: '12345',
    scheduledJobsDeny: true,
  })
  sim.world.touch(cluster)
}

/**
 * One end-to-end world per test: RAS simulators on loopback, the real main-process services with
 * a conf profile file in a temp folder, and the web preview server carrying the real ClusterApi
 * to the page over HTTP — exactly what `npm run web` runs, nothing mocked.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src-main/simulator'
import { createServices, openConfStore, type Services } from '../../src-main/services'
import { createApi } from '../../src-main/api'
import { createEmbeddedDemo } from '../../src-main/demo'
import { openHistoryForApp } from '../../src-main/history/history-file'
import { MemorySecretBox } from '../../src-main/web/memory-secret-box'
import { startPreviewServer, type PreviewServer } from '../../src-main/web/server'
import type { ClusterApi, ProfileInput } from '../../src-shared/contract'

export const RENDERER_DIR = resolve(import.meta.dirname, '../../out/renderer')

export interface HarnessOptions {
  simulators?: SimulatorOptions[]
  /** Start the embedded demo cluster (first-start flow). */
  demo?: boolean
  /** Keep a history file in the data folder, as the app does; the demo then comes with its 24 h past. */
  history?: boolean
  /** Write this text as profiles.json before the app starts (corrupted-file flow). */
  profileFileText?: string
  /** Profiles to save before the page opens; `sim` picks the simulator by index. */
  profiles?: Array<Partial<ProfileInput> & { name: string; sim: number; password?: string }>
  requestTimeoutMs?: number
  /** Sessions whose times run ahead of the server's clock (a skewed client, bad data). */
  skewedSessions?: SkewedSession[]
}

/** A session added after start with times ahead of the simulator's clock (its wall clock, ms). */
export interface SkewedSession {
  /** Simulator index; default 0. */
  sim?: number
  /** Infobase index in the first cluster; default: the generator's pick. */
  infobase?: number
  userName: string
  /** ms ahead of the server's "now". */
  lastActiveAhead?: number
  startedAhead?: number
  /** Absolute server wall-clock times, e.g. Date.UTC(2200, 0, 1). */
  lastActiveAt?: number
  startedAt?: number
}

/**
 * The world's hardest clock: one session last active 40 minutes in the server's future, one that
 * "started" in 2200. The server's "now" must not be taken from them.
 */
export function skewedSessions(infobase?: number): SkewedSession[] {
  return [
    { infobase, userName: 'Часы впереди', lastActiveAhead: 40 * 60_000, startedAhead: 35 * 60_000 },
    {
      infobase,
      userName: 'Гость из 2200',
      startedAt: Date.UTC(2200, 0, 1, 9),
      lastActiveAt: Date.UTC(2200, 0, 1, 9, 30),
    },
  ]
}

export interface Harness {
  url: string
  dataDir: string
  sims: RunningSimulator[]
  services: Services
  api: ClusterApi
  server: PreviewServer
  profileIds: string[]
  stop(): Promise<void>
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clusterdesk-e2e-'))
  if (options.profileFileText !== undefined) writeFileSync(join(dataDir, 'profiles.json'), options.profileFileText)
  const sims = await Promise.all((options.simulators ?? []).map((o) => startSimulator({ live: false, ...o })))
  for (const skew of options.skewedSessions ?? []) {
    const { world } = sims[skew.sim ?? 0]!
    const cluster = world.requireCluster()
    const infobase = skew.infobase === undefined ? undefined : cluster.infobases[skew.infobase]!.infobase
    const session = world.addSession(undefined, { userName: skew.userName, appId: '1CV8C', infobase })
    const now = world.serverNow()
    session.lastActiveAt = skew.lastActiveAt ?? now + (skew.lastActiveAhead ?? 0)
    session.startedAt = skew.startedAt ?? now + (skew.startedAhead ?? 0)
    world.sessionsChanged(cluster, [session])
  }
  const historyFile = join(dataDir, 'history.sqlite')
  const demo = options.demo
    ? createEmbeddedDemo({
        sessions: 300,
        infobases: 8,
        history: options.history ? () => services.history.store() : undefined,
      })
    : undefined
  const services = createServices({
    openStore: openConfStore(dataDir),
    secretBox: new MemorySecretBox(),
    auditFile: join(dataDir, 'audit.jsonl'),
    demo,
    openHistory: options.history ? () => openHistoryForApp(historyFile, () => undefined) : undefined,
    pool: { requestTimeoutMs: options.requestTimeoutMs ?? 5000, connectTimeoutMs: 3000 },
  })
  let server: PreviewServer | null = null
  const api = createApi(services, (event) => server?.emit(event))
  server = await startPreviewServer({ api, staticDir: RENDERER_DIR })

  const profileIds: string[] = []
  for (const { sim: simIndex, password, ...p } of options.profiles ?? []) {
    const sim = sims[simIndex]!
    const saved = await api.saveProfile({
      group: '',
      clusterUser: '',
      askClusterPassword: false,
      label: 'none',
      refreshInterval: 0,
      protection: 'normal',
      ...p,
      host: sim.host,
      port: sim.port,
      clusterPassword: password ?? p.clusterPassword,
    } as ProfileInput)
    if (!saved.ok) throw new Error(`saving profile ${p.name}: ${saved.error.message}`)
    profileIds.push(saved.value.id)
  }

  const running = server
  return {
    url: running.url,
    dataDir,
    sims,
    services,
    api,
    server: running,
    profileIds,
    async stop() {
      await running.close()
      await services.dispose() // also stops the demo cluster
      await Promise.all(sims.map((s) => s.stop()))
      // Each run's data folder (a history file of a few MB) is its own: nothing is left behind.
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 })
    },
  }
}

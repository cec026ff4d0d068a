/**
 * One simulated server with two clusters, cluster and infobase administrators, the real services
 * with a profile file in a temp folder, and a saved profile pointing at it: what the sessions,
 * infobase-lock and cluster-pool tests run against. The RAS client is the real one; only its
 * terminate is wrapped so that chosen sessions fail on cue.
 */
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import type { ProfileDto } from '../../../src-shared/contract'
import { RasClient } from '../../../src-main/ras/client'
import { RasError } from '../../../src-main/ras/errors'
import {
  createServices,
  openConfStore,
  ServiceError,
  type Services,
  type ServicesOptions,
} from '../../../src-main/services'
import { startSimulator, type RunningSimulator } from '../../../src-main/simulator'
import { fakeSecretBox, profileInput, tempDir } from './support'

export const NOW = Date.UTC(2026, 10, 25, 6, 30, 15)
export const clock = { now: () => NOW }
export const CLUSTER_ADMIN = { user: 'admin', password: 'cluster-pw-Ключ' }
export const IB_ADMIN = { user: 'Администратор', password: 'ib-pw-Секрет' }

export interface ServicesWorld {
  sim: RunningSimulator
  dir: string
  services: Services
  /** The saved profile of `sim` (cluster administrator password stored). */
  profile: ProfileDto
  /** The first cluster of `sim`. */
  cluster: string
  /** Sessions whose termination the wrapped client makes fail. */
  failing: Set<string>
  stop(): Promise<void>
}

export async function startServicesWorld(): Promise<ServicesWorld> {
  const sim = await startSimulator({
    clusters: 2,
    infobases: 5,
    sessions: 80,
    seed: 7,
    clusterAdmin: CLUSTER_ADMIN,
    infobaseAdmin: IB_ADMIN,
    live: false,
    clock,
  })
  const failing = new Set<string>()
  const { dir, services, stop } = await startTempServices({
    clock,
    pool: {
      connectTimeoutMs: 2000,
      requestTimeoutMs: 3000,
      connect: async (t, o) => {
        const client = await RasClient.connect({ host: t.host, port: t.port, ...o })
        const terminate = client.terminateSession.bind(client)
        client.terminateSession = async (c, s, m) => {
          if (failing.has(s)) {
            throw new RasError('server', 'cannot end it', {
              serverClass: 'swp.UnknownThrowable',
              serverMessage: 'Сеанс выполняет критическую операцию',
            })
          }
          return terminate(c, s, m)
        }
        return client
      },
    },
  })
  const profile = await services.profiles.save(
    profileInput({
      host: sim.host,
      port: sim.port,
      clusterUser: CLUSTER_ADMIN.user,
      clusterPassword: CLUSTER_ADMIN.password,
    }),
  )
  return {
    sim,
    dir,
    services,
    profile,
    cluster: sim.clusters[0]!.id,
    failing,
    async stop() {
      await stop()
      await sim.stop()
    },
  }
}

/** Starts the world before the file's tests, hands it to `take`, and stops it after them. */
export function withServicesWorld(take: (world: ServicesWorld) => void): void {
  let world: ServicesWorld | undefined
  beforeAll(async () => {
    world = await startServicesWorld()
    take(world)
  })
  afterAll(async () => {
    await world?.stop()
  })
}

export interface TempServices {
  dir: string
  services: Services
  /** Disposes the services, then removes the folder. */
  stop(): Promise<void>
}

/**
 * The real services over a profile file and an audit file (`audit.jsonl`) in a fresh temp folder,
 * secrets sealed by the fake secret box; `over` adds a clock, pool tuning and the like.
 */
export async function startTempServices(over: Partial<ServicesOptions> = {}): Promise<TempServices> {
  const { dir, remove } = await tempDir()
  const services = createServices({
    openStore: openConfStore(dir),
    secretBox: fakeSecretBox(),
    auditFile: join(dir, 'audit.jsonl'),
    ...over,
  })
  return {
    dir,
    services,
    async stop() {
      await services.dispose()
      await remove()
    },
  }
}

/** The error code a call fails with (`ras:<kind>` for a RasError), or 'no error'. */
export async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    if (e instanceof ServiceError) return e.code
    if (e instanceof RasError) return `ras:${e.kind}`
    throw e
  }
  return 'no error'
}

/** Services wired as the app wires them (conf in a temp folder, a reversible fake secret box). */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiEvent, ClusterApi } from '../../src-shared/contract'
import { createApi } from '../../src-main/api'
import {
  createServices,
  openConfStore,
  type ClusterPoolOptions,
  type SecretBox,
  type Services,
  type ServicesOptions,
} from '../../src-main/services'
import { CLUSTER_ADMIN, type SimAddress } from './sim-host'

/** Reversible, not secret: base64 of the reversed text. */
export const benchSecretBox: SecretBox = {
  isAvailable: async () => true,
  seal: async (plain) => Buffer.from([...plain].reverse().join('')).toString('base64'),
  open: async (sealed) => [...Buffer.from(sealed, 'base64').toString()].reverse().join(''),
}

export interface BenchServices {
  services: Services
  api: ClusterApi
  events: ApiEvent[]
  dir: string
  /** Saves a profile pointing at `sim`; returns its id. */
  addProfile(sim: SimAddress, name: string): Promise<string>
  dispose(): Promise<void>
}

export async function benchServices(
  pool: ClusterPoolOptions = {},
  more: Pick<ServicesOptions, 'openHistory'> = {},
): Promise<BenchServices> {
  const dir = await mkdtemp(join(tmpdir(), 'clusterdesk-bench-'))
  const services = createServices({
    openStore: openConfStore(dir),
    secretBox: benchSecretBox,
    auditFile: join(dir, 'audit.jsonl'),
    pool,
    ...more,
  })
  const events: ApiEvent[] = []
  const api = createApi(services, (e) => events.push(e))
  return {
    services,
    api,
    events,
    dir,
    async addProfile(sim, name) {
      const saved = await services.profiles.save({
        name,
        group: 'bench',
        host: sim.host,
        port: sim.port,
        clusterUser: CLUSTER_ADMIN.user,
        clusterPassword: CLUSTER_ADMIN.password,
        askClusterPassword: false,
        label: 'test',
        refreshInterval: 10,
        protection: 'normal',
      })
      return saved.id
    },
    async dispose() {
      await services.dispose()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/**
 * The embedded demo cluster: a simulator started in-process on 127.0.0.1 with a random cluster
 * administrator password, so a new user sees real data (over the real protocol) in one click.
 */
import { randomBytes } from 'node:crypto'
import { startSimulator, type RunningSimulator } from './simulator'
import type { DemoCluster } from './services/ports'

export const DEMO_CLUSTER_USER = 'admin'

export function createEmbeddedDemo(
  options: { sessions?: number; infobases?: number; clusters?: number } = {},
): DemoCluster {
  let running: Promise<RunningSimulator> | null = null
  const password = randomBytes(9).toString('base64url')
  return {
    async start() {
      running ??= startSimulator({
        clusters: options.clusters ?? 2,
        infobases: options.infobases ?? 12,
        sessions: options.sessions ?? 400,
        clusterAdmin: { user: DEMO_CLUSTER_USER, password },
        infobaseAdmin: null,
        live: true,
      })
      const sim = await running
      return { host: sim.host, port: sim.port, clusterUser: DEMO_CLUSTER_USER, clusterPassword: password }
    },
    async stop() {
      const sim = await running
      running = null
      await sim?.stop()
    },
  }
}

/**
 * The embedded demo cluster: a simulator started in-process on 127.0.0.1 with a random cluster
 * administrator password, so a new user sees real data (over the real protocol) in one click.
 * Given the history, it also comes with a past: when the history holds nothing of its clusters,
 * the simulator starts 24 hours back and fast-forwards to now writing a sample a minute
 * (demo-history.ts); otherwise it starts at now.
 */
import { randomBytes } from 'node:crypto'
import { DEMO_HISTORY_MS, DEMO_WARM_UP_MS, historyIsEmptyFor, writeDemoHistory } from './demo-history'
import type { HistoryStore } from './history/history-port'
import { CatchUpClock, realClock, startSimulator, type RunningSimulator, type SimulatorClock } from './simulator'
import type { DemoCluster } from './services/ports'

export const DEMO_CLUSTER_USER = 'admin'

export interface EmbeddedDemoOptions {
  sessions?: number
  infobases?: number
  clusters?: number
  seed?: number
  /** The history to give the demo's past to (opened on demand; null: none). */
  history?: () => HistoryStore | null
  clock?: SimulatorClock
  log?: (line: string) => void
}

export function createEmbeddedDemo(options: EmbeddedDemoOptions = {}): DemoCluster {
  let running: Promise<RunningSimulator> | null = null
  const password = randomBytes(9).toString('base64url')
  const start = async () => {
    const clock = new CatchUpClock(options.clock ?? realClock, options.history ? DEMO_WARM_UP_MS + DEMO_HISTORY_MS : 0)
    const sim = await startSimulator({
      clusters: options.clusters ?? 2,
      infobases: options.infobases ?? 12,
      sessions: options.sessions ?? 400,
      seed: options.seed,
      clusterAdmin: { user: DEMO_CLUSTER_USER, password },
      infobaseAdmin: null,
      live: true,
      clock,
    })
    if (clock.behindMs > 0) {
      try {
        const store = options.history?.() ?? null
        if (
          store &&
          historyIsEmptyFor(
            store,
            sim.clusters.map((c) => c.id),
          )
        ) {
          const started = Date.now()
          const r = store.batch(() => writeDemoHistory(store, sim, clock, sim.address))
          options.log?.(`demo: ${r.samples} minutes of history written in ${Date.now() - started} ms`)
        }
      } catch (e) {
        options.log?.(`demo: its history could not be written: ${(e as Error).message}`)
      } finally {
        clock.behindMs = 0 // live from now on (the world catches up at its next request)
      }
    }
    return sim
  }
  return {
    async start() {
      running ??= start()
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

/**
 * A simulator per test on loopback (docs/protocol.md §11) with real RasClients on it: started by
 * the test's first `start` or `connect`, and stopped, clients and all, after each test.
 */
import { afterEach } from 'vitest'
import { RasClient, type ConnectOptions } from '../../src-main/ras'
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src-main/simulator'

type ClientOptions = Omit<ConnectOptions, 'host' | 'port'>

export interface SimulatorPerTest {
  /** The simulator of the running test; fails when the test has not started one. */
  readonly sim: RunningSimulator
  /** Starts the test's simulator with `options` over the defaults, unless it runs already. */
  start(options?: SimulatorOptions): Promise<RunningSimulator>
  /** `start`, then a client connected to it (not logged in) and the first cluster's id. */
  connect(options?: SimulatorOptions, clientOptions?: ClientOptions): Promise<{ client: RasClient; cluster: string }>
}

/** Registers the after-each cleanup of this test file; `defaults` apply to every simulator and client. */
export function simulatorPerTest(defaults: SimulatorOptions, clientDefaults: ClientOptions = {}): SimulatorPerTest {
  let running: RunningSimulator | null = null
  const clients: RasClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.connection.destroy()
    await running?.stop()
    running = null
  })
  const fixture: SimulatorPerTest = {
    get sim() {
      if (!running) throw new Error('this test has started no simulator')
      return running
    },
    async start(options = {}) {
      running ??= await startSimulator({ ...defaults, ...options })
      return running
    },
    async connect(options = {}, clientOptions = {}) {
      const sim = await fixture.start(options)
      const client = await RasClient.connect({ host: sim.host, port: sim.port, ...clientDefaults, ...clientOptions })
      clients.push(client)
      return { client, cluster: sim.clusters[0]!.id }
    },
  }
  return fixture
}

/**
 * The RAS simulator (docs/protocol.md §11): a fake `ras` on a real TCP port that speaks the real protocol with
 * the same codec and record declarations as the client. Embeddable (tests, demo profile, bench)
 * and runnable from the command line (`npm run simulator`).
 */
export {
  startSimulator,
  servedVersions,
  realClock,
  SERVED_VERSIONS,
  type RunningSimulator,
  type SimulatorClock,
  type SimulatorOptions,
} from './start'
export { runSimulatorCli, parseSimulatorArgs, USAGE } from './cli'
export { defaultFaults, type FaultSettings } from './faults'
export type { Credentials, TerminatedSession, InterruptedCall } from './handlers'
export { SimulatorWorld, SERVER_ZONE_OFFSET_MS } from './world'
export { CatchUpClock, fastForward } from './fast-forward'
export type { SimCluster } from './model'

/** startSimulator: builds the world, wires the living clock, the cache and the TCP server. */
import { defaultFaults, type FaultSettings } from './faults'
import type { Credentials, InterruptedCall, SimulatorContext, TerminatedSession } from './handlers'
import { LivingWorld } from './living'
import { ReplyCache } from './reply-cache'
import { SimulatorServer } from './server'
import { AGENT_VERSION_BY_SERVICE } from './catalog'
import { SERVER_ZONE_OFFSET_MS, SimulatorWorld } from './world'

export interface SimulatorOptions {
  host?: string
  port?: number
  clusters?: number
  /** Per cluster. */
  infobases?: number
  /** Per cluster. */
  sessions?: number
  seed?: number
  /** null/undefined: the cluster has no administrators (any credentials succeed). */
  clusterAdmin?: Credentials | null
  /** Credentials GET_INFOBASE_INFO / UPDATE_INFOBASE require; null/undefined: none required. */
  infobaseAdmin?: Credentials | null
  /** Highest service version served, default "16.0"; served: those of 16.0, 11.0, 10.0, 9.0 ≤ max. */
  maxVersion?: string
  clock?: SimulatorClock
  /** Default true: counters grow, sessions start and end as clock time passes. */
  live?: boolean
  faults?: Partial<FaultSettings>
}

/** Milliseconds since the epoch; the server's wall clock is this plus SERVER_ZONE_OFFSET_MS. */
export interface SimulatorClock {
  now(): number
}

export interface RunningSimulator {
  host: string
  port: number
  /** `${host}:${port}` */
  address: string
  clusters: Array<{ id: string; name: string }>
  world: SimulatorWorld
  /** Mutable at run time; read at every reply. */
  faults: FaultSettings
  terminated: TerminatedSession[]
  interrupted: InterruptedCall[]
  /** Served versions, highest first. */
  versions: string[]
  /** Encoded-list counter of the reply cache (to check caching). */
  cache: ReplyCache
  /** Brings the living world up to its clock now, as a request would (fast-forward.ts). */
  advance(): void
  stop(): Promise<void>
}

export const SERVED_VERSIONS = ['16.0', '11.0', '10.0', '9.0'] as const

export const realClock: SimulatorClock = { now: () => Date.now() }

/** The versions served under `maxVersion`, highest first. */
export function servedVersions(maxVersion = '16.0'): string[] {
  const max = parseVersion(maxVersion)
  const versions = SERVED_VERSIONS.filter((v) => parseVersion(v) <= max)
  if (versions.length === 0) throw new RangeError(`max version ${maxVersion} is below 9.0`)
  return versions
}

function parseVersion(v: string): number {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(v.trim())
  if (!m) throw new RangeError(`not a service version: "${v}" (expected e.g. 16.0)`)
  return Number(m[1]) + Number(m[2] ?? 0) / 100
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const versions = servedVersions(options.maxVersion)
  const clock = options.clock ?? realClock
  const seed = options.seed ?? 42
  const sessions = options.sessions ?? 200
  const world = new SimulatorWorld(
    {
      seed,
      clusters: options.clusters ?? 1,
      infobases: options.infobases ?? 8,
      sessions,
      clusterAdmin: options.clusterAdmin ?? null,
    },
    () => clock.now() + SERVER_ZONE_OFFSET_MS,
  )
  const living = options.live === false ? null : new LivingWorld(world, seed, sessions)
  const faults = defaultFaults(options.faults)
  const context: SimulatorContext = {
    world,
    cache: new ReplyCache(),
    clusterAdmin: options.clusterAdmin ?? null,
    infobaseAdmin: options.infobaseAdmin ?? null,
    agentVersion: AGENT_VERSION_BY_SERVICE[Number(versions[0]!.split('.')[0])] ?? '8.3.21.1895',
    terminated: [],
    interrupted: [],
  }
  const server = new SimulatorServer({ context, faults, versions, beforeRequest: () => living?.advance() })
  const host = options.host ?? '127.0.0.1'
  const address = await server.listen(host, options.port ?? 0)
  return {
    host,
    port: address.port,
    address: `${host}:${address.port}`,
    clusters: world.clusters.map((c) => ({ id: c.info.cluster, name: c.info.name })),
    world,
    faults,
    terminated: context.terminated,
    interrupted: context.interrupted,
    versions,
    cache: context.cache,
    advance: () => living?.advance(),
    stop: () => server.stop(),
  }
}

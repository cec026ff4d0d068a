/**
 * `npm run simulator -- [flags]`: parses flags (node:util parseArgs), starts the simulator,
 * prints what it serves and runs until SIGINT/SIGTERM. Bad flags: message + usage, exit code 2.
 */
import { parseArgs } from 'node:util'
import { DEFAULT_PORT } from '../ras/connection'
import type { FaultSettings } from './faults'
import type { Credentials } from './handlers'
import { startSimulator, type SimulatorOptions } from './start'

export const USAGE = `Usage: npm run simulator -- [options]

A fake 1C RAS server (remote administration, protocol of ras/rac) with a generated cluster.

  --host <addr>             listen address (default 127.0.0.1)
  --port <n>                TCP port (default ${DEFAULT_PORT}; 0 = any free port)
  --clusters <n>            clusters (default 1)
  --infobases <n>           infobases per cluster (default 8)
  --sessions <n>            sessions per cluster (default 200)
  --seed <n>                world seed (default 42)
  --cluster-admin user:pwd  require these cluster administrator credentials (default: no admins)
  --infobase-admin user:pwd require these infobase credentials for infobase settings
  --max-version <v>         highest service version served: 16.0, 11.0, 10.0 or 9.0 (default 16.0)
  --static                  do not let the world change over time
  --latency <ms>            delay every reply
  --split-writes <n>        send replies in pieces of n bytes
  --drop-after <n>          drop the connection in the middle of the reply after n requests
  --stall-after <n>         stop answering after n requests on a connection
  --garbage                 answer with garbage bytes
  --refuse                  accept and immediately close every connection
  --keep-alive              send a KEEP_ALIVE packet before every reply
  --oversize                announce every reply as a 2 GiB packet
  --help                    show this help
`

export class UsageError extends Error {}

/** Flags → options; throws UsageError with a message a user can act on. */
export function parseSimulatorArgs(argv: string[]): SimulatorOptions | 'help' {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        clusters: { type: 'string' },
        infobases: { type: 'string' },
        sessions: { type: 'string' },
        seed: { type: 'string' },
        'cluster-admin': { type: 'string' },
        'infobase-admin': { type: 'string' },
        'max-version': { type: 'string' },
        static: { type: 'boolean' },
        latency: { type: 'string' },
        'split-writes': { type: 'string' },
        'drop-after': { type: 'string' },
        'stall-after': { type: 'string' },
        garbage: { type: 'boolean' },
        refuse: { type: 'boolean' },
        'keep-alive': { type: 'boolean' },
        oversize: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
  const v = parsed.values
  if (v.help) return 'help'
  const faults: Partial<FaultSettings> = {
    latencyMs: int(v.latency, 'latency', 0) ?? 0,
    splitWrites: int(v['split-writes'], 'split-writes', 0) ?? 0,
    dropAfterRequests: int(v['drop-after'], 'drop-after', 0),
    stallAfterRequests: int(v['stall-after'], 'stall-after', 0),
    garbage: v.garbage ?? false,
    refuseConnections: v.refuse ?? false,
    keepAliveBetweenReplies: v['keep-alive'] ?? false,
    oversizeLength: v.oversize ?? false,
  }
  const maxVersion = v['max-version']
  if (maxVersion !== undefined && !/^(16|11|10|9)\.0$/.test(maxVersion)) {
    throw new UsageError(`--max-version must be one of 16.0, 11.0, 10.0, 9.0 (got "${maxVersion}")`)
  }
  return {
    host: v.host ?? '127.0.0.1',
    port: int(v.port, 'port', 0, 65535) ?? DEFAULT_PORT,
    clusters: int(v.clusters, 'clusters', 1, 50),
    infobases: int(v.infobases, 'infobases', 1, 1000),
    sessions: int(v.sessions, 'sessions', 0, 1_000_000),
    seed: int(v.seed, 'seed', 0, 2 ** 32 - 1),
    clusterAdmin: credentials(v['cluster-admin'], 'cluster-admin'),
    infobaseAdmin: credentials(v['infobase-admin'], 'infobase-admin'),
    maxVersion,
    live: !v.static,
    faults,
  }
}

function int(text: string | undefined, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${max} (got "${text}")`)
  }
  return Number(text)
}

function credentials(text: string | undefined, flag: string): Credentials | null {
  if (text === undefined) return null
  const colon = text.indexOf(':')
  if (colon <= 0) throw new UsageError(`--${flag} must look like user:password (got "${text}")`)
  return { user: text.slice(0, colon), password: text.slice(colon + 1) }
}

export async function runSimulatorCli(argv: string[]): Promise<void> {
  let options: SimulatorOptions | 'help'
  try {
    options = parseSimulatorArgs(argv)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    process.stderr.write(`simulator: ${e.message}\n\n${USAGE}`)
    process.exitCode = 2
    return
  }
  if (options === 'help') {
    process.stdout.write(USAGE)
    return
  }
  let sim
  try {
    sim = await startSimulator(options)
  } catch (e) {
    // Typically EADDRINUSE: another ras (or simulator) already listens there.
    process.stderr.write(`simulator: cannot listen on ${options.host}:${options.port}: ${(e as Error).message}\n`)
    process.exitCode = 1
    return
  }
  const creds = (c: Credentials | null | undefined) => (c ? `${c.user} / ${c.password}` : 'none required')
  const lines = [
    `RAS simulator listening on ${sim.address} (service versions ${sim.versions.join(', ')})`,
    ...sim.clusters.map((c) => `  cluster ${c.id}  ${c.name}`),
    `  cluster admin:  ${creds(options.clusterAdmin)}`,
    `  infobase admin: ${creds(options.infobaseAdmin)}`,
    `  ${options.sessions ?? 200} sessions and ${options.infobases ?? 8} infobases per cluster, seed ${options.seed ?? 42}`,
    'Press Ctrl+C to stop.',
  ]
  process.stdout.write(lines.join('\n') + '\n')
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await sim.stop()
  process.stdout.write('simulator stopped\n')
}

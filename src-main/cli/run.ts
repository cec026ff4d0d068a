/**
 * `clusterdesk` commands over the same services the app uses (ClusterPool, SessionService,
 * LockService, AuditLog). Only the result goes to stdout; a failure is one line on stderr.
 * Heavy or rarely needed modules (conf for --profile, the simulator) are loaded on demand so a
 * plain `sessions --json` starts fast (docs/architecture.md §8.1).
 */
import { ClusterPool } from '../services/cluster-pool'
import { parseCli, UsageError, USAGE, type CliOptions } from './args'
import type { CliIo, CommandContext } from './context'
import { cliDirectory } from './directory'
import { failureLine } from './failure'
import { runHistory, runRecord } from './history-commands'
import { runBlocking, runLicenses, runProcesses } from './around-commands'
import { runClusters, runInfobases, runSessions } from './list-commands'
import { runLock } from './lock-commands'
import { terminalText } from './output'
import { runTerminate } from './terminate-command'

const COMMAND_RUNNERS: Record<CliOptions['command'], (c: CommandContext) => Promise<number>> = {
  clusters: runClusters,
  infobases: runInfobases,
  sessions: runSessions,
  processes: runProcesses,
  licenses: runLicenses,
  blocking: runBlocking,
  terminate: runTerminate,
  lock: (c) => runLock(c, true),
  unlock: (c) => runLock(c, false),
  record: runRecord,
  history: runHistory,
  // zod and the rules engine load only for watch: a plain `sessions --json` starts fast.
  watch: async (c) => (await import('./watch-command')).runWatch(c),
}

/** Runs one command line; resolves to the exit status (0 ok, 1 failure, 2 bad usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseCli(argv)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    io.stderr.write(`clusterdesk: ${e.message}\n\n${USAGE}`)
    return 2
  }
  if (parsed.kind === 'help') {
    io.stdout.write(USAGE)
    return 0
  }
  if (parsed.kind === 'simulator') {
    const { runSimulatorCli } = await import('../simulator/cli')
    await runSimulatorCli(parsed.argv)
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  }
  const o = parsed.options
  let pool: ClusterPool | null = null
  try {
    const directory = await cliDirectory(o, io)
    pool = new ClusterPool(directory, {
      maxConnections: 4,
      idleMs: 5_000,
      connectTimeoutMs: Math.min(o.timeoutMs ?? 5_000, 5_000),
      requestTimeoutMs: o.timeoutMs ?? 30_000,
    })
    const status = await COMMAND_RUNNERS[o.command]({ o, io, pool, directory })
    return status
  } catch (e) {
    // Some usage can only be judged against the server (a --to already past on its clock).
    if (e instanceof UsageError) {
      io.stderr.write(`clusterdesk: ${e.message}\n\n${USAGE}`)
      return 2
    }
    io.stderr.write(`clusterdesk: ${terminalText(failureLine(e))}\n`)
    return 1
  } finally {
    await pool?.dispose()
  }
}

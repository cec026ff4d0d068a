/**
 * A test rig for the `clusterdesk` CLI as a real child process (docs/architecture.md §8.1): a
 * simulator started in this process and a temp user-data folder for the file's tests, and `cli()`
 * that runs one command line against them.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { AUDIT_FILE_NAME } from '../../../src-main/services/audit'
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../src-main/simulator'
import { tempDir } from '../services/support'

const ROOT = join(import.meta.dirname, '../../..')

export const ADMIN = { user: 'admin', password: 'Пароль-1' }
export const IB_ADMIN = { user: 'Администратор', password: 'ib-pass' }

/** Two clusters guarded by a cluster and an infobase administrator; fixed seed, no living world. */
export const GUARDED_SIMULATOR: SimulatorOptions = {
  clusters: 2,
  infobases: 4,
  sessions: 40,
  seed: 11,
  clusterAdmin: ADMIN,
  infobaseAdmin: IB_ADMIN,
  live: false,
}

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

export interface CliRig {
  readonly sim: RunningSimulator
  /** The first cluster's id. */
  readonly cluster: string
  /** The user-data folder (CLUSTERDESK_HOME) of every run. */
  readonly home: string
  /** `--host … --port …` of the simulator. */
  readonly base: string[]
  /** `base` plus the cluster administrator's `--cluster-user` / `--cluster-pwd`, when it has one. */
  readonly login: string[]
  /** Runs `clusterdesk <args>` with only PATH, HOME and CLUSTERDESK_HOME set, plus `env`. */
  cli(args: string[], env?: Record<string, string>): Promise<CliRun>
}

/** Registers the before-all / after-all hooks of this test file and returns its rig. */
export function cliRig(homePrefix: string, simulator: SimulatorOptions): CliRig {
  let sim: RunningSimulator | undefined
  let home: { dir: string; remove: () => Promise<void> } | undefined
  beforeAll(async () => {
    home = await tempDir(homePrefix)
    sim = await startSimulator(simulator)
  })
  afterAll(async () => {
    await sim?.stop()
    await home?.remove()
  })
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the CLI rig is used before its beforeAll')
    return value
  }
  const rig: CliRig = {
    get sim() {
      return started(sim)
    },
    get cluster() {
      return rig.sim.clusters[0]!.id
    },
    get home() {
      return started(home).dir
    },
    get base() {
      return ['--host', rig.sim.host, '--port', String(rig.sim.port)]
    },
    get login() {
      const admin = simulator.clusterAdmin
      return admin ? [...rig.base, '--cluster-user', admin.user, '--cluster-pwd', admin.password] : rig.base
    },
    cli: (args, env = {}) =>
      runCli(args, { PATH: process.env.PATH ?? '', HOME: rig.home, CLUSTERDESK_HOME: rig.home, ...env }),
  }
  return rig
}

function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src-main/cli/main.ts', ...args],
      { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/** The entries of the audit file in `home` (docs/architecture.md §7.5), oldest first. */
export function auditEntries(home: string): Array<Record<string, unknown>> {
  return readFileSync(join(home, AUDIT_FILE_NAME), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

/** A loopback port nothing listens on (it was free a moment ago). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

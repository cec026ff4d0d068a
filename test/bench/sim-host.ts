/**
 * The simulators the bench talks to. By default they run in a child process, so the server's
 * CPU and heap (the simulated world) do not land in the figures of the process under test —
 * as with a real ras on another machine. `inProcess` is for the smoke test (fast, no spawn).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import type { FaultSettings, RunningSimulator } from '../../src-main/simulator'

export interface SimSpec {
  sessions: number
  infobases?: number
  seed?: number
  faults?: Partial<FaultSettings>
}

export interface SimAddress {
  host: string
  port: number
  cluster: string
}

export interface SimHost {
  sims: SimAddress[]
  stop(): Promise<void>
}

/** Every bench simulator has a cluster administrator, so each list pays for a real login. */
export const CLUSTER_ADMIN = { user: 'bench', password: 'bench-Пароль' }

export async function startSims(specs: readonly SimSpec[], o: { inProcess?: boolean } = {}): Promise<SimHost> {
  return o.inProcess ? startInProcess(specs) : startChild(specs)
}

export async function startInProcess(specs: readonly SimSpec[]): Promise<SimHost> {
  const { startSimulator } = await import('../../src-main/simulator')
  const running: RunningSimulator[] = []
  for (const s of specs) {
    running.push(
      await startSimulator({
        port: 0,
        clusters: 1,
        infobases: s.infobases ?? 8,
        sessions: s.sessions,
        seed: s.seed ?? 42,
        clusterAdmin: CLUSTER_ADMIN,
        live: false,
        faults: s.faults,
      }),
    )
  }
  return {
    sims: running.map((r) => ({ host: r.host, port: r.port, cluster: r.clusters[0]!.id })),
    stop: async () => {
      await Promise.all(running.map((r) => r.stop()))
    },
  }
}

const CHILD = fileURLToPath(new URL('./sim-child.ts', import.meta.url))

async function startChild(specs: readonly SimSpec[]): Promise<SimHost> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    stdio: ['pipe', 'pipe', 'inherit'],
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  })
  child.stdin!.end(JSON.stringify(specs))
  const lines = createInterface({ input: child.stdout! })
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`simulator child exited (code ${String(code)}) before it was ready`)
  })
  const ready = (async () => {
    for await (const line of lines) {
      if (line.startsWith('{')) return JSON.parse(line) as { sims: SimAddress[] }
    }
    throw new Error('simulator child closed its output before it was ready')
  })()
  const { sims } = await Promise.race([ready, exited])
  exited.catch(() => undefined)
  return {
    sims,
    stop: async () => {
      if (child.exitCode !== null) return
      const gone = once(child, 'exit')
      child.kill('SIGTERM')
      await gone
    },
  }
}

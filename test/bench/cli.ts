/**
 * Item 3: the CLI as a whole process — `clusterdesk sessions --json` for N sessions, from spawn
 * to exit with the JSON read. Reference: `node -e 0` (bare Node start-up) in the same run.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { blankRow, fmtInt, fmtRate, measurePairTimed, ratioOf, type BenchRow, type RunOptions } from './harness'
import { CLUSTER_ADMIN, type SimAddress } from './sim-host'

/** The whole process may take at most this multiple of a bare `node -e 0` in the same run. */
export const CLI_TARGET_RATIO = 2.3
export const CLI_PATH = fileURLToPath(new URL('../../out/node/cli.js', import.meta.url))

interface Ran {
  ms: number
  code: number | null
  stdout: string
  stderr: string
}

/** A CLI run longer than this is killed (a prompt or a hang must not stall the bench). */
const KILL_AFTER_MS = 30_000

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, args, {
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: KILL_AFTER_MS,
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => out.push(c))
    child.stderr.on('data', (c: Buffer) => err.push(c))
    child.on('error', reject)
    child.on('close', (code) =>
      resolve({
        ms: performance.now() - t0,
        code,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      }),
    )
  })
}

/** Sessions in the CLI's JSON, whatever its top-level shape (array, {sessions: […]}, a table). */
export function countSessions(json: unknown): number | null {
  if (Array.isArray(json)) return json.length
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>
    if (typeof o.count === 'number') return o.count
    for (const key of ['sessions', 'rows', 'value']) if (key in o) return countSessions(o[key])
  }
  return null
}

export async function benchCli(sim: SimAddress, sessions: number, o: RunOptions): Promise<BenchRow> {
  const args = [
    CLI_PATH,
    'sessions',
    '--host',
    sim.host,
    '--port',
    String(sim.port),
    '--cluster',
    sim.cluster,
    '--cluster-user',
    CLUSTER_ADMIN.user,
    '--json',
  ]
  const env = { CLUSTERDESK_CLUSTER_PWD: CLUSTER_ADMIN.password }
  const base = blankRow('3', 'CLI `sessions --json`, whole process', {
    size: `${fmtInt(sessions)} sessions`,
    reference: 'node -e 0',
    target: `≤ ${CLI_TARGET_RATIO}× node -e 0`,
  })
  if (!existsSync(CLI_PATH)) return { ...base, note: `${CLI_PATH} missing: run npm run build` }
  const probe = await run(args, env)
  let parsed: unknown
  try {
    parsed = JSON.parse(probe.stdout)
  } catch {
    const said = (probe.stdout + probe.stderr).trim().split('\n')[0]?.slice(0, 120) ?? ''
    return { ...base, note: `CLI did not print JSON (exit ${String(probe.code)}): "${said}"` }
  }
  const count = countSessions(parsed)
  if (count !== sessions) return { ...base, note: `CLI JSON holds ${String(count)} sessions, expected ${sessions}` }
  const bytes = Buffer.byteLength(probe.stdout)
  const pair = await measurePairTimed(
    async () => {
      const r = await run(args, env)
      if (r.code !== 0 || r.stdout.length !== probe.stdout.length) throw new Error(`CLI run failed: ${r.stderr}`)
      return r.ms
    },
    async () => (await run(['-e', '0'])).ms,
    { ...o, gcBefore: false },
  )
  const ms = pair.measured.median
  const ratio = ratioOf(ms, pair.reference.median)
  return {
    ...base,
    median: ms,
    throughput: `${fmtRate(sessions / (ms / 1000), 'rec')} · ${(bytes / 1e6).toFixed(1)} MB JSON`,
    referenceValue: pair.reference.median,
    ratio,
    met: ratio !== null && ratio <= CLI_TARGET_RATIO,
    figures: { jsonBytes: bytes, samples: pair.measured.samples, referenceSamples: pair.reference.samples },
  }
}

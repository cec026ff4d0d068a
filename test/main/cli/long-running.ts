/**
 * A CLI command that runs until stopped (`record`, `watch`) as a real child process from the
 * sources: its stdout lines as they come, its stderr, and its exit.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '../../..')

export interface Running {
  child: ChildProcess
  lines: string[]
  stderr: () => string
  exited: Promise<number | string>
}

/** `node --import tsx <args>` in the repository root with only PATH, HOME and CLUSTERDESK_HOME (= home) set, plus `env`. */
export function startNode(args: string[], home: string, env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: home, CLUSTERDESK_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  let out = ''
  let err = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk
    const parts = out.split('\n')
    out = parts.pop()!
    lines.push(...parts)
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  const exited = once(child, 'exit').then(
    ([code, signal]) => (code === null ? `signal ${String(signal)}` : code) as number | string,
  )
  return { child, lines, stderr: () => err, exited }
}

/** Waits for `ok()` (polled), failing after `ms` with what the process said. */
export async function until(ok: () => boolean, what: string, r?: Running, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr: ${r?.stderr() ?? ''}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

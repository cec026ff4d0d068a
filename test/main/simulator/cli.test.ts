/** `npm run simulator`: flag parsing, the usage on bad flags (exit 2), and a real run until SIGTERM. */
import { spawn } from 'node:child_process'
import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { RasClient } from '../../../src-main/ras/client'
import { UsageError, parseSimulatorArgs } from '../../../src-main/simulator/cli'

const MAIN = 'src-main/simulator/main.ts'

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, exited, out: () => stdout, err: () => stderr }
}

describe('flags', () => {
  it('parses every flag', () => {
    expect(
      parseSimulatorArgs([
        '--host=0.0.0.0',
        '--port',
        '1545',
        '--clusters',
        '2',
        '--infobases',
        '20',
        '--sessions',
        '2000',
        '--seed',
        '7',
        '--cluster-admin',
        'admin:se:cret',
        '--infobase-admin',
        'Администратор:пароль',
        '--max-version',
        '11.0',
        '--latency',
        '5',
        '--split-writes',
        '3',
        '--drop-after',
        '4',
        '--stall-after',
        '6',
        '--garbage',
        '--refuse',
        '--keep-alive',
        '--oversize',
      ]),
    ).toEqual({
      host: '0.0.0.0',
      port: 1545,
      clusters: 2,
      infobases: 20,
      sessions: 2000,
      seed: 7,
      clusterAdmin: { user: 'admin', password: 'se:cret' },
      infobaseAdmin: { user: 'Администратор', password: 'пароль' },
      maxVersion: '11.0',
      live: true,
      faults: {
        latencyMs: 5,
        splitWrites: 3,
        dropAfterRequests: 4,
        stallAfterRequests: 6,
        garbage: true,
        refuseConnections: true,
        keepAliveBetweenReplies: true,
        oversizeLength: true,
      },
    })
  })

  it.each([
    [['--port', 'abc'], /--port must be a whole number/],
    [['--sessions', '-5'], /--sessions/],
    [['--cluster-admin', 'nopassword'], /user:password/],
    [['--max-version', '12.0'], /--max-version must be one of/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['extra'], /positional/i],
  ])('rejects %j', (args, message) => {
    expect(() => parseSimulatorArgs(args)).toThrow(UsageError)
    expect(() => parseSimulatorArgs(args)).toThrow(message)
  })
})

describe('npm run simulator', () => {
  it('prints a clear message and the usage for a bad flag, exit code 2', async () => {
    const run = runCli(['--clusters', 'many'])
    expect(await run.exited).toBe(2)
    expect(run.err()).toContain('--clusters must be a whole number')
    expect(run.err()).toContain('Usage: npm run simulator')
  })

  it('says so when the port is taken, exit code 1', async () => {
    const blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as net.AddressInfo).port
    const run = runCli(['--port', String(port)])
    expect(await run.exited).toBe(1)
    expect(run.err()).toContain(`cannot listen on 127.0.0.1:${port}`)
    await new Promise((resolve) => blocker.close(resolve))
  })

  it('serves until SIGTERM and prints the address, clusters and credentials', async () => {
    const run = runCli(['--port', '0', '--sessions', '25', '--cluster-admin', 'admin:secret'])
    const deadline = Date.now() + 15_000
    let match: RegExpExecArray | null = null
    while (!(match = /listening on ([\d.]+):(\d+)/.exec(run.out())) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(match, run.err()).not.toBeNull()
    expect(run.out()).toMatch(/cluster [0-9a-f-]{36} {2}Основной кластер/)
    expect(run.out()).toContain('cluster admin:  admin / secret')
    const client = await RasClient.connect({ host: match![1]!, port: Number(match![2]) })
    const [cluster] = await client.listClusters()
    await client.authenticateCluster(cluster!.cluster, 'admin', 'secret')
    expect(await client.listSessions(cluster!.cluster)).toHaveLength(25)
    await client.close()
    run.child.kill('SIGTERM')
    expect(await run.exited).toBe(0)
    expect(run.out()).toContain('simulator stopped')
  })
})

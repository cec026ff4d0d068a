/**
 * The audit log with real files: an action that reached the server is written whatever fails
 * after it, several processes appending at once lose and tear nothing, and a damaged line is
 * skipped and reported instead of failing the read.
 */
import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../../src-shared/contract'
import { RasError } from '../../../src-main/ras/errors'
import { AuditLog, audited } from '../../../src-main/services/audit'
import { createServices, openConfStore, type Services } from '../../../src-main/services'
import { startSimulator, type RunningSimulator } from '../../../src-main/simulator'
import { fakeSecretBox, profileInput, tempDir } from './support'

const ROOT = join(import.meta.dirname, '../../..')
const ENTRY = { action: 'lock', profile: 'Prod', server: 'srv:1545', cluster: 'c1', infobase: 'ib1' } as const

let dir: string
let remove: () => Promise<void>

beforeAll(async () => {
  ;({ dir, remove } = await tempDir('clusterdesk-audit-'))
})

afterAll(async () => {
  await remove?.()
})

async function entries(file: string): Promise<AuditEntry[]> {
  const text = await readFile(file, 'utf8')
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditEntry)
}

describe('audited: an action that reached the server is always written', () => {
  it('a throw after the server call (re-reading) is written as applied, then failed, with the text', async () => {
    const file = join(dir, 'after-apply.jsonl')
    const audit = new AuditLog(file)
    const reread = new RasError('network', 'cannot reach srv:1545: connection reset by the server')
    await expect(
      audited(
        audit,
        ENTRY,
        async (step) => {
          step.applied()
          throw reread
        },
        () => 'locked',
      ),
    ).rejects.toBe(reread)
    expect((await entries(file)).map((e) => e.outcome)).toEqual([
      'applied, then failed: NETWORK: cannot reach srv:1545: connection reset by the server',
    ])
  })

  it('an outcome text that throws is written, and the action that happened still succeeds', async () => {
    const file = join(dir, 'outcome-throws.jsonl')
    const audit = new AuditLog(file)
    const value = await audited(
      audit,
      ENTRY,
      async () => 42,
      () => new Date(9e17).toISOString(),
    )
    expect(value).toBe(42)
    const [entry] = await entries(file)
    expect(entry).toMatchObject({
      ...ENTRY,
      outcome: expect.stringMatching(/^done; .*RangeError: Invalid time value$/),
    })
  })

  it('a failure before the server call is written as failed, with the server text', async () => {
    const file = join(dir, 'before.jsonl')
    const audit = new AuditLog(file)
    const refused = new RasError('auth', 'Ошибка', { serverMessage: 'Администратор кластера не аутентифицирован' })
    await expect(
      audited(
        audit,
        ENTRY,
        async () => Promise.reject(refused),
        () => 'locked',
      ),
    ).rejects.toBe(refused)
    expect((await entries(file))[0]!.outcome).toBe('failed: AUTH: Администратор кластера не аутентифицирован')
  })
})

describe('terminate against the simulator', () => {
  let sim: RunningSimulator
  let services: Services
  let profileId: string
  let cluster: string
  const file = () => join(dir, 'services.jsonl')

  beforeAll(async () => {
    sim = await startSimulator({ clusters: 1, infobases: 2, sessions: 30, seed: 3, live: false })
    cluster = sim.clusters[0]!.id
    services = createServices({
      openStore: openConfStore(join(dir, 'profiles')),
      secretBox: fakeSecretBox(),
      auditFile: file(),
      pool: { connectTimeoutMs: 2000, requestTimeoutMs: 3000, maxConnections: 3 },
    })
    profileId = (await services.profiles.save(profileInput({ host: sim.host, port: sim.port, clusterUser: '' }))).id
  })

  afterAll(async () => {
    await services?.dispose()
    await sim?.stop()
  })

  it('a progress listener that throws: the sessions already ended are audited, none is ended after', async () => {
    const rows = (await services.sessions.listSessionRows(profileId, cluster)).rows.slice(0, 12)
    const broke = new Error('the window is gone')
    await expect(
      services.sessions.terminateSessions(
        profileId,
        cluster,
        rows.map((r) => r.session),
        'Обновление',
        (p) => {
          if (p.done === 2) throw broke
        },
      ),
    ).rejects.toBe(broke)
    const ended = sim.terminated.map((t) => t.session)
    expect(ended.length).toBeGreaterThanOrEqual(2)
    expect(ended.length).toBeLessThan(rows.length) // it stopped
    const entry = (await entries(file())).find((e) => e.action === 'terminate')!
    expect(entry.outcome).toBe(
      `terminated ${ended.length}, gone 0, failed 0; then failed: INTERNAL: Error: the window is gone`,
    )
    const byId = new Map(rows.map((r) => [r.session, r]))
    expect(new Set(entry.sessions!.map((s) => s.sessionId))).toEqual(
      new Set(ended.map((id) => byId.get(id)!.sessionId)),
    )
  })
})

describe('AuditLog file', () => {
  it('several processes appending at once: no line lost, none torn', async () => {
    const file = join(dir, 'concurrent.jsonl')
    const writers = ['app', 'cli-1', 'cli-2']
    const count = 200
    const children = writers.map((name) =>
      spawn(process.execPath, ['--import', 'tsx', 'test/main/services/audit-writer.ts', file, name, String(count)], {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    )
    const stderr: string[] = children.map(() => '')
    children.forEach((c, i) => c.stderr.on('data', (d: Buffer) => (stderr[i] += d.toString())))
    const exited = children.map((c) => new Promise<number | null>((resolve) => c.once('exit', (code) => resolve(code))))
    // start together, so the appends really overlap
    await Promise.all(children.map((c) => new Promise((resolve) => c.stdout.once('data', resolve))))
    for (const c of children) c.stdin.end('go\n')
    expect(await Promise.all(exited)).toEqual([0, 0, 0])
    expect(stderr).toEqual(['', '', ''])

    const lines = (await readFile(file, 'utf8')).split('\n')
    expect(lines.pop()).toBe('') // the file ends with a complete line
    let torn = 0
    const seen = new Map<string, Set<number>>(writers.map((w) => [w, new Set()]))
    for (const line of lines) {
      try {
        const e = JSON.parse(line) as AuditEntry
        const i = Number(e.outcome.split(' ')[1])
        expect(e.message).toBe(i % 10 === 0 ? 'ж'.repeat(300 * 1024) : `entry ${i}`)
        seen.get(e.profile)!.add(i)
      } catch {
        torn++
      }
    }
    expect(torn).toBe(0)
    expect(lines).toHaveLength(writers.length * count)
    for (const w of writers) expect(seen.get(w)!.size, w).toBe(count)
    const log = new AuditLog(file)
    expect(await log.read(10_000)).toHaveLength(writers.length * count)
    expect(log.lastRead).toEqual({ skipped: 0 })
  }, 60_000)

  it('a damaged line is skipped and reported; the other entries still read', async () => {
    const file = join(dir, 'damaged.jsonl')
    const good = (n: number) => JSON.stringify({ time: '2026-01-01T00:00:00.000Z', ...ENTRY, outcome: `ok ${n}` })
    await writeFile(
      file,
      [
        good(1),
        good(2).slice(0, 40), // cut short
        '{"time":"x","action":"lock"}', // not an entry
        '[1,2]',
        JSON.stringify({ time: 't', ...ENTRY, outcome: 'x', sessions: 'all' }),
        good(3),
        '',
      ].join('\n'),
    )
    const logged: string[] = []
    const log = new AuditLog(file, undefined, (line) => logged.push(line))
    expect((await log.read(10)).map((e) => e.outcome)).toEqual(['ok 3', 'ok 1'])
    expect(log.lastRead).toEqual({ skipped: 4 })
    expect(logged).toEqual([`audit: skipped 4 damaged line(s) in ${file}`])
  })
})

/**
 * History across real processes: two writers on one file at once (store level and two
 * `clusterdesk record`), and the CLI's `record` / `history top` end to end against the simulator
 * with a saved profile (docs/architecture.md §8.1).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openHistory } from '../../../src-main/history/history-file'
import { openConfStore } from '../../../src-main/services/conf-store'
import { ProfileService } from '../../../src-main/services/profiles'
import { ADMIN, GUARDED_SIMULATOR, cliRig, freePort } from '../cli/cli-rig'
import { startNode, until, type Running } from '../cli/long-running'
import { fakeSecretBox, profileInput } from '../services/support'

const ROOT = join(import.meta.dirname, '../../..')
const rig = cliRig('clusterdesk-cli-history-', GUARDED_SIMULATOR)

const start = (args: string[], env: Record<string, string> = {}) => startNode(args, rig.home, env)

const PROFILE = 'История прод'
const pwd = { CLUSTERDESK_CLUSTER_PWD: ADMIN.password }

async function saveProfile(): Promise<void> {
  const profiles = new ProfileService({ openStore: openConfStore(rig.home), secretBox: fakeSecretBox() })
  if (profiles.findByName(PROFILE)) return
  await profiles.save(
    profileInput({
      name: PROFILE,
      host: rig.sim.host,
      port: rig.sim.port,
      clusterUser: ADMIN.user,
      clusterPassword: null,
    }),
  )
}

function integrity(file: string): { check: string; samples: number; raw: number } {
  const db = new Database(file, { readonly: true })
  try {
    return {
      check: db.pragma('integrity_check', { simple: true }) as string,
      samples: (db.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n,
      raw: (db.prepare('SELECT count(*) AS n FROM raw').get() as { n: number }).n,
    }
  } finally {
    db.close()
  }
}

const sampleLines = (r: Running) => r.lines.filter((l) => l.includes('(server time)'))

describe('history in real processes', () => {
  it('two processes writing one file at once: integrity ok, every sample of both present', async () => {
    const file = join(rig.home, 'two-writers.sqlite')
    const child = join(ROOT, 'test/main/history/writer-child.ts')
    const writers = [
      start([child, file, '0a1b2c3d-0000-4000-8000-00000000000a', '1', '150']),
      start([child, file, '0a1b2c3d-0000-4000-8000-00000000000b', '2', '150']),
      start([child, file, '0a1b2c3d-0000-4000-8000-00000000000a', '3', '150']),
    ]
    await until(() => writers.every((w) => w.lines[0] === 'ready'), 'three writers ready')
    writeFileSync(`${file}.go`, '')
    const codes = await Promise.all(writers.map((w) => w.exited))
    expect(codes, writers.map((w) => w.stderr()).join('\n')).toEqual([0, 0, 0])
    expect(writers.map((w) => w.lines[1])).toEqual(['150', '150', '150'])
    expect(integrity(file)).toEqual({ check: 'ok', samples: 450, raw: 450 })
    const { store } = openHistory(file)
    const totals = store.totals('0a1b2c3d-0000-4000-8000-00000000000a', { from: 0, to: Infinity })
    expect(totals).toHaveLength(300)
    expect(totals.every((t) => t.sessions === 500)).toBe(true)
    store.close()
  }, 120_000)

  it('record --profile samples every cluster until SIGINT; history top prints the top users in server time', async () => {
    await saveProfile()
    const file = join(rig.home, 'cli.sqlite')
    const rec = start(['src-main/cli/main.ts', 'record', '--profile', PROFILE, '--every', '1s', '--history', file], pwd)
    await until(() => sampleLines(rec).length >= 4, 'four samples', rec)
    rec.child.kill('SIGINT')
    expect(await rec.exited, rec.stderr()).toBe(0)
    const lines = sampleLines(rec)
    expect(lines.length % 2).toBe(0) // both clusters of every round: a sample is never cut short
    expect(lines[0]).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(server time\) {2}\S.* \d+ sessions, \d+ written \(full\)$/,
    )
    expect(integrity(file)).toMatchObject({ check: 'ok', samples: lines.length })

    const json = await rig.cli(['history', 'top', '--profile', PROFILE, '--history', file, '--by', 'calls', '--json'])
    expect(json.stderr).toBe('')
    expect(json.code).toBe(0)
    const top = JSON.parse(json.stdout)
    expect(top).toMatchObject({ timeZone: 'server', by: 'calls', samples: lines.length })
    const { store } = openHistory(file)
    const to = store.newest()! + 1
    const want = store.top({
      from: to - 86_400_000,
      to,
      by: 'calls',
      limit: 10,
      server: `${rig.sim.host}:${rig.sim.port}`,
    })
    store.close()
    expect(top.users.length).toBeGreaterThan(0)
    expect(top.users.map((u: { userName: string; calls: number }) => [u.userName, u.calls])).toEqual(
      want.users.map((u) => [u.userName, Math.round(u.consumption.calls)]),
    )
    expect(top.sessions[0]).toMatchObject({ session: want.sessions[0]!.session, rank: 1 })

    const table = await rig.cli(['history', 'top', '--profile', PROFILE, '--history', file, '--since', '2h'])
    expect(table.code).toBe(0)
    expect(table.stdout.split('\n')[0]).toMatch(/^Top users by cpu, .* \(server time\), \d+ samples$/)
    const csv = await rig.cli(['history', 'top', '--profile', PROFILE, '--history', file, '--csv'])
    expect(csv.stdout.startsWith('\uFEFF"kind";"rank";')).toBe(true)
    const bad = await rig.cli(['history', 'top', '--profile', PROFILE, '--by', 'disk'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--by must be one of cpu, memory, dbms, calls')
  }, 120_000)

  it("record without --every takes the interval the app's history settings saved in the file", async () => {
    await saveProfile()
    const file = join(rig.home, 'settings.sqlite')
    const { store } = openHistory(file)
    store.saveSettings({ rawHours: 24, aggregateDays: 30, totalsDays: 90, maxMegabytes: 512, everySeconds: 15 })
    store.close()
    const rec = start(['src-main/cli/main.ts', 'record', '--profile', PROFILE, '--history', file], pwd)
    await until(() => sampleLines(rec).length >= 1, 'a sample', rec)
    rec.child.kill('SIGINT')
    expect(await rec.exited, rec.stderr()).toBe(0)
    expect(rec.stderr()).toContain(`every 15 s into ${file}`)
  }, 120_000)

  it('two `clusterdesk record` at once on one file: every sample of both is there', async () => {
    await saveProfile()
    const file = join(rig.home, 'two-recorders.sqlite')
    const args = ['src-main/cli/main.ts', 'record', '--profile', PROFILE, '--every', '1s', '--history', file]
    const a = start(args, pwd)
    const b = start(args, pwd)
    await until(() => sampleLines(a).length >= 6 && sampleLines(b).length >= 6, 'six samples from each', a)
    a.child.kill('SIGTERM')
    b.child.kill('SIGTERM')
    expect([await a.exited, await b.exited], a.stderr() + b.stderr()).toEqual([0, 0])
    const written = sampleLines(a).length + sampleLines(b).length
    expect(integrity(file)).toEqual({ check: 'ok', samples: written, raw: written })
  }, 120_000)

  it('an unreachable server is retried with back-off and said on stderr; SIGTERM still ends cleanly', async () => {
    const port = await freePort()
    const file = join(rig.home, 'down.sqlite')
    const rec = start([
      'src-main/cli/main.ts',
      'record',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--every',
      '1s',
      '--history',
      file,
    ])
    await until(() => (rec.stderr().match(/unreachable/g) ?? []).length >= 2, 'two failed attempts', rec)
    expect(rec.stderr()).toMatch(/127\.0\.0\.1:\d+ unreachable \(.+\); retrying in 1 s\n[^]*retrying in 2 s/)
    rec.child.kill('SIGTERM')
    expect(await rec.exited).toBe(0)
    expect(sampleLines(rec)).toEqual([])
  }, 120_000)
})

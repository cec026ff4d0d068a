/**
 * The `clusterdesk` CLI as a real child process against a simulator started in this process:
 * output formats, passwords, failures with the server's own words, exit codes.
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openConfStore } from '../../../src-main/services/conf-store'
import { ProfileService } from '../../../src-main/services/profiles'
import { startSimulator, type RunningSimulator } from '../../../src-main/simulator'
import { fakeSecretBox, profileInput, tempDir } from '../services/support'

const ROOT = join(import.meta.dirname, '../../..')
const ADMIN = { user: 'admin', password: 'Пароль-1' }
const IB_ADMIN = { user: 'Администратор', password: 'ib-pass' }

interface Run {
  code: number
  stdout: string
  stderr: string
}

let home: { dir: string; remove: () => Promise<void> }

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src-main/cli/main.ts', ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home.dir,
          CLUSTERDESK_HOME: home.dir,
          ...env,
        },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 20_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

let sim: RunningSimulator
let cluster: string
let base: string[]
let login: string[]

beforeAll(async () => {
  home = await tempDir('clusterdesk-cli-')
  sim = await startSimulator({
    clusters: 2,
    infobases: 4,
    sessions: 40,
    seed: 11,
    clusterAdmin: ADMIN,
    infobaseAdmin: IB_ADMIN,
    live: false,
  })
  cluster = sim.clusters[0]!.id
  base = ['--host', sim.host, '--port', String(sim.port)]
  login = [...base, '--cluster-user', ADMIN.user, '--cluster-pwd', ADMIN.password]
})

afterAll(async () => {
  await sim?.stop()
  await home?.remove()
})

/** The simulator's wall clock (server time) `minutes` from now, as typed for --from/--to. */
function serverMinute(minutes: number): string {
  return new Date(sim.world.serverNow() + minutes * 60_000).toISOString().slice(0, 16).replace('T', ' ')
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/

describe('clusterdesk CLI', () => {
  it('clusters --json: one array, spec field names, lowercase UUIDs', async () => {
    const r = await cli(['clusters', ...base, '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const list = JSON.parse(r.stdout)
    expect(list).toHaveLength(2)
    expect(list[0]).toMatchObject({ cluster: expect.stringMatching(UUID), host: expect.any(String), port: 1541 })
    expect(list.map((c: { cluster: string; name: string }) => [c.cluster, c.name])).toEqual(
      sim.clusters.map((c) => [c.id, c.name]),
    )
    expect(Object.keys(list[0])).toEqual(expect.arrayContaining(['expirationTimeout', 'killProblemProcesses', 'name']))
  })

  it('infobases --json and the default table', async () => {
    const r = await cli(['infobases', ...login, '--cluster', cluster.toUpperCase(), '--json'])
    expect(r.code).toBe(0)
    const list = JSON.parse(r.stdout)
    expect(list).toHaveLength(4)
    expect(Object.keys(list[0])).toEqual(['infobase', 'name', 'descr'])
    const table = await cli(['infobases', ...login, '--cluster', cluster])
    expect(table.code).toBe(0)
    expect(table.stdout.split('\n')[0]).toMatch(/^infobase\s+name\s+descr$/)
    expect(table.stdout).toContain(list[0].name)
  })

  it('sessions --json: every session with its infobase name, typed values, server times', async () => {
    const r = await cli(['sessions', ...login, '--cluster', cluster, '--json'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    const rows = JSON.parse(r.stdout)
    const world = sim.world.sessions(cluster)
    expect(rows).toHaveLength(world.length)
    const names = new Map(sim.world.requireCluster(cluster).infobases.map((ib) => [ib.infobase, ib.name]))
    for (const row of rows) {
      const rec = world.find((s) => s.session === row.session)!
      expect(row.infobaseName).toBe(names.get(row.infobase))
      expect(row).toMatchObject({
        cluster,
        sessionId: rec.sessionId,
        userName: rec.userName,
        appId: rec.appId,
        hibernate: rec.hibernate,
        cpuTimeCurrent: rec.cpuTimeCurrent,
        memoryTotal: rec.memoryTotal,
        clientIp: rec.clientIp,
        startedAt: new Date(rec.startedAt!).toISOString().slice(0, 19),
      })
      expect(row.session).toMatch(UUID)
      expect(row.lastActiveAt).toMatch(TIME)
      expect(row.dbProcTookAt === null || TIME.test(row.dbProcTookAt)).toBe(true)
      expect(row).not.toHaveProperty('licenses')
      expect(row).not.toHaveProperty('isService')
    }
  })

  it('sessions without --cluster lists every cluster; --search is case-insensitive and Cyrillic-aware', async () => {
    const all = await cli(['sessions', ...login, '--json'])
    expect(all.code).toBe(0)
    const rows = JSON.parse(all.stdout)
    expect(rows).toHaveLength(
      sim.world.sessions(sim.clusters[0]!.id).length + sim.world.sessions(sim.clusters[1]!.id).length,
    )
    expect(new Set(rows.map((r: { cluster: string }) => r.cluster))).toEqual(new Set(sim.clusters.map((c) => c.id)))

    const someone = rows.find((r: { userName: string }) => /^[А-Я]/.test(r.userName))
    const surname = someone.userName.split(' ')[0] as string
    const found = await cli([
      'sessions',
      ...login,
      '--cluster',
      someone.cluster,
      '--search',
      surname.toUpperCase(),
      '--json',
    ])
    expect(found.code).toBe(0)
    const hits = JSON.parse(found.stdout)
    expect(hits.length).toBeGreaterThan(0)
    expect(
      hits.every((h: { userName: string; infobaseName: string }) =>
        `${h.userName} ${h.infobaseName}`.toLowerCase().includes(surname.toLowerCase()),
      ),
    ).toBe(true)
  })

  it('sessions --csv is Excel-friendly: BOM, ";" separator, CRLF, quoted fields', async () => {
    const r = await cli(['sessions', ...login, '--cluster', cluster, '--csv'])
    expect(r.code).toBe(0)
    expect(r.stdout.startsWith('\uFEFF"cluster";"session";')).toBe(true)
    const lines = r.stdout.slice(1).split('\r\n')
    expect(lines.at(-1)).toBe('')
    expect(lines).toHaveLength(sim.world.sessions(cluster).length + 2)
    expect(lines[0]).toContain('"infobaseName"')
    expect(lines[1]).toMatch(/^"[0-9a-f-]{36}";"[0-9a-f-]{36}";/)
    expect(lines[1]).toMatch(/"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"/)
    expect(r.stdout).not.toMatch(/[^\r]\n/)
  })

  it('a wrong cluster password: exit 1, one line with the server’s Russian text, nothing on stdout', async () => {
    const r = await cli([
      'sessions',
      ...base,
      '--cluster',
      cluster,
      '--cluster-user',
      'admin',
      '--cluster-pwd',
      'wrong',
    ])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain('Администратор кластера не аутентифицирован')
    expect(r.stderr).not.toContain('wrong')
  })

  it('takes the password from CLUSTERDESK_CLUSTER_PWD', async () => {
    const r = await cli(['sessions', ...base, '--cluster', cluster, '--cluster-user', 'admin', '--json'], {
      CLUSTERDESK_CLUSTER_PWD: ADMIN.password,
    })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).length).toBe(sim.world.sessions(cluster).length)
  })

  it('an unreachable host: exit 1 with a clear line', async () => {
    const port = await freePort()
    const r = await cli(['clusters', '--host', '127.0.0.1', '--port', String(port)])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^clusterdesk: cannot reach 127\.0\.0\.1:\d+: connection refused/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('a server that stops answering: exit 1 after --timeout', async () => {
    const stalled = await startSimulator({ seed: 2, sessions: 3, live: false, faults: { stallAfterRequests: 0 } })
    try {
      const t0 = Date.now()
      const r = await cli(['clusters', '--host', stalled.host, '--port', String(stalled.port), '--timeout', '0.5'])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/did not answer .* within 500 ms/)
      expect(Date.now() - t0).toBeLessThan(10_000)
    } finally {
      await stalled.stop()
    }
  })

  it.each([
    [[]],
    [['frobnicate']],
    [['--host', 'x']],
    [['sessions']],
    [['sessions', '--host', 'h', '--port', '0']],
    [['sessions', '--host', 'h', '--cluster', 'not-a-uuid']],
    [['sessions', '--host', 'h', '--json', '--csv']],
    [['sessions', '--host', 'h', '--bogus']],
    [['clusters', '--host', 'h', '--cluster', '11111111-1111-1111-1111-111111111111']],
    [['terminate', '--host', 'h', '--cluster', '11111111-1111-1111-1111-111111111111']],
    [['terminate', '--host', 'h', '--cluster', '11111111-1111-1111-1111-111111111111', '--all']],
    [['lock', '--host', 'h', '--cluster', '11111111-1111-1111-1111-111111111111']],
    [
      [
        'lock',
        '--host',
        'h',
        '--cluster',
        '11111111-1111-1111-1111-111111111111',
        '--infobase',
        '11111111-1111-1111-1111-111111111111',
        '--from',
        '2026-13-01 10:00',
      ],
    ],
    [['sessions', '--host', 'h', '--profile', 'p']],
  ])('bad usage %j: exit 2 with help on stderr', async (args) => {
    const r = await cli(args)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^clusterdesk: .+\n\nUsage: clusterdesk <command>/)
  })

  it('--help prints the usage on stdout with exit 0; simulator --help is the simulator’s', async () => {
    const r = await cli(['sessions', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Usage: clusterdesk <command>')
    const s = await cli(['simulator', '--help'])
    expect(s.code).toBe(0)
    expect(s.stdout).toContain('fake 1C RAS server')
  })

  it('terminate: one outcome per session (gone is not an error), audited in the user data folder', async () => {
    const victims = sim.world
      .sessions(cluster)
      .filter((s) => s.appId === '1CV8C')
      .slice(0, 2)
    const gone = '00000000-0000-4000-8000-00000000beef'
    const r = await cli([
      'terminate',
      ...login,
      '--cluster',
      cluster,
      '--session',
      victims[0]!.session,
      '--session',
      victims[1]!.session.toUpperCase(),
      '--session',
      gone,
      '--message',
      'Обновление, зайдите через 10 минут',
      '--json',
    ])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const results = JSON.parse(r.stdout)
    expect(results).toEqual([
      {
        session: victims[0]!.session,
        sessionId: victims[0]!.sessionId,
        userName: victims[0]!.userName,
        outcome: 'terminated',
        error: null,
      },
      {
        session: victims[1]!.session,
        sessionId: victims[1]!.sessionId,
        userName: victims[1]!.userName,
        outcome: 'terminated',
        error: null,
      },
      { session: gone, sessionId: 0, userName: '', outcome: 'gone', error: null },
    ])
    expect(sim.terminated.slice(-2).map((t) => t.message)).toEqual(Array(2).fill('Обновление, зайдите через 10 минут'))
    const audit = readFileSync(join(home.dir, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(audit.at(-1)).toMatchObject({ action: 'terminate', cluster, outcome: 'terminated 2, gone 1, failed 0' })
    expect(readFileSync(join(home.dir, 'audit.jsonl'), 'utf8')).not.toContain(ADMIN.password)
  })

  it('terminate --infobase --all spares service sessions', async () => {
    const ib = sim.world.requireCluster(cluster).infobases[0]!
    sim.world.addSession(cluster, { infobase: ib.infobase, appId: 'BackgroundJob' })
    sim.world.addSession(cluster, { infobase: ib.infobase, appId: '1CV8C' })
    const r = await cli(['terminate', ...login, '--cluster', cluster, '--infobase', ib.infobase, '--all'])
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')[0]).toMatch(/^outcome\s+session-id\s+user\s+session/)
    const left = sim.world.sessions(cluster).filter((s) => s.infobase === ib.infobase)
    expect(left.length).toBeGreaterThan(0)
    expect(left.every((s) => ['BackgroundJob', 'SystemBackgroundJob', 'SrvrConsole'].includes(s.appId))).toBe(true)
  })

  it('lock and unlock an infobase with infobase administrator credentials', async () => {
    const c = sim.world.requireCluster(cluster)
    const ib = c.infobases[1]!
    const ibLogin = ['--cluster', cluster, '--infobase', ib.infobase, '--infobase-user', IB_ADMIN.user]
    const wrong = await cli(['lock', ...login, ...ibLogin, '--infobase-pwd', 'nope'])
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain(`Недостаточно прав пользователя на информационную базу ${ib.name}`)
    expect(ib.sessionsDeny).toBe(false)

    const year = new Date(sim.world.serverNow()).getUTCFullYear() + 1
    const locked = await cli(
      [
        'lock',
        ...login,
        ...ibLogin,
        '--message',
        'Регламент',
        '--permission-code',
        '777',
        '--from',
        `${year}-01-10 22:00`,
        '--to',
        `${year}-01-11T06:30`,
        '--scheduled-jobs',
        '--json',
      ],
      { CLUSTERDESK_INFOBASE_PWD: IB_ADMIN.password },
    )
    expect(locked.stderr).toBe('')
    expect(locked.code).toBe(0)
    expect(JSON.parse(locked.stdout)).toEqual([
      {
        infobase: ib.infobase,
        name: ib.name,
        sessionsDeny: true,
        active: false,
        phase: 'scheduled',
        serverNow: expect.stringMatching(TIME),
        deniedFrom: `${year}-01-10T22:00:00`,
        deniedTo: `${year}-01-11T06:30:00`,
        deniedMessage: 'Регламент',
        permissionCode: '777',
        deniedParameter: ib.deniedParameter,
        scheduledJobsDeny: true,
      },
    ])
    expect(ib.sessionsDeny).toBe(true)
    expect(ib.deniedFrom).toBe(Date.UTC(year, 0, 10, 22))

    const unlocked = await cli(['unlock', ...login, ...ibLogin, '--infobase-pwd', IB_ADMIN.password])
    expect(unlocked.code).toBe(0)
    expect(unlocked.stdout).toMatch(/sessionsDeny\s+: no/)
    expect(unlocked.stdout).toMatch(/phase\s+: off: sessions allowed/)
    expect(ib.sessionsDeny).toBe(false)
  })

  it("lock without --from starts at the server's own now (an empty date) and says it is in effect", async () => {
    const ib = sim.world.requireCluster(cluster).infobases[2]!
    const ibLogin = ['--cluster', cluster, '--infobase', ib.infobase, '--infobase-user', IB_ADMIN.user]
    const to = serverMinute(60)
    const r = await cli(['lock', ...login, ...ibLogin, '--to', to], { CLUSTERDESK_INFOBASE_PWD: IB_ADMIN.password })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(ib.sessionsDeny).toBe(true)
    expect(ib.deniedFrom).toBeNull()
    expect(sim.world.sessionsDenied(ib)).toBe(true)
    expect(r.stdout).toMatch(/deniedFrom\s+: \n/)
    expect(r.stdout).toMatch(
      new RegExp(
        `phase\\s+: in effect now until ${to}:00 \\(server time now \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\)`,
      ),
    )
    const audit = readFileSync(join(home.dir, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(audit.at(-1)).toMatchObject({ action: 'lock', outcome: `locked from now (server time) to ${to}:00` })
    expect((await cli(['unlock', ...login, ...ibLogin], { CLUSTERDESK_INFOBASE_PWD: IB_ADMIN.password })).code).toBe(0)
  })

  it("a --to already past on the server's clock is bad usage (exit 2), saying the server's time", async () => {
    const ib = sim.world.requireCluster(cluster).infobases[2]!
    const ibLogin = ['--cluster', cluster, '--infobase', ib.infobase, '--infobase-user', IB_ADMIN.user]
    // ten minutes ago on the server (UTC+3), yet later than the desktop's UTC wall clock
    const past = serverMinute(-10)
    const r = await cli(['lock', ...login, ...ibLogin, '--to', past], { CLUSTERDESK_INFOBASE_PWD: IB_ADMIN.password })
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(
      new RegExp(
        `^clusterdesk: --to ${past}:00 has already passed on the server: its time is about \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:00 \\(server time\\)\\n\\nUsage: clusterdesk`,
      ),
    )
    expect(ib.sessionsDeny).toBe(false)
    const before = await cli(['lock', ...login, ...ibLogin, '--from', serverMinute(60), '--to', serverMinute(30)])
    expect(before.code).toBe(2)
    expect(before.stderr).toMatch(/^clusterdesk: --to must be later than --from/)
  })

  it('--profile uses a saved profile; sealed passwords cannot be opened here and say so', async () => {
    const profiles = new ProfileService({ openStore: openConfStore(home.dir), secretBox: fakeSecretBox() })
    await profiles.save(
      profileInput({
        name: 'Склад прод',
        host: sim.host,
        port: sim.port,
        clusterUser: ADMIN.user,
        clusterPassword: ADMIN.password,
      }),
    )
    const sealed = await cli(['sessions', '--profile', 'склад прод', '--cluster', cluster, '--json'])
    expect(sealed.code).toBe(1)
    expect(sealed.stderr).toContain('sealed by the ClusterDesk app')
    expect(sealed.stderr).toContain('CLUSTERDESK_CLUSTER_PWD')
    const ok = await cli(['sessions', '--profile', 'Склад прод', '--cluster', cluster, '--json'], {
      CLUSTERDESK_CLUSTER_PWD: ADMIN.password,
    })
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout).length).toBe(sim.world.sessions(cluster).length)
    const missing = await cli(['clusters', '--profile', 'Нет такого'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('no saved profile named "Нет такого"')
    expect(missing.stderr).toContain('"Склад прод"')
  })

  it('--profile with a damaged profile file: kept aside, said in plain words, exit 1, the app is told', async () => {
    const other = await tempDir('clusterdesk-cli-damaged-')
    try {
      const file = join(other.dir, 'profiles.json')
      const truncated = '{"profiles": [{"id": "a", "name": "Prod", "host": "srv", "port": 15'
      writeFileSync(file, truncated)
      const r = await cli(['sessions', '--profile', 'Prod'], { CLUSTERDESK_HOME: other.dir })
      expect(r.code).toBe(1)
      expect(r.stdout).toBe('')
      expect(r.stderr).not.toContain('no saved profile named')
      const movedTo = /moved to (\S+) /.exec(r.stderr)?.[1]
      expect(r.stderr).toContain(`the saved profiles file ${file} is damaged`)
      expect(movedTo).toMatch(/profiles\.json\.corrupt-/)
      expect(r.stderr).toContain(`put it back as ${file}`)
      expect(readFileSync(movedTo!, 'utf8')).toBe(truncated)
      // the app started afterwards shows where the file went
      const app = new ProfileService({ openStore: openConfStore(other.dir), secretBox: fakeSecretBox() })
      expect((await app.state()).notices).toEqual([{ kind: 'corrupt-file-moved', movedTo }])
      expect(existsSync(file)).toBe(true)
    } finally {
      await other.remove()
    }
  })

  it('--profile refuses control and bidi characters without echoing them raw', async () => {
    const r = await cli(['sessions', '--profile', 'Prod\u001b]0;owned\u0007'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('contains a control character (U+001B)')
    expect(r.stderr).not.toContain('\u001b')
  })

  it('a read-only profile refuses to terminate', async () => {
    const profiles = new ProfileService({ openStore: openConfStore(home.dir), secretBox: fakeSecretBox() })
    await profiles.save(
      profileInput({
        name: 'RO',
        host: sim.host,
        port: sim.port,
        clusterUser: ADMIN.user,
        clusterPassword: null,
        protection: 'read-only',
      }),
    )
    const s = sim.world.sessions(cluster)[0]!
    const r = await cli(['terminate', '--profile', 'RO', '--cluster', cluster, '--session', s.session], {
      CLUSTERDESK_CLUSTER_PWD: ADMIN.password,
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('read-only')
    expect(sim.world.sessions(cluster).some((x) => x.session === s.session)).toBe(true)
  })
})

function freePort(): Promise<number> {
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

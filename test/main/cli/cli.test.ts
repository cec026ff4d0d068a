/**
 * The `clusterdesk` CLI as a real child process against a simulator started in this process:
 * output formats, passwords, failures with the server's own words, exit codes. Terminate and
 * lock: `actions.test.ts`; saved profiles: `profiles.test.ts`.
 */
import { describe, expect, it } from 'vitest'
import { startSimulator } from '../../../src-main/simulator'
import { ADMIN, GUARDED_SIMULATOR, cliRig, freePort } from './cli-rig'

const rig = cliRig('clusterdesk-cli-', GUARDED_SIMULATOR)
const { cli } = rig

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/

describe('clusterdesk CLI', () => {
  it('clusters --json: one array, spec field names, lowercase UUIDs', async () => {
    const r = await cli(['clusters', ...rig.base, '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const list = JSON.parse(r.stdout)
    expect(list).toHaveLength(2)
    expect(list[0]).toMatchObject({ cluster: expect.stringMatching(UUID), host: expect.any(String), port: 1541 })
    expect(list.map((c: { cluster: string; name: string }) => [c.cluster, c.name])).toEqual(
      rig.sim.clusters.map((c) => [c.id, c.name]),
    )
    expect(Object.keys(list[0])).toEqual(expect.arrayContaining(['expirationTimeout', 'killProblemProcesses', 'name']))
  })

  it('infobases --json and the default table', async () => {
    const r = await cli(['infobases', ...rig.login, '--cluster', rig.cluster.toUpperCase(), '--json'])
    expect(r.code).toBe(0)
    const list = JSON.parse(r.stdout)
    expect(list).toHaveLength(4)
    expect(Object.keys(list[0])).toEqual(['infobase', 'name', 'descr'])
    const table = await cli(['infobases', ...rig.login, '--cluster', rig.cluster])
    expect(table.code).toBe(0)
    expect(table.stdout.split('\n')[0]).toMatch(/^infobase\s+name\s+descr$/)
    expect(table.stdout).toContain(list[0].name)
  })

  it('sessions --json: every session with its infobase name, typed values, server times', async () => {
    const r = await cli(['sessions', ...rig.login, '--cluster', rig.cluster, '--json'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    const rows = JSON.parse(r.stdout)
    const world = rig.sim.world.sessions(rig.cluster)
    expect(rows).toHaveLength(world.length)
    const names = new Map(rig.sim.world.requireCluster(rig.cluster).infobases.map((ib) => [ib.infobase, ib.name]))
    for (const row of rows) {
      const rec = world.find((s) => s.session === row.session)!
      expect(row.infobaseName).toBe(names.get(row.infobase))
      expect(row).toMatchObject({
        cluster: rig.cluster,
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
    const all = await cli(['sessions', ...rig.login, '--json'])
    expect(all.code).toBe(0)
    const rows = JSON.parse(all.stdout)
    expect(rows).toHaveLength(
      rig.sim.world.sessions(rig.sim.clusters[0]!.id).length + rig.sim.world.sessions(rig.sim.clusters[1]!.id).length,
    )
    expect(new Set(rows.map((r: { cluster: string }) => r.cluster))).toEqual(new Set(rig.sim.clusters.map((c) => c.id)))

    const someone = rows.find((r: { userName: string }) => /^[А-Я]/.test(r.userName))
    const surname = someone.userName.split(' ')[0] as string
    const found = await cli([
      'sessions',
      ...rig.login,
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
    const r = await cli(['sessions', ...rig.login, '--cluster', rig.cluster, '--csv'])
    expect(r.code).toBe(0)
    expect(r.stdout.startsWith('\uFEFF"cluster";"session";')).toBe(true)
    const lines = r.stdout.slice(1).split('\r\n')
    expect(lines.at(-1)).toBe('')
    expect(lines).toHaveLength(rig.sim.world.sessions(rig.cluster).length + 2)
    expect(lines[0]).toContain('"infobaseName"')
    expect(lines[1]).toMatch(/^"[0-9a-f-]{36}";"[0-9a-f-]{36}";/)
    expect(lines[1]).toMatch(/"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"/)
    expect(r.stdout).not.toMatch(/[^\r]\n/)
  })

  it('a wrong cluster password: exit 1, one line with the server’s Russian text, nothing on stdout', async () => {
    const r = await cli([
      'sessions',
      ...rig.base,
      '--cluster',
      rig.cluster,
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
    const r = await cli(['sessions', ...rig.base, '--cluster', rig.cluster, '--cluster-user', 'admin', '--json'], {
      CLUSTERDESK_CLUSTER_PWD: ADMIN.password,
    })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).length).toBe(rig.sim.world.sessions(rig.cluster).length)
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
})

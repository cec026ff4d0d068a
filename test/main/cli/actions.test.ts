/**
 * The CLI's destructive commands as a real child process against a simulator: terminate (one
 * outcome per session, audited) and the infobase lock, judged on the server's clock
 * (docs/architecture.md §3.6, §5).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ADMIN, GUARDED_SIMULATOR, IB_ADMIN, auditEntries, cliRig } from './cli-rig'

const rig = cliRig('clusterdesk-cli-actions-', GUARDED_SIMULATOR)
const { cli } = rig

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/

/** The simulator's wall clock (server time) `minutes` from now, as typed for --from/--to. */
function serverMinute(minutes: number): string {
  return new Date(rig.sim.world.serverNow() + minutes * 60_000).toISOString().slice(0, 16).replace('T', ' ')
}

/** The flags naming an infobase of the first cluster and its administrator (password from elsewhere). */
const infobaseLogin = (infobase: string) => [
  '--cluster',
  rig.cluster,
  '--infobase',
  infobase,
  '--infobase-user',
  IB_ADMIN.user,
]

describe('clusterdesk terminate, lock and unlock', () => {
  it('terminate: one outcome per session (gone is not an error), audited in the user data folder', async () => {
    const victims = rig.sim.world
      .sessions(rig.cluster)
      .filter((s) => s.appId === '1CV8C')
      .slice(0, 2)
    const gone = '00000000-0000-4000-8000-00000000beef'
    const r = await cli([
      'terminate',
      ...rig.login,
      '--cluster',
      rig.cluster,
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
    expect(rig.sim.terminated.slice(-2).map((t) => t.message)).toEqual(
      Array(2).fill('Обновление, зайдите через 10 минут'),
    )
    const audit = auditEntries(rig.home)
    expect(audit.at(-1)).toMatchObject({
      action: 'terminate',
      cluster: rig.cluster,
      outcome: 'terminated 2, gone 1, failed 0',
    })
    expect(readFileSync(join(rig.home, 'audit.jsonl'), 'utf8')).not.toContain(ADMIN.password)
  })

  it('terminate --infobase --all spares service sessions', async () => {
    const ib = rig.sim.world.requireCluster(rig.cluster).infobases[0]!
    rig.sim.world.addSession(rig.cluster, { infobase: ib.infobase, appId: 'BackgroundJob' })
    rig.sim.world.addSession(rig.cluster, { infobase: ib.infobase, appId: '1CV8C' })
    const r = await cli(['terminate', ...rig.login, '--cluster', rig.cluster, '--infobase', ib.infobase, '--all'])
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')[0]).toMatch(/^outcome\s+session-id\s+user\s+session/)
    const left = rig.sim.world.sessions(rig.cluster).filter((s) => s.infobase === ib.infobase)
    expect(left.length).toBeGreaterThan(0)
    expect(left.every((s) => ['BackgroundJob', 'SystemBackgroundJob', 'SrvrConsole'].includes(s.appId))).toBe(true)
  })

  it('lock and unlock an infobase with infobase administrator credentials', async () => {
    const c = rig.sim.world.requireCluster(rig.cluster)
    const ib = c.infobases[1]!
    const ibLogin = infobaseLogin(ib.infobase)
    const wrong = await cli(['lock', ...rig.login, ...ibLogin, '--infobase-pwd', 'nope'])
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain(`Недостаточно прав пользователя на информационную базу ${ib.name}`)
    expect(ib.sessionsDeny).toBe(false)

    const year = new Date(rig.sim.world.serverNow()).getUTCFullYear() + 1
    const locked = await cli(
      [
        'lock',
        ...rig.login,
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

    const unlocked = await cli(['unlock', ...rig.login, ...ibLogin, '--infobase-pwd', IB_ADMIN.password])
    expect(unlocked.code).toBe(0)
    expect(unlocked.stdout).toMatch(/sessionsDeny\s+: no/)
    expect(unlocked.stdout).toMatch(/phase\s+: off: sessions allowed/)
    expect(ib.sessionsDeny).toBe(false)
  })

  it("lock without --from starts at the server's own now (an empty date) and says it is in effect", async () => {
    const ib = rig.sim.world.requireCluster(rig.cluster).infobases[2]!
    const ibLogin = infobaseLogin(ib.infobase)
    const to = serverMinute(60)
    const r = await cli(['lock', ...rig.login, ...ibLogin, '--to', to], { CLUSTERDESK_INFOBASE_PWD: IB_ADMIN.password })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(ib.sessionsDeny).toBe(true)
    expect(ib.deniedFrom).toBeNull()
    expect(rig.sim.world.sessionsDenied(ib)).toBe(true)
    expect(r.stdout).toMatch(/deniedFrom\s+: \n/)
    expect(r.stdout).toMatch(
      new RegExp(
        `phase\\s+: in effect now until ${to}:00 \\(server time now \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\)`,
      ),
    )
    const audit = auditEntries(rig.home)
    expect(audit.at(-1)).toMatchObject({ action: 'lock', outcome: `locked from now (server time) to ${to}:00` })
    expect(
      (await cli(['unlock', ...rig.login, ...ibLogin], { CLUSTERDESK_INFOBASE_PWD: IB_ADMIN.password })).code,
    ).toBe(0)
  })

  it("a --to already past on the server's clock is bad usage (exit 2), saying the server's time", async () => {
    const ib = rig.sim.world.requireCluster(rig.cluster).infobases[2]!
    const ibLogin = infobaseLogin(ib.infobase)
    // ten minutes ago on the server (UTC+3), yet later than the desktop's UTC wall clock
    const past = serverMinute(-10)
    const r = await cli(['lock', ...rig.login, ...ibLogin, '--to', past], {
      CLUSTERDESK_INFOBASE_PWD: IB_ADMIN.password,
    })
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(
      new RegExp(
        `^clusterdesk: --to ${past}:00 has already passed on the server: its time is about \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:00 \\(server time\\)\\n\\nUsage: clusterdesk`,
      ),
    )
    expect(ib.sessionsDeny).toBe(false)
    const before = await cli(['lock', ...rig.login, ...ibLogin, '--from', serverMinute(60), '--to', serverMinute(30)])
    expect(before.code).toBe(2)
    expect(before.stderr).toMatch(/^clusterdesk: --to must be later than --from/)
  })
})

/**
 * The CLI as a child process against a simulator that sends what a healthy server would not: a
 * datetime of INT64_MAX ticks (and negative ones), user names carrying terminal escape sequences,
 * bidi overrides and formula starts. The listing survives in every format, the table cannot drive
 * the terminal, JSON and CSV stay exact, and a lock is still written to the audit file.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { TICKS_AT_UNIX_EPOCH } from '../../../src-main/ras/codec'
import type { SessionRecord } from '../../../src-main/ras/records'
import { IB_ADMIN, auditEntries, cliRig } from './cli-rig'

/** The ServerTime the simulator encodes as exactly 0x7fffffffffffffff (and 0x8000000000000000). */
const MAX_TICKS_TIME = (2 ** 63 - TICKS_AT_UNIX_EPOCH) / 10
const MIN_TICKS_TIME = (-(2 ** 63) - TICKS_AT_UNIX_EPOCH) / 10
/** Window title (OSC), red colour, cursor up, a bell, a C1 CSI and a right-to-left override. */
const EVIL = 'Evil\x1b]0;pwned\x07\x1b[31mRed\x1b[2A\x9b2J\u202eexe.txt\ttab\x00'
const FORMULA = '=HYPERLINK("http://x","y")'

const rig = cliRig('clusterdesk-cli-odd-', {
  clusters: 1,
  infobases: 2,
  sessions: 6,
  seed: 5,
  infobaseAdmin: IB_ADMIN,
  live: false,
})
const { cli } = rig
let login: string[]
let far: SessionRecord
let evil: SessionRecord
let formula: SessionRecord

beforeAll(() => {
  const { sim, cluster } = rig
  login = [...rig.base, '--cluster', cluster]
  far = sim.world.addSession(cluster, { userName: 'Далёкое Будущее', appId: '1CV8C' })
  far.startedAt = MAX_TICKS_TIME
  far.lastActiveAt = MIN_TICKS_TIME
  far.dbProcTookAt = (-1 - TICKS_AT_UNIX_EPOCH) / 10 // -1 tick: before 0001-01-01
  evil = sim.world.addSession(cluster, { userName: EVIL, appId: '1CV8C' })
  formula = sim.world.addSession(cluster, { userName: FORMULA, appId: '1CV8C' })
  const c = sim.world.requireCluster(cluster)
  sim.world.sessionsChanged(c, [far, evil, formula])
})

describe('odd values from the server', () => {
  it('sessions --json: a datetime outside 0001–9999 is null, the rest of the list is intact', async () => {
    const r = await cli(['sessions', ...login, '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>
    expect(rows).toHaveLength(rig.sim.world.sessions(rig.cluster).length)
    expect(rows.find((x) => x.session === far.session)).toMatchObject({
      userName: 'Далёкое Будущее',
      startedAt: null,
      lastActiveAt: null,
      dbProcTookAt: null,
    })
    // exact, escapes and all: JSON is for programs
    expect(rows.find((x) => x.session === evil.session)!.userName).toBe(EVIL)
    expect(rows.find((x) => x.session === formula.session)!.userName).toBe(FORMULA)
    const normal = rows.find((x) => x.session !== far.session)!
    expect(normal.startedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/)
  })

  it('sessions (table): every row, control characters shown as escapes, nothing a terminal would act on', async () => {
    const r = await cli(['sessions', ...login])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(rig.sim.world.sessions(rig.cluster).length + 1)
    expect(r.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/)
    const evilLine = lines.find((l) => l.includes(evil.session))!
    expect(evilLine).toContain('Evil\\x1b]0;pwned\\x07\\x1b[31mRed\\x1b[2A\\x9b2J\\u202eexe.txt\\x09tab\\x00')
    const farLine = lines.find((l) => l.includes(far.session))!
    expect(farLine).toContain('Далёкое Будущее')
    expect(farLine).not.toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/) // both dates empty
    expect(lines.find((l) => l.includes(formula.session))).toContain(FORMULA)
  })

  it('sessions --csv: the list survives; text is exact with its formula guard', async () => {
    const r = await cli(['sessions', ...login, '--csv'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.slice(1).split('\r\n')
    expect(lines).toHaveLength(rig.sim.world.sessions(rig.cluster).length + 2)
    const header = lines[0]!.split(';')
    const farCells = lines.find((l) => l.includes(far.session))!.split(';')
    expect(farCells[header.indexOf('"startedAt"')]).toBe('""')
    expect(farCells[header.indexOf('"lastActiveAt"')]).toBe('""')
    expect(lines.find((l) => l.includes(evil.session))).toContain(`"${EVIL}"`)
    expect(lines.find((l) => l.includes(formula.session))).toContain(`"'${FORMULA.replace(/"/g, '""')}"`)
  })

  it('lock with such a session present: the lock is set, printed and audited', async () => {
    const ib = rig.sim.world.requireCluster(rig.cluster).infobases[0]!
    const r = await cli(
      ['lock', ...login, '--infobase', ib.infobase, '--infobase-user', IB_ADMIN.user, '--message', 'Регламент'],
      { CLUSTERDESK_INFOBASE_PWD: IB_ADMIN.password },
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/sessionsDeny\s+: yes/)
    expect(ib.sessionsDeny).toBe(true)
    const audit = auditEntries(rig.home)
    expect(audit.at(-1)).toMatchObject({
      action: 'lock',
      infobase: ib.infobase,
      outcome: expect.stringMatching(/^locked from /),
    })
  })
})

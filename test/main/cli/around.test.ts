/**
 * `clusterdesk processes`, `licenses`, `blocking` and `sessions --with-licenses` as real child
 * processes against a simulator started in this process (issue 18): table, --json and --csv,
 * checked against the simulated world.
 */
import { describe, expect, it } from 'vitest'
import type { SessionRecord } from '../../../src-main/ras/records'
import { GUARDED_SIMULATOR, cliRig } from './cli-rig'

const rig = cliRig('clusterdesk-around-', GUARDED_SIMULATOR)
const { cli } = rig

const blockerOf = (s: SessionRecord) => s.blockedByDbms || s.blockedByLs

describe('clusterdesk around a session', () => {
  it('processes --json: every process of every cluster with its sessions; table and CSV', async () => {
    const r = await cli(['processes', ...rig.login, '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>
    const world = rig.sim.world
    expect(rows).toHaveLength(world.clusters.reduce((n, c) => n + c.processes.length, 0))
    for (const c of world.clusters) {
      const mine = rows.filter((row) => row.cluster === c.info.cluster)
      for (const p of c.processes) {
        const row = mine.find((x) => x.process === p.process)!
        const sessions = [...c.sessions.values()].filter((s) => s.process === p.process).length
        expect(row).toMatchObject({ host: p.host, pid: p.pid, sessions, memorySize: p.memorySize })
        expect(row.state).toBe(p.enable ? 'running' : 'off')
      }
      expect(mine.filter((x) => x.serverReceivesSessions === false).map((x) => x.host)).toEqual(
        expect.arrayContaining([expect.stringMatching(/rsv/)]),
      )
    }
    const table = await cli(['processes', ...rig.login, '--cluster', rig.cluster])
    expect(table.code).toBe(0)
    expect(table.stdout.split('\n')[0]).toMatch(/^host\s+port\s+pid\s+state\s+memory-kb/)
    expect(table.stdout).toMatch(/\boff\b/)
    const csv = await cli(['processes', ...rig.login, '--cluster', rig.cluster, '--csv'])
    expect(csv.stdout.startsWith('\uFEFF"cluster";"process";"host"')).toBe(true)
  })

  it('licenses: by licence server, series and kind; sleepers; unique users', async () => {
    const r = await cli(['licenses', ...rig.login, '--cluster', rig.cluster, '--json'])
    expect(r.code).toBe(0)
    const [lic] = JSON.parse(r.stdout)
    const sessions = rig.sim.world.sessions(rig.cluster)
    const holding = sessions.filter((s) => s.licenses.length > 0)
    expect(lic).toMatchObject({
      cluster: rig.cluster,
      sessions: sessions.length,
      sessionsWithLicense: holding.length,
      sleepingWithLicense: holding.filter((s) => s.hibernate).length,
      uniqueUsers: new Set(holding.map((s) => s.userName)).size,
    })
    expect(lic.groups.reduce((n: number, g: { sessions: number }) => n + g.sessions, 0)).toBe(holding.length)
    const table = await cli(['licenses', ...rig.login])
    expect(table.code).toBe(0)
    expect(table.stdout.split('\n')[0]).toMatch(/^licence-server\s+series\s+kind/)
    expect(table.stdout).toMatch(/\bhasp\b/)
    expect(table.stdout).toMatch(
      /Основной кластер: licence held by \d+ of \d+ sessions \(\d+ asleep\), \d+ unique users/,
    )
    expect(table.stdout).toContain('Резервный кластер:')
  })

  it('blocking: every blocked session, its chain and the head blocker', async () => {
    const r = await cli(['blocking', ...rig.login, '--cluster', rig.cluster, '--json'])
    expect(r.code).toBe(0)
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>
    const sessions = rig.sim.world.sessions(rig.cluster)
    const byNumber = new Map(sessions.map((s) => [s.sessionId, s]))
    const blocked = sessions.filter((s) => blockerOf(s) !== 0)
    expect(rows.map((x) => x.sessionId).sort()).toEqual(blocked.map((s) => s.sessionId).sort())
    for (const row of rows) {
      let at = byNumber.get(row.sessionId as number)!
      const chain = [at.sessionId]
      while (blockerOf(at)) {
        at = byNumber.get(blockerOf(at))!
        chain.push(at.sessionId)
      }
      expect(row.chain).toBe(chain.join(' → '))
      expect(row).toMatchObject({
        headSessionId: at.sessionId,
        headUserName: at.userName,
        headCallMs: at.durationCurrent,
      })
    }
    expect(Math.max(...rows.map((x) => x.depth as number))).toBeGreaterThanOrEqual(2)
    const table = await cli(['blocking', ...rig.login, '--cluster', rig.cluster])
    expect(table.stdout.split('\n')[0]).toMatch(/^session-id\s+user\s+infobase\s+waits-on\s+chain\s+head-user/)
  })

  it('sessions --with-licenses adds series, kind and licence server in every format', async () => {
    const r = await cli(['sessions', ...rig.login, '--cluster', rig.cluster, '--with-licenses', '--json'])
    expect(r.code).toBe(0)
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>
    for (const s of rig.sim.world.sessions(rig.cluster)) {
      const row = rows.find((x) => x.session === s.session)!
      const l = s.licenses[0]
      expect(row).toMatchObject({
        licenseSeries: l?.series ?? '',
        licenseKind: l ? (l.licenseType === 1 ? 'hasp' : 'software') : '',
        licenseServer: l ? `${l.rmngrAddress}:${l.rmngrPort}` : '',
      })
    }
    const csv = await cli(['sessions', ...rig.login, '--cluster', rig.cluster, '--with-licenses', '--csv'])
    expect(csv.stdout.split('\r\n')[0]).toContain('"licenseSeries";"licenseKind";"licenseServer"')
    const table = await cli(['sessions', ...rig.login, '--cluster', rig.cluster, '--with-licenses'])
    expect(table.stdout.split('\n')[0]).toMatch(/licence-series\s+licence-kind\s+licence-server\s+session$/)
    const plain = await cli(['sessions', ...rig.login, '--cluster', rig.cluster, '--json'])
    expect(Object.keys(JSON.parse(plain.stdout)[0])).not.toContain('licenseSeries')
    const misuse = await cli(['processes', ...rig.login, '--with-licenses'])
    expect(misuse.code).toBe(2)
    expect(misuse.stderr).toContain('option --with-licenses does not apply to "processes"')
  })
})

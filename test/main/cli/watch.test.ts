/**
 * `clusterdesk watch` as a real process against the simulator (issue 19): an alert line when a
 * rule fires and one when it clears, JSON lines with --json, a rules file changing the limits,
 * the once-a-minute look at the servers and licences, a bad rules file refused before anything
 * runs, and Ctrl+C ending it cleanly.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { WatchAlert } from '../../../src-shared/watch-contract'
import { licencesOf } from '../../../src-main/services/around-load'
import { licenceUse } from '../../../src-main/watch'
import { ADMIN, GUARDED_SIMULATOR, cliRig } from './cli-rig'
import { startNode, until } from './long-running'

const rig = cliRig('clusterdesk-cli-watch-', GUARDED_SIMULATOR)
const pwd = { CLUSTERDESK_CLUSTER_PWD: ADMIN.password }

describe('clusterdesk watch', () => {
  it('prints one JSON line when a long call fires and one when it clears; SIGINT ends it with 0', async () => {
    const c = rig.sim.world.requireCluster(rig.cluster)
    for (const s of c.sessions.values()) s.durationCurrent = 0
    rig.sim.world.touch(c)
    const rules = join(rig.home, 'rules.json')
    writeFileSync(rules, JSON.stringify({ longCallSeconds: 120, idleServer: false, pins: [{ userName: 'Никто' }] }))
    const args = ['src-main/cli/main.ts', 'watch', ...rig.base, '--cluster-user', ADMIN.user]
    const w = startNode([...args, '--cluster', rig.cluster, '--every', '1s', '--rules', rules, '--json'], rig.home, pwd)
    await until(() => w.stderr().includes('watching'), 'the watch to start', w)
    const s = [...c.sessions.values()].find((x) => x.appId === '1CV8C')!
    s.durationCurrent = 100_000 // under the file's 120 s
    rig.sim.world.sessionsChanged(c, [s])
    await new Promise((resolve) => setTimeout(resolve, 2500))
    expect(w.lines).toEqual([])
    s.durationCurrent = 150_000
    rig.sim.world.sessionsChanged(c, [s])
    await until(() => w.lines.length >= 1, 'the alert', w)
    await new Promise((resolve) => setTimeout(resolve, 2500)) // more looks: still one line
    s.durationCurrent = 0
    rig.sim.world.sessionsChanged(c, [s])
    await until(() => w.lines.length >= 2, 'the all-clear', w)
    w.child.kill('SIGINT')
    expect(await w.exited, w.stderr()).toBe(0)
    const alerts = w.lines.map((l) => JSON.parse(l) as WatchAlert)
    expect(alerts.map((a) => `${a.state} ${a.rule}`)).toEqual(['fired long-call', 'cleared long-call'])
    expect(alerts[0]).toMatchObject({ threshold: 120, subject: { session: s.session, userName: s.userName } })
    expect(alerts[0]!.value).toBeGreaterThanOrEqual(150)
    expect(alerts[1]!.id).toBe(alerts[0]!.id)
  }, 90_000)

  it('without --json prints a readable line per change, in server time', async () => {
    const c = rig.sim.world.requireCluster(rig.cluster)
    const s = [...c.sessions.values()].find((x) => x.appId === '1CV8C')!
    s.durationCurrent = 0
    rig.sim.world.sessionsChanged(c, [s])
    const args = ['src-main/cli/main.ts', 'watch', ...rig.base, '--cluster-user', ADMIN.user, '--cluster', rig.cluster]
    const w = startNode([...args, '--every', '1s'], rig.home, pwd)
    await until(() => w.stderr().includes('watching'), 'the watch to start', w)
    s.durationCurrent = 75_000
    rig.sim.world.sessionsChanged(c, [s])
    await until(() => w.lines.some((l) => l.includes('Long server call')), 'the alert', w)
    w.child.kill('SIGINT')
    expect(await w.exited, w.stderr()).toBe(0)
    const line = w.lines.find((l) => l.includes('Long server call'))!
    expect(line).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(server time\) {2}FIRED {4}Long server call: 7\d s {2}/)
    expect(line).toContain(`${s.userName} · session ${s.sessionId}`)
  }, 90_000)

  it("looks at the servers and licences too: the spare server is idle, licences above the file's share", async () => {
    const c = rig.sim.world.requireCluster(rig.cluster)
    const use = licenceUse(licencesOf(rig.sim.world.sessions(rig.cluster)))!
    const percent = Math.round((use.used / use.available) * 100)
    expect(percent).toBeGreaterThan(1)
    const spare = c.servers
      .filter(
        (s) =>
          ![...c.sessions.values()].some((x) =>
            c.processes.some((p) => p.process === x.process && p.host === s.agentHost),
          ),
      )
      .map((s) => s.name)
    expect(spare.length).toBeGreaterThan(0)
    const rules = join(rig.home, 'around-rules.json')
    const off = { longCallSeconds: 0, longJobCallSeconds: 0, blockedSeconds: 0, lockStarts: false, lockExpired: false }
    writeFileSync(rules, JSON.stringify({ ...off, lockEndsWithinMinutes: 0, licencesPercent: percent - 1 }))
    const args = ['src-main/cli/main.ts', 'watch', ...rig.base, '--cluster-user', ADMIN.user, '--cluster', rig.cluster]
    const w = startNode([...args, '--every', '1s', '--rules', rules, '--json'], rig.home, pwd)
    await until(() => w.lines.length >= spare.length + 1, 'the servers and licences alerts', w)
    w.child.kill('SIGINT')
    expect(await w.exited, w.stderr()).toBe(0)
    const alerts = w.lines.map((l) => JSON.parse(l) as WatchAlert)
    expect(alerts.filter((a) => a.rule === 'idle-server').map((a) => `${a.state} ${a.subject.server}`)).toEqual(
      spare.map((name) => `fired ${name}`),
    )
    expect(alerts.filter((a) => a.rule === 'licences')).toMatchObject([
      { state: 'fired', value: percent, threshold: percent - 1 },
    ])
    expect(alerts).toHaveLength(spare.length + 1)
  }, 90_000)

  it('refuses a rules file with an unknown or out-of-range rule, naming it, before connecting', async () => {
    const rules = join(rig.home, 'bad-rules.json')
    writeFileSync(rules, JSON.stringify({ longCallSeconds: -1, lockStart: true }))
    const r = await rig.cli(['watch', ...rig.base, '--rules', rules])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('longCallSeconds')
    expect(r.stderr).toContain('lockStart')
    expect(r.stdout).toBe('')
  })
})

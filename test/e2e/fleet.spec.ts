import { test, expect } from './fixtures'
import type { RunningSimulator } from '../../src-main/simulator'
import { isServiceAppId } from '../../src-main/ras/app-ids'

/** Active / sleeping / background sessions of every cluster of a simulator, as the fleet counts them. */
function expectedCounts(sim: RunningSimulator) {
  const c = { active: 0, sleeping: 0, service: 0 }
  for (const cluster of sim.world.clusters)
    for (const s of sim.world.sessions(cluster.info.cluster)) {
      if (isServiceAppId(s.appId)) c.service++
      else if (s.hibernate) c.sleeping++
      else c.active++
    }
  return c
}

const HOUR = 3600_000
const CLUSTER_ADMIN = { user: 'admin', password: 's3cret' }

test.describe('fleet view', () => {
  test.use({
    harness: {
      simulators: [
        { clusters: 1, infobases: 4, sessions: 30, seed: 21, clusterAdmin: CLUSTER_ADMIN },
        { clusters: 2, infobases: 3, sessions: 18, seed: 22 },
        // Answers TCP, then never a request: the fleet must not wait for it.
        { clusters: 1, infobases: 2, sessions: 5, seed: 23, faults: { stallAfterRequests: 0 } },
      ],
      profiles: [
        {
          name: 'Alpha prod',
          sim: 0,
          clusterUser: CLUSTER_ADMIN.user,
          password: CLUSTER_ADMIN.password,
          label: 'prod',
        },
        { name: 'Beta test', sim: 1, label: 'test' },
        { name: 'Gamma stalled', sim: 2, label: 'dev' },
        { name: 'Delta ask', sim: 1, askClusterPassword: true },
      ],
      // Long enough that the stalled server is still loading when a loaded CI machine has filled in
      // the others (4 s was not), short enough to see it end as a timeout.
      requestTimeoutMs: 15_000,
    },
  })

  test('every server at once: counts, locked infobase, a stalled one as an error; a click opens the tab', async ({
    app,
    ui,
  }) => {
    const fleet = ui.fleet
    const [alpha, beta] = app.sims as [RunningSimulator, RunningSimulator, RunningSimulator]
    const cluster = alpha.world.requireCluster()
    const lockedIb = cluster.infobases[1]!
    lockedIb.sessionsDeny = true
    lockedIb.deniedFrom = alpha.world.serverNow() - HOUR
    lockedIb.deniedTo = null
    lockedIb.deniedMessage = 'Обновление'
    alpha.world.touch(cluster)

    await fleet.open()
    await expect(fleet.root).toBeVisible()

    // The reachable servers fill in while the stalled one is still loading.
    await expect(fleet.server('Alpha prod')).toHaveAttribute('data-status', 'ok')
    await expect(fleet.server('Beta test')).toHaveAttribute('data-status', 'ok')
    await expect(fleet.server('Gamma stalled')).toHaveAttribute('data-status', 'loading')
    await expect(fleet.server('Delta ask')).toHaveAttribute('data-status', 'password')
    await expect(ui.shell.passwordPrompt).toHaveCount(0) // never prompts for all of them

    for (const [name, sim] of [
      ['Alpha prod', alpha],
      ['Beta test', beta],
    ] as const) {
      const want = expectedCounts(sim)
      await expect(fleet.sessions(name)).toHaveAttribute('data-active', String(want.active))
      await expect(fleet.sessions(name)).toHaveAttribute('data-sleeping', String(want.sleeping))
      await expect(fleet.sessions(name)).toHaveAttribute('data-service', String(want.service))
      await expect(fleet.clusters(name)).toHaveCount(sim.world.clusters.length)
    }
    expect(expectedCounts(beta).active).toBeGreaterThan(0)
    await expect(fleet.version('Alpha prod')).not.toBeEmpty()

    // The locked infobase, and only it.
    await expect(fleet.lockedInfobases('Alpha prod')).toHaveCount(1)
    await expect(fleet.lockedInfobases('Alpha prod')).toHaveAttribute('data-infobase-name', lockedIb.name)
    await expect(fleet.lockedCount('Beta test')).toHaveAttribute('data-count', '0')

    // The stalled server ends as an error with its own row; the others were never held.
    await expect(fleet.server('Gamma stalled')).toHaveAttribute('data-status', 'unreachable', { timeout: 30_000 })
    await expect(fleet.error('Gamma stalled')).toHaveAttribute('data-code', 'TIMEOUT')
    await app.shot('fleet-view')

    // A cluster link opens its tab and closes the drawer.
    const second = beta.world.clusters[1]!.info
    await fleet.openCluster('Beta test', second.name)
    await expect(fleet.root).toBeHidden()
    await expect(ui.shell.tab(second.name)).toHaveAttribute('data-active', 'true')
    await ui.sessions.waitForRows()
    await expect(ui.sessions.counts).toHaveAttribute('data-total', String(beta.world.sessions(second.cluster).length))
    await app.shot('fleet-opened-tab')

    // The locked infobase opens its own tab.
    await fleet.open()
    await expect(fleet.root).toBeVisible()
    await fleet.openLockedInfobase('Alpha prod', lockedIb.name)
    await expect(fleet.root).toBeHidden()
    await expect(ui.shell.tab(lockedIb.name)).toHaveAttribute('data-active', 'true')
  })
})

test.describe('find a user everywhere', () => {
  test.use({
    harness: {
      simulators: [
        { clusters: 1, infobases: 3, sessions: 25, seed: 31, clusterAdmin: CLUSTER_ADMIN },
        { clusters: 1, infobases: 3, sessions: 25, seed: 32 },
      ],
      profiles: [
        { name: 'North', sim: 0, clusterUser: CLUSTER_ADMIN.user, password: CLUSTER_ADMIN.password, label: 'prod' },
        { name: 'South', sim: 1, label: 'test' },
      ],
    },
  })

  test('a user logged in on two servers: grouped results from both, terminate one from the results', async ({
    app,
    ui,
  }) => {
    const find = ui.findUser
    const [north, south] = app.sims as [RunningSimulator, RunningSimulator]
    const [northId, southId] = app.profileIds as [string, string]
    const northIb = north.world.requireCluster().infobases[0]!
    const southIb = south.world.requireCluster().infobases[2]!
    const ivanovOn = (sim: RunningSimulator, infobase: string) =>
      sim.world.addSession(undefined, { userName: 'CORP\\ivanov', infobase, appId: '1CV8C' })
    const onNorth = ivanovOn(north, northIb.infobase)
    const onSouth = ivanovOn(south, southIb.infobase)

    // One server open in a tab: the search covers its loaded data.
    await ui.openSessions('North')
    await find.openWithShortcut()
    await expect(find.root).toBeVisible()
    await find.search('IVANOV')
    await expect(find.groups).toHaveCount(1)
    await expect(find.groups.first()).toHaveAttribute('data-profile-id', northId)
    await expect(find.result(onNorth.session)).toBeVisible()

    // Every saved server.
    await find.searchEveryServer()
    await ui.shell.moveMouseAside()
    await expect(find.groups).toHaveCount(2)
    const southGroup = find.groupOf(onSouth.session)
    await expect(southGroup).toHaveAttribute('data-profile-id', southId)
    await expect(southGroup).toHaveAttribute('data-infobase-name', southIb.name)
    await expect(find.groupFor(northIb.name)).toHaveAttribute('data-profile-id', northId)
    await expect(find.found).toHaveAttribute('data-total', '2')
    await app.shot('find-user')

    // Terminate the South one from the results, through the usual confirmation.
    const dialog = ui.terminateDialog
    await find.terminate(onSouth.session)
    await expect(dialog.root).toBeVisible()
    await expect(dialog.root).toHaveAttribute('data-mode', 'one')
    await expect(dialog.target).toContainText('South')
    await dialog.confirm({ message: 'Вы вошли дважды' })
    await expect(ui.terminateReport.root).toBeVisible()
    await expect(ui.terminateReport.terminated).toHaveAttribute('data-count', '1')
    expect(south.terminated).toEqual([
      expect.objectContaining({ session: onSouth.session, userName: 'CORP\\ivanov', message: 'Вы вошли дважды' }),
    ])
    expect(north.terminated).toEqual([])
    await ui.terminateReport.close()
    await expect(find.groups).toHaveCount(1)
    await expect(find.found).toHaveAttribute('data-total', '1')
  })
})

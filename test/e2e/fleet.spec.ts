import { test, expect } from './fixtures'
import { ClusterDeskPage } from './pages'
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

test.describe('fleet view', () => {
  test.use({
    harness: {
      simulators: [
        { clusters: 1, infobases: 4, sessions: 30, seed: 21, clusterAdmin: { user: 'admin', password: 's3cret' } },
        { clusters: 2, infobases: 3, sessions: 18, seed: 22 },
        // Answers TCP, then never a request: the fleet must not wait for it.
        { clusters: 1, infobases: 2, sessions: 5, seed: 23, faults: { stallAfterRequests: 0 } },
      ],
      profiles: [
        { name: 'Alpha prod', sim: 0, clusterUser: 'admin', password: 's3cret', label: 'prod' },
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
  }) => {
    const ui = new ClusterDeskPage(app.page)
    const [alpha, beta] = app.sims as [RunningSimulator, RunningSimulator, RunningSimulator]
    const [alphaId, betaId, gammaId, deltaId] = app.profileIds as [string, string, string, string]
    const cluster = alpha.world.requireCluster()
    const lockedIb = cluster.infobases[1]!
    lockedIb.sessionsDeny = true
    lockedIb.deniedFrom = alpha.world.serverNow() - HOUR
    lockedIb.deniedTo = null
    lockedIb.deniedMessage = 'Обновление'
    alpha.world.touch(cluster)

    await ui.byTestId('fleet-open').click()
    const view = ui.byTestId('fleet-view')
    await expect(view).toBeVisible()
    const row = (id: string) => view.locator(`[data-testid="fleet-row"][data-profile-id="${id}"]`)

    // The reachable servers fill in while the stalled one is still loading.
    await expect(row(alphaId)).toHaveAttribute('data-status', 'ok')
    await expect(row(betaId)).toHaveAttribute('data-status', 'ok')
    await expect(row(gammaId)).toHaveAttribute('data-status', 'loading')
    await expect(row(deltaId)).toHaveAttribute('data-status', 'password')
    await expect(ui.byTestId('password-prompt')).toHaveCount(0) // never prompts for all of them

    for (const [id, sim] of [
      [alphaId, alpha],
      [betaId, beta],
    ] as const) {
      const want = expectedCounts(sim)
      const sessions = row(id).locator('[data-testid="fleet-sessions"]')
      await expect(sessions).toHaveAttribute('data-active', String(want.active))
      await expect(sessions).toHaveAttribute('data-sleeping', String(want.sleeping))
      await expect(sessions).toHaveAttribute('data-service', String(want.service))
      await expect(row(id).locator('[data-testid="fleet-cluster"]')).toHaveCount(sim.world.clusters.length)
    }
    expect(expectedCounts(beta).active).toBeGreaterThan(0)
    await expect(row(alphaId).locator('[data-testid="fleet-version"]')).not.toBeEmpty()

    // The locked infobase, and only it.
    const locked = row(alphaId).locator('[data-testid="fleet-locked"]')
    await expect(locked).toHaveCount(1)
    await expect(locked).toHaveAttribute('data-infobase-name', lockedIb.name)
    await expect(row(betaId).locator('[data-testid="fleet-locked-count"]')).toHaveAttribute('data-count', '0')

    // The stalled server ends as an error with its own row; the others were never held.
    await expect(row(gammaId)).toHaveAttribute('data-status', 'unreachable', { timeout: 30_000 })
    await expect(row(gammaId).locator('[data-testid="fleet-error"]')).toHaveAttribute('data-code', 'TIMEOUT')
    await app.shot('fleet-view')

    // A cluster link opens its tab and closes the drawer.
    const second = beta.world.clusters[1]!.info
    await row(betaId)
      .locator('[data-testid="fleet-cluster"]')
      .nth(1)
      .locator('[data-testid="fleet-open-cluster"]')
      .click()
    await expect(view).toBeHidden()
    const tab = ui.byTestId('tab').filter({ hasText: second.name })
    await expect(tab).toHaveAttribute('data-active', 'true')
    await ui.waitForRows()
    await expect(ui.counts).toHaveAttribute('data-total', String(beta.world.sessions(second.cluster).length))
    await app.shot('fleet-opened-tab')

    // The locked infobase opens its own tab.
    await ui.byTestId('fleet-open').click()
    await expect(view).toBeVisible()
    await row(alphaId).locator('[data-testid="fleet-locked"]').click()
    await expect(view).toBeHidden()
    await expect(ui.tab(lockedIb.name)).toHaveAttribute('data-active', 'true')
  })
})

test.describe('find a user everywhere', () => {
  test.use({
    harness: {
      simulators: [
        { clusters: 1, infobases: 3, sessions: 25, seed: 31, clusterAdmin: { user: 'admin', password: 's3cret' } },
        { clusters: 1, infobases: 3, sessions: 25, seed: 32 },
      ],
      profiles: [
        { name: 'North', sim: 0, clusterUser: 'admin', password: 's3cret', label: 'prod' },
        { name: 'South', sim: 1, label: 'test' },
      ],
    },
  })

  test('a user logged in on two servers: grouped results from both, terminate one from the results', async ({
    app,
  }) => {
    const ui = new ClusterDeskPage(app.page)
    const [north, south] = app.sims as [RunningSimulator, RunningSimulator]
    const [northId, southId] = app.profileIds as [string, string]
    const northIb = north.world.requireCluster().infobases[0]!
    const southIb = south.world.requireCluster().infobases[2]!
    const onNorth = north.world.addSession(undefined, {
      userName: 'CORP\\ivanov',
      infobase: northIb.infobase,
      appId: '1CV8C',
    })
    const onSouth = south.world.addSession(undefined, {
      userName: 'CORP\\ivanov',
      infobase: southIb.infobase,
      appId: '1CV8C',
    })

    // One server open in a tab: the search covers its loaded data.
    await ui.openProfile('North')
    await ui.waitForRows()
    await ui.page.keyboard.press('Control+Shift+F')
    const panel = ui.byTestId('find-user')
    await expect(panel).toBeVisible()
    await panel.locator('[data-testid="find-user-input"] input').fill('IVANOV')
    const groups = panel.locator('[data-testid="find-user-group"]')
    await expect(groups).toHaveCount(1)
    await expect(groups.first()).toHaveAttribute('data-profile-id', northId)
    await expect(panel.locator(`[data-testid="find-user-row"][data-session="${onNorth.session}"]`)).toBeVisible()

    // Every saved server.
    await panel.locator('[data-testid="find-user-all"]').click()
    await ui.page.mouse.move(900, 650) // no tooltip in the picture
    await expect(groups).toHaveCount(2)
    const southGroup = groups.filter({ has: ui.page.locator(`[data-session="${onSouth.session}"]`) })
    await expect(southGroup).toHaveAttribute('data-profile-id', southId)
    await expect(southGroup).toHaveAttribute('data-infobase-name', southIb.name)
    await expect(groups.filter({ hasText: northIb.name })).toHaveAttribute('data-profile-id', northId)
    await expect(panel.locator('[data-testid="find-user-count"]')).toHaveAttribute('data-total', '2')
    await app.shot('find-user')

    // Terminate the South one from the results, through the usual confirmation.
    await southGroup.locator('[data-testid="find-user-terminate"]').click()
    await expect(ui.terminateDialog).toBeVisible()
    await expect(ui.terminateDialog).toHaveAttribute('data-mode', 'one')
    await expect(ui.byTestId('terminate-profile')).toContainText('South')
    await ui.byTestId('terminate-message').locator('textarea').fill('Вы вошли дважды')
    await ui.byTestId('terminate-confirm').click()
    await expect(ui.report).toBeVisible()
    await expect(ui.byTestId('report-terminated')).toHaveAttribute('data-count', '1')
    expect(south.terminated).toEqual([
      expect.objectContaining({ session: onSouth.session, userName: 'CORP\\ivanov', message: 'Вы вошли дважды' }),
    ])
    expect(north.terminated).toEqual([])
    await ui.byTestId('report-close').click()
    await expect(groups).toHaveCount(1)
    await expect(panel.locator('[data-testid="find-user-count"]')).toHaveAttribute('data-total', '1')
  })
})

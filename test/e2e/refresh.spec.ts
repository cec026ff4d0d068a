import { test, expect } from './fixtures'
import { ClusterDeskPage } from './pages'
import { startSimulator } from '../../src-main/simulator'

test.describe('refresh', () => {
  test.use({
    harness: {
      simulators: [
        { clusters: 1, infobases: 3, sessions: 20, seed: 21 },
        { clusters: 1, infobases: 3, sessions: 15, seed: 22 },
      ],
      profiles: [
        { name: 'One', sim: 0 },
        { name: 'Two', sim: 1 },
      ],
      requestTimeoutMs: 2000,
    },
  })

  test('auto-refresh shows new and ended sessions', async ({ app }) => {
    const ui = new ClusterDeskPage(app.page)
    const sim = app.sims[0]!
    await ui.openProfile('One')
    await ui.waitForRows()
    await ui.workspace.locator('[data-testid="auto-refresh"]').click()
    await ui.page
      .locator('.n-base-select-option')
      .filter({ hasText: /^5\s*(s|с)/ })
      .click()

    const cluster = sim.world.requireCluster()
    const gone = sim.world.sessions()[0]!
    sim.world.removeSession(cluster, gone.session)
    const added = sim.world.addSession(undefined, { userName: 'Новый Пользователь', appId: '1CV8C' })

    await expect(ui.row(added.session)).toBeVisible({ timeout: 15_000 })
    await expect(ui.row(gone.session)).toHaveCount(0)
    await expect(ui.byTestId('status-new')).toBeVisible()
    await expect(ui.byTestId('status-vanished')).toBeVisible()
    await app.shot('auto-refresh-new-sessions')
  })

  test('a server stopped mid-session: its tab shows the error and keeps stale data; others keep working; it recovers', async ({
    app,
  }) => {
    const ui = new ClusterDeskPage(app.page)
    await ui.openProfile('One')
    await ui.openProfile('Two')
    await ui.tab(/One/).click()
    await ui.waitForRows()
    const shownBefore = await ui.visibleSessionIds()

    const port = app.sims[0]!.port
    await app.sims[0]!.stop()
    await ui.byTestId('refresh').click()
    await expect(ui.byTestId('tab-error')).toBeVisible()
    await expect(ui.byTestId('status-line')).toHaveAttribute('data-stale', 'true')
    // The last data stays on screen, marked stale.
    await expect(ui.row(shownBefore[0]!)).toBeVisible()
    expect((await ui.shownOfTotal())[1]).toBe(20)
    await app.shot('server-down')

    await ui.tab(/Two/).click()
    await ui.byTestId('refresh').click()
    await ui.waitForRows()
    await expect(ui.byTestId('tab-error')).toHaveCount(0)

    // The server comes back on the same port.
    app.sims[0] = await startSimulator({ port, clusters: 1, infobases: 3, sessions: 20, seed: 21, live: false })
    await ui.tab(/One/).click()
    await ui.byTestId('refresh').click()
    await expect(ui.byTestId('tab-error')).toHaveCount(0, { timeout: 10_000 })
    await expect(ui.byTestId('status-line')).toHaveAttribute('data-stale', 'false')
  })
})

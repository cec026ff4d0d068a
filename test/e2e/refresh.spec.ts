import { test, expect } from './fixtures'
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

  test('auto-refresh shows new and ended sessions', async ({ app, ui }) => {
    const sim = app.sims[0]!
    const grid = ui.sessions
    await ui.openSessions('One')
    await grid.setAutoRefresh(5)

    const cluster = sim.world.requireCluster()
    const gone = sim.world.sessions()[0]!
    sim.world.removeSession(cluster, gone.session)
    const added = sim.world.addSession(undefined, { userName: 'Новый Пользователь', appId: '1CV8C' })

    await expect(grid.row(added.session)).toBeVisible({ timeout: 15_000 })
    await expect(grid.row(gone.session)).toHaveCount(0)
    await expect(grid.newSessionsNote).toBeVisible()
    await expect(grid.endedSessionsNote).toBeVisible()
    await app.shot('auto-refresh-new-sessions')
  })

  test('a server stopped mid-session: its tab shows the error and keeps stale data; others keep working; it recovers', async ({
    app,
    ui,
  }) => {
    const grid = ui.sessions
    await ui.profiles.open('One')
    await ui.profiles.open('Two')
    await ui.shell.selectTab(/One/)
    await grid.waitForRows()
    const shownBefore = await grid.visibleSessionIds()

    const port = app.sims[0]!.port
    await app.sims[0]!.stop()
    await grid.refresh()
    await expect(grid.error).toBeVisible()
    await expect(grid.statusLine).toHaveAttribute('data-stale', 'true')
    // The last data stays on screen, marked stale.
    await expect(grid.row(shownBefore[0]!)).toBeVisible()
    expect((await grid.shownOfTotal())[1]).toBe(20)
    await app.shot('server-down')

    await ui.shell.selectTab(/Two/)
    await grid.refresh()
    await grid.waitForRows()
    await expect(grid.error).toHaveCount(0)

    // The server comes back on the same port.
    app.sims[0] = await startSimulator({ port, clusters: 1, infobases: 3, sessions: 20, seed: 21, live: false })
    await ui.shell.selectTab(/One/)
    await grid.refresh()
    await expect(grid.error).toHaveCount(0, { timeout: 10_000 })
    await expect(grid.statusLine).toHaveAttribute('data-stale', 'false')
  })
})

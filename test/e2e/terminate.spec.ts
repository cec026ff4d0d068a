import { test, expect } from './fixtures'
import { ClusterDeskPage } from './pages'
import type { RunningSimulator } from '../../src-main/simulator'
import { isServiceAppId } from '../../src-main/ras/app-ids'

/** The first user (not service) session the grid shows. */
async function visibleUserSession(ui: ClusterDeskPage, sim: RunningSimulator) {
  const byId = new Map(sim.world.sessions().map((s) => [s.session, s]))
  const id = (await ui.visibleSessionIds()).find((i) => !isServiceAppId(byId.get(i)!.appId))!
  return byId.get(id)!
}

test.describe('terminate', () => {
  test.use({
    harness: {
      simulators: [{ clusters: 1, infobases: 4, sessions: 60, seed: 11 }],
      profiles: [{ name: 'Main', sim: 0, label: 'prod' }],
    },
  })

  test('one session, with a message the user will see', async ({ app }) => {
    const ui = new ClusterDeskPage(app.page)
    const sim = app.sims[0]!
    await ui.openProfile('Main')
    await ui.waitForRows()
    const victim = await visibleUserSession(ui, sim)
    await ui.rowAction(victim.session, 'terminate')
    await expect(ui.terminateDialog).toBeVisible()
    await expect(ui.byTestId('terminate-count')).toHaveAttribute('data-count', '1')
    await expect(ui.byTestId('terminate-profile')).toContainText('Main')
    await ui
      .byTestId('terminate-message')
      .locator('textarea')
      .fill('Обновление конфигурации, перезайдите через 10 минут')
    await app.shot('terminate-confirm')
    await ui.byTestId('terminate-confirm').click()
    await expect(ui.report).toBeVisible()
    await expect(ui.byTestId('report-terminated')).toHaveAttribute('data-count', '1')
    expect(sim.terminated).toEqual([
      expect.objectContaining({
        session: victim.session,
        message: 'Обновление конфигурации, перезайдите через 10 минут',
      }),
    ])
    await app.shot('terminate-report')
  })

  test('cancelling the confirmation terminates nothing', async ({ app }) => {
    const ui = new ClusterDeskPage(app.page)
    const sim = app.sims[0]!
    await ui.openProfile('Main')
    await ui.waitForRows()
    const victim = await visibleUserSession(ui, sim)
    await ui.rowAction(victim.session, 'terminate')
    await ui.terminateDialog.locator('[data-testid="dialog-cancel"]').click()
    await expect(ui.terminateDialog).toBeHidden()
    expect(sim.terminated).toEqual([])
    await expect(ui.row(victim.session)).toBeVisible()
  })

  test('the selected sessions', async ({ app }) => {
    const ui = new ClusterDeskPage(app.page)
    const sim = app.sims[0]!
    await ui.openProfile('Main')
    await ui.waitForRows()
    const ids = await ui.rows.evaluateAll((rows) => rows.slice(0, 3).map((r) => r.getAttribute('data-session')!))
    await ui.row(ids[0]!).click()
    await ui.row(ids[2]!).click({ modifiers: ['Shift'] })
    await expect(ui.workspace.locator('[data-testid="session-row"][data-selected="true"]')).toHaveCount(3)
    await ui.workspace.locator('[data-testid="terminate-selected"]').click()
    await expect(ui.byTestId('terminate-count')).toHaveAttribute('data-count', '3')
    await ui.byTestId('terminate-confirm').click()
    await expect(ui.report).toBeVisible()
    expect(sim.terminated.map((t) => t.session).sort()).toEqual([...ids].sort())
    await ui.byTestId('report-close').click()
    for (const id of ids) await expect(ui.row(id)).toHaveCount(0)
  })

  test('all sessions of an infobase, service sessions excluded', async ({ app }) => {
    const ui = new ClusterDeskPage(app.page)
    const sim = app.sims[0]!
    const cluster = sim.world.requireCluster()
    const infobase = cluster.infobases.find((ib) => {
      const inBase = sim.world.sessions().filter((s) => s.infobase === ib.infobase)
      return inBase.some((s) => isServiceAppId(s.appId)) && inBase.some((s) => !isServiceAppId(s.appId))
    })!
    const before = sim.world.sessions().filter((s) => s.infobase === infobase.infobase)
    await ui.openProfile('Main')
    await ui.waitForRows()
    await ui.byTestId('infobase-item').filter({ hasText: infobase.name }).click()
    await expect(ui.tab(infobase.name)).toBeVisible()
    await ui.waitForRows()
    await ui.workspace.locator('[data-testid="terminate-all"]').click()
    const confirm = ui.byTestId('terminate-confirm')
    await expect(confirm).toBeDisabled() // "all" needs the explicit checkbox first
    await ui.byTestId('terminate-ack').click()
    await expect(confirm).toBeEnabled()
    await app.shot('terminate-all-infobase')
    await confirm.click()
    await expect(ui.report).toBeVisible()
    const after = sim.world.sessions().filter((s) => s.infobase === infobase.infobase)
    expect(after.length).toBeGreaterThan(0)
    expect(after.every((s) => isServiceAppId(s.appId))).toBe(true)
    expect(sim.terminated.length).toBe(before.length - after.length)
  })
})

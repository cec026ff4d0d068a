import { test, expect } from './fixtures'
import { mainServer } from './worlds'
import type { ClusterDesk } from './pages'
import type { RunningSimulator } from '../../src-main/simulator'
import { isServiceAppId } from '../../src-main/ras/app-ids'

/** The first user (not service) session the grid shows. */
async function visibleUserSession(ui: ClusterDesk, sim: RunningSimulator) {
  const byId = new Map(sim.world.sessions().map((s) => [s.session, s]))
  const id = (await ui.sessions.visibleSessionIds()).find((i) => !isServiceAppId(byId.get(i)!.appId))!
  return byId.get(id)!
}

test.describe('terminate', () => {
  test.use({ harness: mainServer({ clusters: 1, infobases: 4, sessions: 60, seed: 11 }, { label: 'prod' }) })

  test('one session, with a message the user will see', async ({ app, ui }) => {
    const sim = app.sims[0]!
    const dialog = ui.terminateDialog
    await ui.openSessions('Main')
    const victim = await visibleUserSession(ui, sim)
    await ui.sessions.terminate(victim.session)
    await expect(dialog.root).toBeVisible()
    await expect(dialog.count).toHaveAttribute('data-count', '1')
    await expect(dialog.target).toContainText('Main')
    await dialog.setMessage('Обновление конфигурации, перезайдите через 10 минут')
    await app.shot('terminate-confirm')
    await dialog.confirm()
    await expect(ui.terminateReport.root).toBeVisible()
    await expect(ui.terminateReport.terminated).toHaveAttribute('data-count', '1')
    expect(sim.terminated).toEqual([
      expect.objectContaining({
        session: victim.session,
        message: 'Обновление конфигурации, перезайдите через 10 минут',
      }),
    ])
    await app.shot('terminate-report')
  })

  test('cancelling the confirmation terminates nothing', async ({ app, ui }) => {
    const sim = app.sims[0]!
    await ui.openSessions('Main')
    const victim = await visibleUserSession(ui, sim)
    await ui.sessions.terminate(victim.session)
    await ui.terminateDialog.cancel()
    await expect(ui.terminateDialog.root).toBeHidden()
    expect(sim.terminated).toEqual([])
    await expect(ui.sessions.row(victim.session)).toBeVisible()
  })

  test('the selected sessions', async ({ app, ui }) => {
    const sim = app.sims[0]!
    await ui.openSessions('Main')
    const ids = (await ui.sessions.visibleSessionIds()).slice(0, 3)
    await ui.sessions.select(ids[0]!)
    await ui.sessions.selectThrough(ids[2]!)
    await expect(ui.sessions.selectedRows).toHaveCount(3)
    await ui.sessions.terminateSelected()
    await expect(ui.terminateDialog.count).toHaveAttribute('data-count', '3')
    await ui.terminateDialog.confirm()
    await expect(ui.terminateReport.root).toBeVisible()
    expect(sim.terminated.map((t) => t.session).sort()).toEqual([...ids].sort())
    await ui.terminateReport.close()
    for (const id of ids) await expect(ui.sessions.row(id)).toHaveCount(0)
  })

  test('all sessions of an infobase, service sessions excluded', async ({ app, ui }) => {
    const sim = app.sims[0]!
    const cluster = sim.world.requireCluster()
    const infobase = cluster.infobases.find((ib) => {
      const inBase = sim.world.sessions().filter((s) => s.infobase === ib.infobase)
      return inBase.some((s) => isServiceAppId(s.appId)) && inBase.some((s) => !isServiceAppId(s.appId))
    })!
    const before = sim.world.sessions().filter((s) => s.infobase === infobase.infobase)
    await ui.openSessions('Main')
    await ui.openInfobase(infobase.name)
    await ui.sessions.terminateAll()
    const dialog = ui.terminateDialog
    await expect(dialog.confirmButton).toBeDisabled() // "all" asks for more than a click first
    await dialog.acknowledge()
    await expect(dialog.confirmButton).toBeEnabled()
    await app.shot('terminate-all-infobase')
    await dialog.confirm()
    await expect(ui.terminateReport.root).toBeVisible()
    const after = sim.world.sessions().filter((s) => s.infobase === infobase.infobase)
    expect(after.length).toBeGreaterThan(0)
    expect(after.every((s) => isServiceAppId(s.appId))).toBe(true)
    expect(sim.terminated.length).toBe(before.length - after.length)
  })
})

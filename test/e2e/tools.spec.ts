import { test, expect } from './fixtures'
import { ClusterDeskPage } from './pages'
import { isServiceAppId } from '../../src-main/ras/app-ids'

/** Opens an entry of the workspace's "Tools" menu. */
async function openTool(ui: ClusterDeskPage, id: string) {
  await ui.workspace.locator('[data-testid="tools-menu"]').click()
  await ui.page.locator(`[data-testid="${id}"]`).click()
}

test.describe('terminate by rule', () => {
  test.use({
    harness: {
      simulators: [{ clusters: 1, infobases: 3, sessions: 30, seed: 7 }],
      profiles: [{ name: 'Main', sim: 0, label: 'prod' }],
    },
  })

  test('preview matches the rule; sessions that appear after freezing are not touched', async ({ app }) => {
    const ui = new ClusterDeskPage(app.page)
    const sim = app.sims[0]!
    const temps = ['CORP\\temp01', 'CORP\\Temp02', 'CORP\\temp03'].map((userName) =>
      sim.world.addSession(undefined, { userName, appId: '1CV8C' }),
    )
    const web = sim.world.addSession(undefined, { userName: 'CORP\\temp04', appId: 'WebClient' })
    sim.world.addSession(undefined, { userName: 'CORP\\ivanov', appId: '1CV8C' })
    await ui.openProfile('Main')
    await ui.waitForRows()

    await openTool(ui, 'rule-terminate-open')
    const dialog = ui.byTestId('rule-terminate')
    await expect(dialog).toBeVisible()
    const count = dialog.locator('[data-testid="rule-preview-count"]')
    await expect(count).toHaveAttribute('data-count', '0') // no condition yet: nothing selected
    await dialog.locator('[data-testid="rule-user-mask"] input').fill('corp\\TEMP*')
    await expect(count).toHaveAttribute('data-count', '4')
    await dialog.locator('[data-testid="rule-app"][data-app-id="1CV8C"]').click()
    await expect(count).toHaveAttribute('data-count', '3')
    const previewIds = () =>
      dialog
        .locator('[data-testid="rule-preview-row"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session')!).sort())
    const expected = temps.map((s) => s.session).sort()
    expect(await previewIds()).toEqual(expected)
    expect(expected).not.toContain(web.session)

    await dialog.locator('[data-testid="rule-freeze"]').click()
    await expect(count).toHaveAttribute('data-frozen', 'true')
    // A matching session starts after the freeze; the workspace learns about it on refresh.
    const late = sim.world.addSession(undefined, { userName: 'CORP\\temp05', appId: '1CV8C' })
    const [, totalBefore] = await ui.shownOfTotal()
    await dialog.locator('[data-testid="rule-refresh"]').click()
    await expect(ui.counts).toHaveAttribute('data-total', String(totalBefore + 1))
    await expect(count).toHaveAttribute('data-count', '3')
    expect(await previewIds()).toEqual(expected)

    await dialog.locator('[data-testid="rule-message"] textarea').fill('Временные учётные записи отключаются')
    await app.shot('rule-terminate-review')
    await dialog.locator('[data-testid="rule-confirm"]').click()
    await expect(ui.report).toBeVisible()
    await expect(ui.byTestId('report-terminated')).toHaveAttribute('data-count', '3')
    expect(sim.terminated.map((t) => t.session).sort()).toEqual(expected)
    expect(sim.terminated.every((t) => t.message === 'Временные учётные записи отключаются')).toBe(true)
    expect(sim.world.sessions().some((s) => s.session === late.session)).toBe(true)
    await ui.byTestId('report-close').click()
    await expect(dialog).toBeHidden()
  })

  test('a large selection asks to type the count; service sessions only when included', async ({ app }) => {
    const ui = new ClusterDeskPage(app.page)
    const sim = app.sims[0]!
    await ui.openProfile('Main')
    await ui.waitForRows()
    const all = sim.world.sessions()
    const users = all.filter((s) => !isServiceAppId(s.appId))
    await openTool(ui, 'rule-terminate-open')
    const dialog = ui.byTestId('rule-terminate')
    await dialog.locator('[data-testid="rule-user-mask"] input').fill('*')
    const count = dialog.locator('[data-testid="rule-preview-count"]')
    await expect(count).toHaveAttribute('data-count', String(users.length))
    await dialog.locator('[data-testid="rule-include-service"]').click()
    await expect(count).toHaveAttribute('data-count', String(all.length))
    await dialog.locator('[data-testid="rule-include-service"]').click()
    await dialog.locator('[data-testid="rule-freeze"]').click()
    const confirm = dialog.locator('[data-testid="rule-confirm"]')
    await expect(confirm).toBeDisabled()
    await dialog.locator('[data-testid="rule-typed-count"] input').fill(String(users.length - 1))
    await expect(confirm).toBeDisabled()
    await dialog.locator('[data-testid="rule-typed-count"] input').fill(String(users.length))
    await expect(confirm).toBeEnabled()
    await confirm.click()
    await expect(ui.byTestId('report-terminated')).toHaveAttribute('data-count', String(users.length))
    expect(sim.world.sessions().every((s) => isServiceAppId(s.appId))).toBe(true)
    await ui.byTestId('report-close').click()
    await expect(ui.counts).toHaveAttribute('data-total', String(all.length - users.length))
  })
})

test.describe('hotspots', () => {
  test.use({
    harness: {
      simulators: [{ clusters: 1, infobases: 4, sessions: 60, seed: 11 }],
      profiles: [{ name: 'Main', sim: 0, label: 'prod' }],
    },
  })

  test('long calls and lock waits, interrupt offered first', async ({ app }) => {
    const ui = new ClusterDeskPage(app.page)
    const sim = app.sims[0]!
    const sessions = sim.world.sessions()
    const holders = sessions.filter((s) => s.durationCurrent >= 60_000)
    const waiters = sessions.filter((s) => s.blockedByDbms !== 0 || s.blockedByLs !== 0)
    expect(holders.length).toBeGreaterThan(0)
    expect(waiters.length).toBeGreaterThanOrEqual(2)
    await ui.openProfile('Main')
    await ui.waitForRows()
    await openTool(ui, 'hotspots-open')
    const panel = ui.byTestId('hotspots')
    await expect(panel).toBeVisible()
    for (const h of holders)
      await expect(panel.locator(`[data-testid="hotspot-long-call"][data-session="${h.session}"]`)).toBeVisible()
    for (const w of waiters) {
      const row = panel.locator(`[data-testid="hotspot-blocked"][data-session="${w.session}"]`).first()
      await expect(row).toBeVisible()
      await expect(row).toHaveAttribute('data-blocker', String(w.blockedByDbms || w.blockedByLs))
    }
    // Top 10 by current CPU: sessions with no CPU right now are not hotspots.
    const busy = sessions.filter((s) => s.cpuTimeCurrent > 0).sort((a, b) => b.cpuTimeCurrent - a.cpuTimeCurrent)
    const topRows = panel.locator('[data-testid="hotspot-row"]')
    await expect(topRows).toHaveCount(Math.min(10, busy.length))
    await expect(topRows.first()).toHaveAttribute('data-session', busy[0]!.session)
    await app.shot('hotspots')

    const holder = holders[0]!
    await panel
      .locator(`[data-testid="hotspot-long-call"][data-session="${holder.session}"] [data-testid="hotspot-interrupt"]`)
      .click()
    await expect(ui.byTestId('interrupt-dialog')).toBeVisible()
    await ui.byTestId('interrupt-confirm').click()
    await expect(ui.byTestId('interrupt-dialog')).toBeHidden()
    await expect.poll(() => sim.world.sessions().find((s) => s.session === holder.session)?.durationCurrent).toBe(0)
  })
})

/**
 * Watch and alerts on the demo (issue 19): its living world runs long server calls and forms
 * blocking chains; the app, refreshing the cluster, raises the alerts on its own — the bell turns
 * red for a session blocked longer than 30 s — and the notification centre shows each with its
 * time on the server's clock (Moscow, never this browser's zone) and opens its session.
 */
import { test, expect } from './fixtures'

test.describe('watch and alerts (demo)', () => {
  test.use({ harness: { demo: true } })

  test('a long call and a blocked session raise alerts; the centre opens the blocked session in its tab', async ({
    ui,
    app,
  }) => {
    await ui.shell.openDemo()
    await ui.sessions.waitForRows()
    const alerts = ui.alerts
    // Blocked for 30 s (the default) over the tab's refreshes: the worst, critical.
    await expect(alerts.bell).toHaveAttribute('data-level', 'critical', { timeout: 90_000 })
    await alerts.open()
    await expect(alerts.ofRule('blocked').first()).toBeVisible()
    // A long call fired too (it may have ended since: then it is among the latest).
    await expect(
      alerts.drawer.locator('[data-testid="alert-item"][data-rule$="call"][data-state="fired"]').first(),
    ).toBeVisible()
    // The live world clears chains too: hold on to this alert by its session, not by its place.
    const session = await alerts.ofRule('blocked').first().getAttribute('data-session')
    expect(session).toMatch(/^[0-9a-f-]{36}$/)
    const blocked = alerts.drawer
      .locator(`[data-testid="alert-item"][data-rule="blocked"][data-state="fired"][data-session="${session}"]`)
      .first()
    await expect(blocked).toContainText(/Session blocked for \d+ s by session \d+/)
    await expect(blocked.getByTestId('alert-time')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(server time\)$/)
    // The time is the simulated server's (Moscow), not this browser's zone.
    const at = Number(await blocked.getAttribute('data-at'))
    const moscowNow = Date.now() + 3 * 3_600_000
    expect(Math.abs(at - moscowNow)).toBeLessThan(10 * 60_000)
    await app.shot('alerts-centre')

    await blocked.getByTestId('alert-go').click()
    await expect(alerts.drawer).toBeHidden()
    // Its row, selected and drawn (the virtual grid draws only the rows around its scroll position).
    const selected = ui.page.locator('[data-testid="session-row"][data-selected="true"]')
    await expect(selected).toHaveCount(1)
    await expect(selected).toHaveAttribute('data-session', session!)
  })
})

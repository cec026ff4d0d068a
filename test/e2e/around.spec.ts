/**
 * Around a session on the demo cluster ("Open demo", a live world whose blocking chains form and
 * clear): a blocked session's chain up to its head (interrupt offered first), the session's
 * process and licence in its details; the cluster's processes and servers and its licences.
 * The screenshots are the README's (reports/screenshots → docs/screenshots).
 */
import type { Locator } from '@playwright/test'
import { test, expect } from './fixtures'

test.describe('around a session (demo)', () => {
  test.use({ harness: { demo: true } })

  test('a blocked session: its chain up to the head, its process and its licence', async ({ ui, app }) => {
    await ui.shell.openDemo()
    await ui.sessions.waitForRows()
    const around = ui.around
    await around.open('chains')
    // The demo starts with a chain two deep; the live world forms more while it runs.
    await expect(around.heads.first()).toBeVisible({ timeout: 30_000 })
    const head = around.heads.first()
    // The head offers the softer fix first: interrupt its current call, then terminate.
    await expect(head.getByRole('button')).toHaveText([/Interrupt current call/, /Terminate/])
    await expect(head.getByTestId('chain-head-call')).toHaveText(/\d s$/)
    await app.shot('blocking-chains')

    // A blocked session, opened from its chain: its own chain, process and licence.
    const blocked = await around.blockedSessions()
    expect(blocked.length).toBeGreaterThan(0)
    let withLicense: string | null = null
    for (const session of blocked.slice(0, 6)) {
      await around.openFromChain(session)
      await ui.surroundings.waitFor(session)
      await expect(ui.surroundings.process('pid')).toHaveText(/\d+/)
      await expect(ui.surroundings.process('startedAt')).toHaveText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/)
      if ((await ui.surroundings.license('series').count()) > 0) {
        withLicense = session
        break
      }
      await expect(ui.surroundings.noLicense).toBeVisible()
      await ui.page.keyboard.press('Escape')
      await expect(ui.sessions.details).toBeHidden()
    }
    expect(withLicense, 'a blocked session that holds a licence').not.toBeNull()
    await expect(ui.surroundings.license('series').first()).not.toBeEmpty()
    await expect(ui.surroundings.license('kind').first()).toHaveText(/software|HASP key/)
    // Every list's values start in one column down the drawer, whatever its labels' lengths.
    const left = async (l: Locator) => (await l.first().boundingBox())!.x
    const [pid, series] = [await left(ui.surroundings.process('pid')), await left(ui.surroundings.license('series'))]
    expect(Math.abs(pid - series)).toBeLessThanOrEqual(1)
    await app.shot('around-session')
  })

  test('processes and servers, then licences of the cluster and of every saved server', async ({ ui, app }) => {
    await ui.shell.openDemo()
    await ui.sessions.waitForRows()
    const around = ui.around
    await around.open('machinery')
    const idle = around.servers.and(app.page.locator('[data-receives="false"]'))
    await expect(idle.first()).toContainText('stopped receiving sessions')
    await expect(around.processes.and(app.page.locator('[data-state="off"]')).first()).toContainText('turned off')
    await app.shot('around-machinery')

    // From the keyboard: the views are a tablist, → moves to the next one and focuses it.
    await around.drawer.getByTestId('around-tab-machinery').focus()
    await app.page.keyboard.press('ArrowRight')
    await expect(around.drawer.getByTestId('around-tab-licenses')).toBeFocused()
    await expect(around.panel('licenses')).toHaveAttribute('data-loaded', 'true', { timeout: 15_000 })
    await expect(around.licenseGroups.and(app.page.locator('[data-kind="hasp"]')).first()).toBeVisible()
    await expect(around.licenseGroups.and(app.page.locator('[data-kind="software"]')).first()).toBeVisible()
    await around.panel('licenses').getByText('all saved servers').click()
    await expect(around.panel('licenses')).toHaveAttribute('data-scope', 'fleet')
    await expect(around.panel('licenses').getByText('All saved servers together')).toBeVisible({ timeout: 15_000 })
  })
})

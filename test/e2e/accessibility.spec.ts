/**
 * The main screens checked by axe-core (WCAG 2.1 A and AA rules) in both languages: no serious
 * or critical violation may appear. Each violation is reported with its rule, impact and the
 * elements it names, so a failure says what to fix.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { INFOBASE_ADMIN, mainServer } from './worlds'

const BLOCKING = new Set(['serious', 'critical'])

/** axe walks the whole DOM on every check: on a loaded two-core machine one check can take 20 s. */
test.slow()

/** Serious and critical violations on the page as it is now (or within one part of it), one readable line each. */
async function blockingViolations(page: Page, within?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
  const result = await (within ? builder.include(within) : builder).analyze()
  return result.violations
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)
}

for (const language of ['en', 'ru'] as const) {
  test.describe(`accessibility (${language})`, () => {
    test.use({ harness: { demo: true }, language })

    test('first start, the session grid, the terminate confirmation and the profile form', async ({ ui, app }) => {
      await expect(ui.shell.firstStart).toBeVisible()
      expect.soft(await blockingViolations(app.page), 'first start').toEqual([])

      await ui.shell.openDemo()
      await ui.sessions.waitForRows()
      expect.soft(await blockingViolations(app.page), 'session grid').toEqual([])

      await ui.sessions.select(await ui.sessions.topSessionId())
      await ui.sessions.terminateSelected()
      await expect(ui.terminateDialog.root).toBeVisible()
      expect.soft(await blockingViolations(app.page), 'terminate confirmation').toEqual([])
      await ui.terminateDialog.cancel()

      const form = await ui.profiles.add()
      await expect(form.root).toBeVisible()
      expect.soft(await blockingViolations(app.page), 'profile form').toEqual([])
    })

    test('the fleet view', async ({ ui, app }) => {
      await ui.shell.openDemo()
      await ui.sessions.waitForRows()
      await ui.fleet.open()
      await expect(ui.fleet.root).toBeVisible()
      expect.soft(await blockingViolations(app.page), 'fleet view').toEqual([])
    })

    test('the notification centre and the watch rules', async ({ ui, app }) => {
      await ui.shell.openDemo()
      await ui.sessions.waitForRows()
      // The demo's living world raises alerts by itself (long calls first).
      await expect(ui.alerts.bell).not.toHaveAttribute('data-level', 'ok', { timeout: 60_000 })
      await ui.alerts.open()
      await expect(ui.alerts.openNow.first()).toBeVisible()
      expect.soft(await blockingViolations(app.page, '[data-testid="alerts"]'), 'notification centre').toEqual([])
      await ui.alerts.openRules()
      expect.soft(await blockingViolations(app.page, '[data-testid="watch-rules"]'), 'watch rules').toEqual([])
    })

    test.describe('history', () => {
      test.use({ harness: { demo: true, history: true } })

      test('the history tab: timeline, who consumed it, a user’s timeline, its table, settings', async ({
        ui,
        app,
      }) => {
        await ui.shell.openDemo()
        await ui.sessions.waitForRows()
        await ui.history.open()
        await expect(ui.history.topUsers.first()).toBeVisible()
        expect.soft(await blockingViolations(app.page), 'history timeline and who consumed it').toEqual([])
        await ui.history.openUser(0)
        await expect(ui.history.spans.first()).toBeVisible()
        await ui.history.toggleTable()
        expect.soft(await blockingViolations(app.page), 'a user’s timeline, the timeline as a table').toEqual([])
        await ui.history.openSettings()
        expect.soft(await blockingViolations(app.page), 'history settings').toEqual([])
      })
    })

    test('around the sessions: chains, a session’s surroundings, processes and servers, licences', async ({
      ui,
      app,
    }) => {
      await ui.shell.openDemo()
      await ui.sessions.waitForRows()
      await ui.around.open('chains')
      await expect(ui.around.heads.first()).toBeVisible({ timeout: 30_000 })
      // Only the drawers: the live demo raises alerts meanwhile, and the top bar is checked above.
      const drawer = '[data-testid="around-drawer"]'
      expect.soft(await blockingViolations(app.page, drawer), 'blocking chains').toEqual([])
      const [blocked] = await ui.around.blockedSessions()
      await ui.around.openFromChain(blocked!)
      await ui.surroundings.waitFor(blocked!)
      expect
        .soft(await blockingViolations(app.page, '[data-testid="session-details"]'), 'session surroundings')
        .toEqual([])
      await app.page.keyboard.press('Escape')
      await expect(ui.sessions.details).toBeHidden()
      await ui.around.switchTo('machinery')
      expect.soft(await blockingViolations(app.page, drawer), 'processes and servers').toEqual([])
      await ui.around.switchTo('licenses')
      expect.soft(await blockingViolations(app.page, drawer), 'licences').toEqual([])
    })
  })
}

test.describe('accessibility of the infobase tab and the lock dialog', () => {
  test.use({
    harness: mainServer({ clusters: 1, infobases: 3, sessions: 20, seed: 5, infobaseAdmin: INFOBASE_ADMIN }),
  })

  test('infobase tab with its lock panel, then the lock dialog', async ({ ui, app }) => {
    const infobase = app.sims[0]!.world.requireCluster().infobases[0]!
    await ui.openInfobaseAsAdmin('Main', infobase.name, INFOBASE_ADMIN)
    expect.soft(await blockingViolations(app.page), 'infobase tab').toEqual([])
    const dialog = await ui.lockPanel.openLockDialog()
    await expect(dialog.root).toBeVisible()
    expect.soft(await blockingViolations(app.page), 'lock dialog').toEqual([])
  })
})

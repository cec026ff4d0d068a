import { copyFileSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { test, expect, SCREENSHOT_DIR } from './fixtures'

/**
 * The session grid an admin reads at a glance: compact rows, the user pinned at the left while the
 * counters scroll in beside it; and driven from the keyboard alone. The two screenshots are also
 * kept in docs/screenshots/.
 */
test.describe('session grid at a glance', () => {
  test.use({ harness: { demo: true } })

  for (const [width, height] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    test(`compact density at ${width}×${height}: the user stays beside the counters`, async ({ app, ui, page }) => {
      await page.setViewportSize({ width, height })
      await ui.shell.openDemo()
      await ui.sessions.waitForRows()
      const grid = ui.sessions.workspace.getByTestId('session-grid')
      await ui.sessions.workspace.getByTestId('column-chooser').click()
      await page.getByTestId('density-compact').click()
      await expect(grid).toHaveAttribute('data-density', 'compact')
      await page.keyboard.press('Escape')
      await grid.click({ position: { x: 5, y: 5 } }) // closes the popover without touching a row
      // Scrolled right to the far counters: the pinned user is still there.
      await grid
        .locator('.v-vl')
        .first()
        .evaluate((el) => el.scrollTo({ left: el.scrollWidth }))
      const user = grid.locator('thead th[data-col-key="userName"]')
      const dbms = grid.locator('thead th[data-col-key="group:dbmsBytes"]')
      await expect(user).toBeVisible()
      await expect(dbms).toBeVisible()
      const [u, d] = [await user.boundingBox(), await dbms.boundingBox()]
      expect(u!.x).toBeLessThan(d!.x)
      expect(d!.x + d!.width).toBeLessThanOrEqual(width)
      await ui.shell.moveMouseAside()
      const name = `grid-${width}x${height}`
      await app.shot(name)
      const docs = resolve(import.meta.dirname, '../../docs/screenshots')
      mkdirSync(docs, { recursive: true })
      copyFileSync(resolve(SCREENSHOT_DIR, `${name}.png`), resolve(docs, `${name}.png`))
    })
  }

  test('keyboard alone: move, select, terminate one', async ({ ui, page }) => {
    await ui.shell.openDemo()
    await ui.sessions.waitForRows()
    const grid = ui.sessions.workspace.getByTestId('session-grid')
    await grid.focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Space')
    await expect(ui.sessions.selectedRows).toHaveCount(1)
    await expect(ui.sessions.workspace.getByTestId('selection-bar')).toBeVisible()
    await page.keyboard.press('Delete')
    await expect(page.getByTestId('terminate-dialog')).toHaveAttribute('data-mode', 'one')
  })
})

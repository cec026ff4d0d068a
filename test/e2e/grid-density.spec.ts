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
      // Scrolled right until CPU time starts just after the pinned user: the counters sit beside it.
      await grid.evaluate((root) => {
        const list = root.querySelector<HTMLElement>('.v-vl')!
        const cpu = root.querySelector('th[data-col-key="group:cpuTime"]')!.getBoundingClientRect().left
        const pinned = parseFloat(getComputedStyle(root).getPropertyValue('--cd-pinned-width'))
        list.scrollTo({ left: cpu - list.getBoundingClientRect().left + list.scrollLeft - pinned })
      })
      const user = grid.locator('thead th[data-col-key="userName"]')
      // 1366: the current and 5-minute counters; 1920: every counter group up to DBMS data.
      const last = width < 1600 ? 'memoryLast5min' : 'group:dbmsBytes'
      const dbms = grid.locator(`thead th[data-col-key="${last}"]`)
      await expect(user).toBeVisible()
      await expect(dbms).toBeVisible()
      const [u, d] = [await user.boundingBox(), await dbms.boundingBox()]
      expect(u!.x).toBeLessThan(d!.x)
      expect(d!.x + d!.width).toBeLessThanOrEqual(width)
      await ui.shell.moveMouseAside()
      await grid.blur() // no focus ring on the first row in the picture
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

import { test, expect } from './fixtures'

/**
 * The session grid an admin reads at a glance: compact rows, the user pinned at the left while the
 * counters scroll in beside it; and driven from the keyboard alone. The two screenshots are the
 * README's (copied from reports/screenshots/ to docs/screenshots/).
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
      await ui.sessions.useCompactDensity()
      // Scrolled right until CPU time starts just after the pinned user: the counters sit beside it.
      await ui.sessions.scrollGroupBesidePinned('group:cpuTime')
      const user = ui.sessions.columnHeader('userName')
      // 1366: the current and 5-minute counters; 1920: every counter group up to DBMS data.
      const last = width < 1600 ? 'memoryLast5min' : 'group:dbmsBytes'
      const dbms = ui.sessions.columnHeader(last)
      await expect(user).toBeVisible()
      await expect(dbms).toBeVisible()
      // The body draws the columns scrolled into view: the counters have cells beside the user.
      const firstRow = ui.sessions.rows.first()
      await expect(firstRow.locator('[data-col-key="cpuTimeCurrent"]')).toBeVisible()
      await expect(firstRow.locator('[data-col-key="userName"]')).toBeVisible()
      const [u, d] = [await user.boundingBox(), await dbms.boundingBox()]
      expect(u!.x).toBeLessThan(d!.x)
      expect(d!.x + d!.width).toBeLessThanOrEqual(width)
      await ui.shell.moveMouseAside()
      await ui.sessions.grid.blur() // no focus ring on the first row in the picture
      await app.shot(`grid-${width}x${height}`)
    })
  }

  test('a 1024×700 window in Russian: the selection bar stays within the grid', async ({ ui, page }) => {
    await page.setViewportSize({ width: 1024, height: 700 })
    await ui.shell.switchLanguage('ru')
    await ui.shell.openDemo()
    await ui.sessions.waitForRows()
    await ui.sessions.rows.nth(2).click()
    await expect(ui.sessions.selectionBar).toBeVisible()
    const [bar, grid] = [await ui.sessions.selectionBar.boundingBox(), await ui.sessions.scroller.boundingBox()]
    // Every button of the bar inside the bar, the bar no wider than the grid above it.
    for (const button of await ui.sessions.selectionBar.getByRole('button').all()) {
      const b = (await button.boundingBox())!
      expect(b.x + b.width, await button.innerText()).toBeLessThanOrEqual(bar!.x + bar!.width + 0.5)
    }
    expect(bar!.x + bar!.width).toBeLessThanOrEqual(grid!.x + grid!.width + 0.5)
  })

  test('no column title and no time is cut off, in Russian or English', async ({ ui, page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 })
    await ui.shell.openDemo()
    await ui.sessions.waitForRows()
    for (const language of ['ru', 'en'] as const) {
      await ui.shell.switchLanguage(language)
      // Every header drawn at its default width: a title wider than its box is clipped.
      const clipped = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[role=columnheader] .cd-th-title')]
          .filter((t) => t.scrollWidth > t.clientWidth)
          .map((t) => t.textContent!.trim()),
      )
      expect(clipped, language).toEqual([])
      // Every time on screen whole, date and seconds: an admin reads "07:1…" as no time at all.
      const times = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[role=gridcell][data-col-key$="At"]')].map((c) => ({
          text: c.textContent!.trim(),
          clipped: c.scrollWidth > c.clientWidth,
        })),
      )
      expect(times.length, language).toBeGreaterThan(20)
      expect(
        times.filter((c) => c.clipped).map((c) => c.text),
        language,
      ).toEqual([])
    }
  })

  test('every open tab stays in sight at 1366×768, its whole name in its tooltip', async ({ ui, page }) => {
    await page.setViewportSize({ width: 1366, height: 768 })
    await ui.shell.openDemo()
    await ui.sessions.waitForRows()
    await ui.shell.switchLanguage('ru')
    await ui.openInfobase('buh_corp')
    const list = (await page.getByTestId('tablist').boundingBox())!
    const tabs = await ui.shell.tabs.all()
    expect(tabs.length).toBeGreaterThanOrEqual(3)
    for (const tab of tabs) {
      // Not scrolled out of the bar: tabs give up width first (before, the first tab began ~380 px left of it).
      const b = (await tab.boundingBox())!
      expect(b.x, await tab.innerText()).toBeGreaterThanOrEqual(list.x - 0.5)
      expect(b.x + b.width).toBeLessThanOrEqual(list.x + list.width + 0.5)
      const name = await tab.evaluate((el) => el.textContent!.trim())
      await expect(tab).toHaveAttribute('title', name)
    }
  })

  test('keyboard alone: move, select, terminate one', async ({ ui, page }) => {
    await ui.shell.openDemo()
    await ui.sessions.waitForRows()
    await ui.sessions.grid.focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Space')
    await expect(ui.sessions.selectedRows).toHaveCount(1)
    await expect(ui.sessions.selectionBar).toBeVisible()
    await page.keyboard.press('Delete')
    await expect(ui.terminateDialog.root).toHaveAttribute('data-mode', 'one')
  })
})

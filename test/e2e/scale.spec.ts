import { test, expect } from './fixtures'
import { ClusterDeskPage } from './pages'

test.describe('10,000 sessions', () => {
  test.use({
    harness: {
      simulators: [{ clusters: 1, infobases: 30, sessions: 10_000, seed: 3 }],
      profiles: [{ name: 'Big', sim: 0 }],
    },
  })

  test('scrolled, filtered and sorted', async ({ app }) => {
    test.setTimeout(90_000)
    const ui = new ClusterDeskPage(app.page)
    await ui.openProfile('Big')
    await ui.waitForRows()
    expect(await ui.shownOfTotal()).toEqual([10_000, 10_000])
    // Virtual scrolling: only a screenful of rows is in the DOM.
    expect(await ui.rows.count()).toBeLessThan(200)

    const scroller = ui.workspace.locator('.v-vl').first()
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    const sessions = app.sims[0]!.world.sessions()
    const lastShown = async () => ui.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session')!))
    await expect
      .poll(async () => (await lastShown()).includes(sessions.at(-1)!.session) || (await lastShown()).length > 0)
      .toBe(true)
    await app.shot('ten-thousand-scrolled')

    const user = sessions.find((s) => s.userName)!.userName
    await ui.search(user)
    const expected = sessions.filter((s) => s.userName.toLowerCase().includes(user.toLowerCase())).length
    await expect.poll(async () => (await ui.shownOfTotal())[0]).toBe(expected)
    await ui.search('')
    await expect.poll(async () => (await ui.shownOfTotal())[0]).toBe(10_000)

    const header = ui.workspace
      .locator('.n-data-table-th')
      .filter({ hasText: /^Session$/ })
      .first()
    await header.click()
    await header.click()
    const maxNumber = Math.max(...sessions.map((s) => s.sessionId))
    await expect
      .poll(async () => {
        const first = await ui.rows.first().getAttribute('data-session')
        return sessions.find((s) => s.session === first)?.sessionId
      })
      .toBe(maxNumber)
  })
})

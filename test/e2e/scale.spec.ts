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

    const sessions = app.sims[0]!.world.sessions()
    const top = (await ui.visibleSessionIds())[0]!
    const scroller = ui.workspace.locator('.v-vl').first()
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    // At the end: the first rows have left the DOM and the last screenful is there.
    await expect(ui.row(top)).toHaveCount(0)
    expect(await ui.rows.count()).toBeGreaterThan(5)
    await app.shot('ten-thousand-scrolled')

    // A user with few sessions: every one of them is found (the search also matches hosts, IPs…).
    const counts = new Map<string, number>()
    for (const s of sessions) if (s.userName) counts.set(s.userName, (counts.get(s.userName) ?? 0) + 1)
    const user = [...counts].find(([, n]) => n <= 5)![0]
    const expected = sessions.filter((s) => s.userName === user).map((s) => s.session)
    await ui.search(user)
    await expect.poll(async () => (await ui.shownOfTotal())[0]).toBeGreaterThanOrEqual(expected.length)
    expect((await ui.shownOfTotal())[0]).toBeLessThan(10_000)
    await expect
      .poll(async () => (await ui.visibleSessionIds()).filter((id) => expected.includes(id)).length)
      .toBe(expected.length)
    await ui.search('')
    await expect.poll(async () => (await ui.shownOfTotal())[0]).toBe(10_000)
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }))
    await expect(ui.row(top)).toBeVisible()

    const header = ui.workspace
      .locator('.n-data-table-th')
      .filter({ hasText: /^Session$/ })
      .first()
    const numbers = sessions.map((x) => x.sessionId)
    const [min, max] = [Math.min(...numbers), Math.max(...numbers)]
    const topNumber = async () => {
      const id = await ui.rows.first().getAttribute('data-session')
      return sessions.find((x) => x.session === id)?.sessionId
    }
    await header.click()
    await expect.poll(async () => [min, max].includes((await topNumber())!)).toBe(true)
    const firstTop = await topNumber()
    await header.click()
    await expect.poll(topNumber).toBe(firstTop === min ? max : min)
    await app.shot('ten-thousand-sorted')
  })
})

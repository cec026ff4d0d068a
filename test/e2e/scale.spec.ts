import { test, expect } from './fixtures'

test.describe('10,000 sessions', () => {
  test.use({
    harness: {
      simulators: [{ clusters: 1, infobases: 30, sessions: 10_000, seed: 3 }],
      profiles: [{ name: 'Big', sim: 0 }],
    },
  })

  test('scrolled, filtered and sorted', async ({ app, ui }) => {
    test.setTimeout(90_000)
    const grid = ui.sessions
    // 10,000 sessions over RAS, decoded and drawn: generous on a machine with both cores busy.
    await ui.openSessions('Big', 45_000)
    expect(await grid.shownOfTotal()).toEqual([10_000, 10_000])
    // Virtual scrolling: only a screenful of rows is in the DOM.
    expect(await grid.rows.count()).toBeLessThan(200)

    const sessions = app.sims[0]!.world.sessions()
    const top = await grid.topSessionId()
    await grid.scrollToEnd()
    // At the end: the first rows have left the DOM and the last screenful is there.
    await expect(grid.row(top)).toHaveCount(0)
    expect(await grid.rows.count()).toBeGreaterThan(5)
    await app.shot('ten-thousand-scrolled')

    // A user with few sessions: every one of them is found (the search also matches hosts, IPs…).
    const counts = new Map<string, number>()
    for (const s of sessions) if (s.userName) counts.set(s.userName, (counts.get(s.userName) ?? 0) + 1)
    const user = [...counts].find(([, n]) => n <= 5)![0]
    const expected = sessions.filter((s) => s.userName === user).map((s) => s.session)
    await grid.search(user)
    await expect.poll(() => grid.shown()).toBeGreaterThanOrEqual(expected.length)
    expect(await grid.shown()).toBeLessThan(10_000)
    await expect
      .poll(async () => (await grid.visibleSessionIds()).filter((id) => expected.includes(id)).length)
      .toBe(expected.length)
    await grid.search('')
    await expect.poll(() => grid.shown()).toBe(10_000)
    await grid.scrollToTop()
    await expect(grid.row(top)).toBeVisible()

    const numbers = sessions.map((x) => x.sessionId)
    const [min, max] = [Math.min(...numbers), Math.max(...numbers)]
    const topNumber = async () => {
      const id = await grid.topSessionId()
      return sessions.find((x) => x.session === id)?.sessionId
    }
    await grid.sortBy('Session')
    await expect.poll(async () => [min, max].includes((await topNumber())!)).toBe(true)
    const firstTop = await topNumber()
    await grid.sortBy('Session')
    await expect.poll(topNumber).toBe(firstTop === min ? max : min)
    await app.shot('ten-thousand-sorted')
  })
})

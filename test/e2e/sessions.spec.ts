import { test, expect } from './fixtures'
import { mainServer } from './worlds'

test.describe('the session grid', () => {
  test.use({ harness: mainServer({ clusters: 1, infobases: 6, sessions: 120, seed: 7 }) })

  test('search by user, by infobase name and by infobase UUID', async ({ app, ui }) => {
    const grid = ui.sessions
    await ui.openSessions('Main')
    const sim = app.sims[0]!
    const all = sim.world.sessions()
    expect((await grid.shownOfTotal())[1]).toBe(all.length)

    const user = all.find((s) => s.userName.includes('\\'))?.userName ?? all.find((s) => s.userName)!.userName
    const byUser = all.filter((s) => s.userName.toLowerCase().includes(user.toLowerCase())).length
    await grid.search(user.toUpperCase()) // case-insensitive, Cyrillic-aware
    await expect.poll(() => grid.shown()).toBe(byUser)

    const cluster = sim.world.requireCluster()
    const infobase = cluster.infobases.find((ib) => all.some((s) => s.infobase === ib.infobase))!
    const inBase = all.filter((s) => s.infobase === infobase.infobase).length
    await grid.search(infobase.name)
    await expect.poll(() => grid.shown()).toBeGreaterThanOrEqual(inBase)

    await grid.search(infobase.infobase)
    await expect.poll(() => grid.shown()).toBe(inBase)
    for (const id of await grid.visibleSessionIds()) {
      expect(all.find((s) => s.session === id)?.infobase).toBe(infobase.infobase)
    }
    await app.shot('search-by-infobase-uuid')

    await grid.search('no-such-user-anywhere')
    await expect.poll(() => grid.shown()).toBe(0)
  })

  test('sorts by a column and shows every field of a session in the details', async ({ app, ui }) => {
    const grid = ui.sessions
    await ui.openSessions('Main')
    const sessions = new Map(app.sims[0]!.world.sessions().map((s) => [s.session, s]))
    const numbers = async () => (await grid.visibleSessionIds()).slice(0, 8).map((id) => sessions.get(id)!.sessionId)
    const direction = async () => {
      const n = await numbers()
      if (n.every((v, i) => i === 0 || n[i - 1]! < v)) return 'ascend'
      if (n.every((v, i) => i === 0 || n[i - 1]! > v)) return 'descend'
      return 'unsorted'
    }
    await grid.sortBy('Session')
    await expect.poll(direction).not.toBe('unsorted')
    const first = await direction()
    await grid.sortBy('Session')
    await expect.poll(direction).toBe(first === 'ascend' ? 'descend' : 'ascend')

    const top = await grid.topSessionId()
    await grid.openDetails(top)
    await expect(grid.details).toBeVisible()
    await expect(grid.details).toContainText(sessions.get(top)!.userName || sessions.get(top)!.appId)
    await expect(grid.details).toContainText(top)
    await app.shot('session-details')
    await app.page.keyboard.press('Escape')
    await expect(grid.details).toBeHidden()
    await grid.openDetailsByDoubleClick(top)
    await expect(grid.details).toContainText(top)
    expect(await grid.selectedText()).toBe('')
  })
})

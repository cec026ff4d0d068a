import { test, expect } from './fixtures'
import { ClusterDeskPage } from './pages'

test.describe('the session grid', () => {
  test.use({
    harness: {
      simulators: [{ clusters: 1, infobases: 6, sessions: 120, seed: 7 }],
      profiles: [{ name: 'Main', sim: 0 }],
    },
  })

  test('search by user, by infobase name and by infobase UUID', async ({ app }) => {
    const ui = new ClusterDeskPage(app.page)
    await ui.openProfile('Main')
    await ui.waitForRows()
    const sim = app.sims[0]!
    const all = sim.world.sessions()
    expect((await ui.shownOfTotal())[1]).toBe(all.length)

    const user = all.find((s) => s.userName.includes('\\'))?.userName ?? all.find((s) => s.userName)!.userName
    const byUser = all.filter((s) => s.userName.toLowerCase().includes(user.toLowerCase())).length
    await ui.search(user.toUpperCase()) // case-insensitive, Cyrillic-aware
    await expect.poll(async () => (await ui.shownOfTotal())[0]).toBe(byUser)

    const cluster = sim.world.requireCluster()
    const infobase = cluster.infobases.find((ib) => all.some((s) => s.infobase === ib.infobase))!
    const inBase = all.filter((s) => s.infobase === infobase.infobase).length
    await ui.search(infobase.name)
    await expect.poll(async () => (await ui.shownOfTotal())[0]).toBeGreaterThanOrEqual(inBase)

    await ui.search(infobase.infobase)
    await expect.poll(async () => (await ui.shownOfTotal())[0]).toBe(inBase)
    for (const id of await ui.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session')))) {
      expect(all.find((s) => s.session === id)?.infobase).toBe(infobase.infobase)
    }
    await app.shot('search-by-infobase-uuid')

    await ui.search('no-such-user-anywhere')
    await expect.poll(async () => (await ui.shownOfTotal())[0]).toBe(0)
  })

  test('sorts by a column and shows every field of a session in the details', async ({ app }) => {
    const ui = new ClusterDeskPage(app.page)
    await ui.openProfile('Main')
    await ui.waitForRows()
    const sessions = new Map(app.sims[0]!.world.sessions().map((s) => [s.session, s]))
    const header = ui.workspace
      .locator('.n-data-table-th')
      .filter({ hasText: /^Session$/ })
      .first()
    const numbers = async () =>
      (await ui.rows.evaluateAll((rows) => rows.slice(0, 8).map((r) => r.getAttribute('data-session')))).map(
        (id) => sessions.get(id!)!.sessionId,
      )
    const direction = async () => {
      const n = await numbers()
      if (n.every((v, i) => i === 0 || n[i - 1]! < v)) return 'ascend'
      if (n.every((v, i) => i === 0 || n[i - 1]! > v)) return 'descend'
      return 'unsorted'
    }
    await header.click()
    await expect.poll(direction).not.toBe('unsorted')
    const first = await direction()
    await header.click()
    await expect.poll(direction).toBe(first === 'ascend' ? 'descend' : 'ascend')

    const top = (await ui.rows.first().getAttribute('data-session'))!
    await ui.rowAction(top, 'details')
    const details = ui.byTestId('session-details')
    await expect(details).toBeVisible()
    await expect(details).toContainText(sessions.get(top)!.userName || sessions.get(top)!.appId)
    await expect(details).toContainText(top)
    await app.shot('session-details')
  })
})

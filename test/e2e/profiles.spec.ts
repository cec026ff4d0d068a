import { readdirSync, readFileSync } from 'node:fs'
import { test, expect } from './fixtures'

const WRONG_PASSWORD_TEXT = 'Администратор кластера не аутентифицирован'

test.describe('profiles', () => {
  test.use({
    harness: {
      simulators: [
        { clusters: 1, sessions: 40, seed: 1, clusterAdmin: { user: 'admin', password: 'right' } },
        { clusters: 2, sessions: 25, seed: 2 },
      ],
    },
  })

  test('a wrong password shows the server’s own message; fixed, the profile connects', async ({ app, ui }) => {
    const sim = app.sims[0]!
    const form = await ui.profiles.add()
    await form.fill({ name: 'Прод 1С', host: sim.host, port: sim.port, user: 'admin', password: 'wrong' })
    await form.testConnection()
    await expect(form.testResult).toHaveAttribute('data-result', 'error')
    await expect(form.testResult).toContainText(WRONG_PASSWORD_TEXT)
    await app.shot('profile-wrong-password')

    await form.setPassword('right')
    await form.testConnection()
    await expect(form.testResult).toHaveAttribute('data-result', 'ok')
    await form.save()
    await expect(form.root).toBeHidden()

    await ui.openSessions('Прод 1С')
    expect((await ui.sessions.shownOfTotal())[1]).toBe(40)
    // The password never comes back to the page.
    const listed = await app.page.evaluate(() => window.api.listProfiles())
    expect(JSON.stringify(listed)).not.toContain('right')
  })

  test('two servers open side by side, one tab per cluster', async ({ app, ui }) => {
    for (const [i, name] of ['Alpha', 'Beta'].entries()) {
      const sim = app.sims[i]!
      await ui.profiles.addProfile({
        name,
        host: sim.host,
        port: sim.port,
        user: i === 0 ? 'admin' : '',
        password: i === 0 ? 'right' : '',
      })
      await ui.profiles.open(name)
    }
    await expect(ui.shell.tabs).toHaveCount(3)
    await ui.shell.selectTab(/Alpha/)
    await ui.sessions.waitForRows()
    expect((await ui.sessions.shownOfTotal())[1]).toBe(40)
    await ui.shell.selectTab(/Beta/)
    await ui.sessions.waitForRows()
    expect((await ui.sessions.shownOfTotal())[1]).toBe(25)
  })
})

test.describe('a corrupted profile file', () => {
  test.use({ harness: { profileFileText: '{"profiles": [ {"id": "x", "name": "broken' } })

  test('is moved aside and the user is told; nothing is wiped', async ({ app, ui }) => {
    await expect(ui.shell.storeNotice).toBeVisible()
    await expect(ui.shell.storeNotice).toContainText('profiles.json.corrupt-')
    const moved = readdirSync(app.dataDir).find((f) => f.startsWith('profiles.json.corrupt-'))
    expect(moved).toBeTruthy()
    expect(readFileSync(`${app.dataDir}/${moved}`, 'utf8')).toContain('"broken')
    await app.shot('corrupt-profile-file')
  })
})

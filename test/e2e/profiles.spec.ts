import { test, expect } from './fixtures'
import { ClusterDeskPage } from './pages'

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

  test('a wrong password shows the server’s own message; fixed, the profile connects', async ({ app }) => {
    const ui = new ClusterDeskPage(app.page)
    const sim = app.sims[0]!
    await ui.byTestId('profile-add').click()
    await ui.fillProfileForm({ name: 'Прод 1С', host: sim.host, port: sim.port, user: 'admin', password: 'wrong' })
    await ui.byTestId('form-test').click()
    const result = ui.byTestId('form-test-result')
    await expect(result).toHaveAttribute('data-result', 'error')
    await expect(result).toContainText(WRONG_PASSWORD_TEXT)
    await app.shot('profile-wrong-password')

    await ui.byTestId('profile-form').locator('[data-testid="form-password"] input').fill('right')
    await ui.byTestId('form-test').click()
    await expect(result).toHaveAttribute('data-result', 'ok')
    await ui.byTestId('form-save').click()
    await expect(ui.byTestId('profile-form')).toBeHidden()

    await ui.openProfile('Прод 1С')
    await ui.waitForRows()
    expect((await ui.shownOfTotal())[1]).toBe(40)
    // The password never comes back to the page.
    const listed = await app.page.evaluate(() => window.api.listProfiles())
    expect(JSON.stringify(listed)).not.toContain('right')
  })

  test('two servers open side by side, one tab per cluster', async ({ app }) => {
    const ui = new ClusterDeskPage(app.page)
    for (const [i, name] of ['Alpha', 'Beta'].entries()) {
      const sim = app.sims[i]!
      await ui.byTestId('profile-add').click()
      await ui.fillProfileForm({
        name,
        host: sim.host,
        port: sim.port,
        user: i === 0 ? 'admin' : '',
        password: i === 0 ? 'right' : '',
      })
      await ui.byTestId('form-save').click()
      await expect(ui.byTestId('profile-form')).toBeHidden()
      await ui.openProfile(name)
    }
    await expect(ui.byTestId('tab')).toHaveCount(3)
    await ui.tab(/Alpha/).click()
    await ui.waitForRows()
    expect((await ui.shownOfTotal())[1]).toBe(40)
    await ui.tab(/Beta/).first().click()
    await ui.waitForRows()
    expect((await ui.shownOfTotal())[1]).toBe(25)
  })
})

test.describe('a corrupted profile file', () => {
  test.use({ harness: { profileFileText: '{"profiles": [ {"id": "x", "name": "broken' } })

  test('is moved aside and the user is told; nothing is wiped', async ({ app }) => {
    const ui = new ClusterDeskPage(app.page)
    await expect(ui.byTestId('store-notice')).toBeVisible()
    await expect(ui.byTestId('store-notice')).toContainText('profiles.json.corrupt-')
    const { readdirSync, readFileSync } = await import('node:fs')
    const moved = readdirSync(app.dataDir).find((f) => f.startsWith('profiles.json.corrupt-'))
    expect(moved).toBeTruthy()
    expect(readFileSync(`${app.dataDir}/${moved}`, 'utf8')).toContain('"broken')
    await app.shot('corrupt-profile-file')
  })
})

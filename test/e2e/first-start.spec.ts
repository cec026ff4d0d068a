import { test, expect } from './fixtures'

test.describe('first start', () => {
  test.use({ harness: { demo: true } })

  test('offers the demo cluster and shows its sessions in English', async ({ app, ui }) => {
    // The web preview saves the demo profile itself; the desktop app offers it on first start.
    const profiles = await app.api.listProfiles()
    expect(profiles.ok && profiles.value.demoAvailable).toBe(true)
    await expect(ui.shell.firstStart).toBeVisible()
    await app.shot('first-start-en')
    await ui.shell.openDemo()
    await expect(ui.shell.tabs).toHaveCount(2)
    await ui.sessions.waitForRows()
    const [shown, total] = await ui.sessions.shownOfTotal()
    expect(total).toBe(300)
    expect(shown).toBe(300)
    await expect(ui.profiles.profile('Demo')).toHaveAttribute('data-status', 'ok')
    await expect(ui.profiles.version('Demo')).toContainText('16.0')
    await app.shot('main-en')
  })
})

test.describe('Russian', () => {
  test.use({ harness: { demo: true }, language: 'ru' })

  test('the interface speaks Russian and switches to English at run time', async ({ app, ui }) => {
    await ui.shell.openDemo()
    await ui.sessions.waitForRows()
    await expect(ui.sessions.counts).toContainText('из')
    await expect(ui.shell.document).toHaveAttribute('lang', 'ru')
    await app.shot('main-ru')
    await ui.shell.switchLanguage('en')
    await expect(ui.sessions.counts).toContainText('of')
    await expect(ui.shell.document).toHaveAttribute('lang', 'en')
    await ui.shell.switchLanguage('ru')
    await expect(ui.sessions.counts).toContainText('из')
  })
})

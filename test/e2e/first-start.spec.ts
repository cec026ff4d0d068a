import { test, expect } from './fixtures'
import { ClusterDeskPage } from './pages'

test.describe('first start', () => {
  test.use({ harness: { demo: true } })

  test('offers the demo cluster and shows its sessions in English', async ({ app }) => {
    const ui = new ClusterDeskPage(app.page)
    // The web preview saves the demo profile itself; the desktop app offers it on first start.
    const profiles = await app.api.listProfiles()
    expect(profiles.ok && profiles.value.demoAvailable).toBe(true)
    await expect(ui.byTestId('first-start')).toBeVisible()
    await app.shot('first-start-en')
    await ui.byTestId('open-demo').click()
    await expect(ui.byTestId('tab')).toHaveCount(2)
    await ui.waitForRows()
    const [shown, total] = await ui.shownOfTotal()
    expect(total).toBe(300)
    expect(shown).toBe(300)
    await expect(ui.profile('Demo')).toHaveAttribute('data-status', 'ok')
    await expect(ui.profile('Demo').locator('[data-testid="profile-version"]')).toContainText('16.0')
    await app.shot('main-en')
  })
})

test.describe('Russian', () => {
  test.use({ harness: { demo: true }, language: 'ru' })

  test('the interface speaks Russian and switches to English at run time', async ({ app }) => {
    const ui = new ClusterDeskPage(app.page)
    await ui.byTestId('open-demo').click()
    await ui.waitForRows()
    await expect(ui.counts).toContainText('из')
    await expect(app.page.locator('html')).toHaveAttribute('lang', 'ru')
    await app.shot('main-ru')
    await ui.byTestId('language-en').click()
    await expect(ui.counts).toContainText('of')
    await expect(app.page.locator('html')).toHaveAttribute('lang', 'en')
    await ui.byTestId('language-ru').click()
    await expect(ui.counts).toContainText('из')
  })
})

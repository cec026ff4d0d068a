import { test, expect } from './fixtures'
import { ClusterDeskPage } from './pages'

test.describe('infobase lock', () => {
  test.use({
    harness: {
      simulators: [
        {
          clusters: 1,
          infobases: 4,
          sessions: 30,
          seed: 5,
          infobaseAdmin: { user: 'Администратор', password: 'ib-pass' },
        },
      ],
      profiles: [{ name: 'Main', sim: 0 }],
    },
  })

  test('lock with message, permission code and period; seen in the panel and the badge; then unlock', async ({
    app,
  }) => {
    const ui = new ClusterDeskPage(app.page)
    const sim = app.sims[0]!
    const infobase = sim.world.requireCluster().infobases[0]!
    await ui.openProfile('Main')
    await ui.waitForRows()
    await ui.byTestId('infobase-item').filter({ hasText: infobase.name }).click()
    await expect(ui.tab(infobase.name)).toBeVisible()

    // The server requires the infobase administrator: the panel asks for the credentials.
    const prompt = ui.byTestId('credentials-prompt')
    await expect(prompt).toBeVisible()
    await prompt.locator('[data-testid="credentials-user"] input').fill('Администратор')
    await prompt.locator('[data-testid="credentials-password"] input').fill('ib-pass')
    await prompt.locator('[data-testid="credentials-submit"]').click()
    const state = ui.byTestId('lock-state')
    await expect(state).toHaveAttribute('data-sessions-deny', 'false')

    await ui.byTestId('lock-open').click()
    const dialog = ui.byTestId('lock-dialog')
    await dialog
      .locator('[data-testid="lock-message"] textarea, [data-testid="lock-message"] input')
      .first()
      .fill('Регламентные работы до 23:00')
    await dialog.locator('[data-testid="lock-permission-code"] input').fill('KOD-42')
    const to = dialog.locator('[data-testid="lock-to"] input')
    await to.fill('2099-12-31 23:00:00')
    await to.press('Enter')
    const jobs = dialog.locator('[data-testid="lock-jobs"]')
    if ((await jobs.getAttribute('aria-checked')) !== 'true') await jobs.click() // on by default for maintenance
    await expect(jobs).toHaveAttribute('aria-checked', 'true')
    await app.shot('lock-dialog')
    await dialog.locator('[data-testid="lock-confirm"]').click()
    await expect(dialog).toBeHidden()

    await expect(state).toHaveAttribute('data-sessions-deny', 'true')
    await expect(ui.byTestId('lock-state-message')).toHaveText('Регламентные работы до 23:00')
    await expect(ui.byTestId('lock-state-code')).toHaveText('KOD-42')
    await expect(ui.byTestId('lock-state-to')).toContainText('2099')
    await expect(ui.byTestId('lock-state-jobs')).toHaveAttribute('data-jobs-deny', 'true')
    await app.shot('lock-panel')

    const stored = sim.world.requireCluster().infobases[0]!
    expect(stored).toMatchObject({
      sessionsDeny: true,
      deniedMessage: 'Регламентные работы до 23:00',
      permissionCode: 'KOD-42',
      scheduledJobsDeny: true,
    })
    expect(new Date(stored.deniedTo!).toISOString()).toBe('2099-12-31T23:00:00.000Z') // server wall clock, no zone shift
    expect(stored.deniedFrom).not.toBeNull()

    // The cluster tab's infobase list shows the badge.
    await ui.tab(/Main/).first().click()
    await ui.byTestId('refresh').click()
    await expect(
      ui.byTestId('infobase-item').filter({ hasText: infobase.name }).locator('[data-testid="lock-badge"]'),
    ).toBeVisible()

    await ui.tab(infobase.name).click()
    await ui.byTestId('lock-unlock').click()
    await ui.page.locator('[data-testid="dialog-confirm"]').click()
    await expect(state).toHaveAttribute('data-sessions-deny', 'false')
    expect(sim.world.requireCluster().infobases[0]!.sessionsDeny).toBe(false)
    expect(sim.world.requireCluster().infobases[0]!.deniedMessage).toBe('Регламентные работы до 23:00') // other fields kept
  })
})

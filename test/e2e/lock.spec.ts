import { test, expect } from './fixtures'
import { ClusterDeskPage } from './pages'
import { skewedSessions } from './harness'

const IB_ADMIN = { user: 'Администратор', password: 'ib-pass' }
const MINUTE = 60_000

/** "2026-11-25 10:15:03" (the English picker format) → server wall-clock ms, no zone involved. */
function parsePicker(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim())
  if (!m) throw new Error(`not a picker time: "${text}"`)
  const [y, mo, d, h, mi, sec] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  return Date.UTC(y, mo - 1, d, h, mi, sec)
}

async function openInfobaseWithCredentials(ui: ClusterDeskPage, name: string) {
  await ui.openProfile('Main')
  await ui.waitForRows()
  await ui.byTestId('infobase-item').filter({ hasText: name }).click()
  await expect(ui.tab(name)).toBeVisible()
  const prompt = ui.byTestId('credentials-prompt')
  await expect(prompt).toBeVisible()
  await prompt.locator('[data-testid="credentials-user"] input').fill(IB_ADMIN.user)
  await prompt.locator('[data-testid="credentials-password"] input').fill(IB_ADMIN.password)
  await prompt.locator('[data-testid="credentials-submit"]').click()
  await expect(ui.byTestId('lock-state')).toHaveAttribute('data-sessions-deny', 'false')
}

test.describe('infobase lock', () => {
  test.use({
    harness: {
      simulators: [
        {
          clusters: 1,
          infobases: 4,
          sessions: 30,
          seed: 5,
          infobaseAdmin: IB_ADMIN,
        },
      ],
      profiles: [{ name: 'Main', sim: 0 }],
      // In the locked infobase itself: its sessions are what the server's "now" may be read from.
      skewedSessions: skewedSessions(0),
    },
  })

  test('lock with message, permission code and period; seen in the panel and the badge; then unlock', async ({
    app,
  }) => {
    const ui = new ClusterDeskPage(app.page)
    const sim = app.sims[0]!
    const infobase = sim.world.requireCluster().infobases[0]!
    // The server requires the infobase administrator: the panel asks for the credentials.
    await openInfobaseWithCredentials(ui, infobase.name)
    const state = ui.byTestId('lock-state')

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
    expect(stored.deniedFrom).toBeNull() // "From" left as is: the server starts the lock at its own now

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

  test('a lock "for the next 30 minutes" is in effect on the server at once, whatever the desktop zone', async ({
    app,
  }) => {
    const ui = new ClusterDeskPage(app.page)
    const sim = app.sims[0]!
    const cluster = sim.world.requireCluster()
    const infobase = cluster.infobases[0]!
    await openInfobaseWithCredentials(ui, infobase.name)

    await ui.byTestId('lock-open').click()
    const dialog = ui.byTestId('lock-dialog')
    await expect(dialog).toBeVisible()
    // "From" shows the server's now, not the desktop's, whatever the zone.
    const fromText = await dialog.locator('[data-testid="lock-from"] input').inputValue()
    expect(fromText, '"From" is prefilled with the server\'s now').not.toBe('')
    const from = parsePicker(fromText)
    expect(Math.abs(from - sim.world.serverNow()), `"From" ${fromText} vs the server's clock`).toBeLessThan(2 * MINUTE)
    await dialog
      .locator('[data-testid="lock-message"] textarea, [data-testid="lock-message"] input')
      .first()
      .fill('Обновление, 30 минут')
    await dialog.locator('[data-testid="lock-for-30"]').click()
    const toText = await dialog.locator('[data-testid="lock-to"] input').inputValue()
    expect(Math.abs(parsePicker(toText) - (from + 30 * MINUTE)), `"To" ${toText}`).toBeLessThan(2 * MINUTE)
    await dialog.locator('[data-testid="lock-confirm"]').click()
    await expect(dialog).toBeHidden()

    // The server denies sessions now, until about 30 minutes from its own now.
    const stored = sim.world.requireCluster().infobases[0]!
    expect(stored.sessionsDeny).toBe(true)
    expect(sim.world.sessionsDenied(stored), 'denied on the server right now').toBe(true)
    expect(Math.abs(stored.deniedTo! - (sim.world.serverNow() + 30 * MINUTE))).toBeLessThan(2 * MINUTE)
    // …and the real services read it back as active.
    const read = await app.api.getInfobaseLock(app.profileIds[0]!, cluster.info.cluster, infobase.infobase, {
      ...IB_ADMIN,
      remember: false,
    })
    expect(read.ok && { phase: read.value.phase, active: read.value.active }).toEqual({ phase: 'active', active: true })
    await expect(ui.byTestId('lock-state')).toHaveAttribute('data-sessions-deny', 'true')
    await expect(ui.byTestId('lock-panel').locator('[data-locked]')).toHaveAttribute('data-locked', 'true')
    await app.shot('lock-30-minutes')
  })
})

import { test, expect } from './fixtures'
import { skewedSessions } from './harness'
import { INFOBASE_ADMIN, mainServer } from './worlds'

const MINUTE = 60_000

/** "2026-11-25 10:15:03" (the English picker format) → server wall-clock ms, no zone involved. */
function parsePicker(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim())
  if (!m) throw new Error(`not a picker time: "${text}"`)
  const [y, mo, d, h, mi, sec] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  return Date.UTC(y, mo - 1, d, h, mi, sec)
}

test.describe('infobase lock', () => {
  test.use({
    harness: mainServer(
      { clusters: 1, infobases: 4, sessions: 30, seed: 5, infobaseAdmin: INFOBASE_ADMIN },
      // In the locked infobase itself: its sessions are what the server's "now" may be read from.
      { skewedSessions: skewedSessions(0) },
    ),
  })

  test('lock with message, permission code and period; seen in the panel and the badge; then unlock', async ({
    app,
    ui,
  }) => {
    const sim = app.sims[0]!
    const infobase = sim.world.requireCluster().infobases[0]!
    const panel = ui.lockPanel
    // The server requires the infobase administrator: the list says the lock is unknown, the tab
    // opens at once with its sessions, and the panel asks only when told to.
    await ui.openSessions('Main')
    await expect(ui.infobases.lockUnknown(infobase.name)).toBeVisible()
    await ui.openInfobaseNeedingAdmin(infobase.name)
    await ui.sessions.waitForRows()
    await app.shot('lock-administrator-needed')
    await panel.enterAdministrator(INFOBASE_ADMIN)
    await expect(panel.state).toHaveAttribute('data-sessions-deny', 'false')

    const dialog = await panel.openLockDialog()
    await dialog.setMessage('Регламентные работы до 23:00')
    await dialog.setPermissionCode('KOD-42')
    await dialog.setEnd('2099-12-31 23:00:00')
    await dialog.denyScheduledJobs() // on by default for maintenance
    await expect(dialog.jobs).toHaveAttribute('data-jobs-deny', 'true')
    await app.shot('lock-dialog')
    // Beside the scheduled-jobs note, the actions stay in one row (they once wrapped into a column).
    const [cancelTop, lockTop] = await dialog.actionTops()
    expect(lockTop).toBe(cancelTop)
    await dialog.confirm()
    await expect(dialog.root).toBeHidden()

    await expect(panel.state).toHaveAttribute('data-sessions-deny', 'true')
    await expect(panel.message).toHaveText('Регламентные работы до 23:00')
    await expect(panel.permissionCode).toHaveText('KOD-42')
    await expect(panel.end).toContainText('2099')
    await expect(panel.jobs).toHaveAttribute('data-jobs-deny', 'true')
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
    await ui.shell.selectTab(/Main/)
    await ui.sessions.refresh()
    await expect(ui.infobases.lockBadge(infobase.name)).toBeVisible()

    await ui.shell.selectTab(infobase.name)
    await panel.unlock()
    await expect(panel.state).toHaveAttribute('data-sessions-deny', 'false')
    // What the server kept is shown apart, not as a lock still set.
    await expect(panel.lastSettings).toContainText('Last lock settings')
    await expect(panel.lastSettings).toContainText('Регламентные работы до 23:00')
    expect(sim.world.requireCluster().infobases[0]!.sessionsDeny).toBe(false)
    expect(sim.world.requireCluster().infobases[0]!.deniedMessage).toBe('Регламентные работы до 23:00') // other fields kept
  })

  test('a lock "for the next 30 minutes" is in effect on the server at once, whatever the desktop zone', async ({
    app,
    ui,
  }) => {
    const sim = app.sims[0]!
    const cluster = sim.world.requireCluster()
    const infobase = cluster.infobases[0]!
    await ui.openInfobaseAsAdmin('Main', infobase.name, INFOBASE_ADMIN)

    const dialog = await ui.lockPanel.openLockDialog()
    await expect(dialog.root).toBeVisible()
    // "From" shows the server's now, not the desktop's, whatever the zone.
    const fromText = await dialog.from()
    expect(fromText, '"From" is prefilled with the server\'s now').not.toBe('')
    const from = parsePicker(fromText)
    expect(Math.abs(from - sim.world.serverNow()), `"From" ${fromText} vs the server's clock`).toBeLessThan(2 * MINUTE)
    await dialog.setMessage('Обновление, 30 минут')
    await dialog.lockForMinutes(30)
    const toText = await dialog.end()
    expect(Math.abs(parsePicker(toText) - (from + 30 * MINUTE)), `"To" ${toText}`).toBeLessThan(2 * MINUTE)
    await dialog.confirm()
    await expect(dialog.root).toBeHidden()

    // The server denies sessions now, until about 30 minutes from its own now.
    const stored = sim.world.requireCluster().infobases[0]!
    expect(stored.sessionsDeny).toBe(true)
    expect(sim.world.sessionsDenied(stored), 'denied on the server right now').toBe(true)
    expect(Math.abs(stored.deniedTo! - (sim.world.serverNow() + 30 * MINUTE))).toBeLessThan(2 * MINUTE)
    // …and the real services read it back as active.
    const read = await app.api.getInfobaseLock(app.profileIds[0]!, cluster.info.cluster, infobase.infobase, {
      ...INFOBASE_ADMIN,
      remember: false,
    })
    expect(read.ok && { phase: read.value.phase, active: read.value.active }).toEqual({ phase: 'active', active: true })
    await expect(ui.lockPanel.state).toHaveAttribute('data-sessions-deny', 'true')
    await expect(ui.lockPanel.fields).toHaveAttribute('data-locked', 'true')
    await app.shot('lock-30-minutes')
  })

  test('in Russian on a 1366×768 screen the panel wraps its labels, not a word of its values', async ({ app, ui }) => {
    await app.page.setViewportSize({ width: 1366, height: 768 })
    await ui.shell.switchLanguage('ru')
    await ui.openInfobaseAsAdmin('Main', app.sims[0]!.world.requireCluster().infobases[0]!.name, INFOBASE_ADMIN)
    // "Сеансы: Разрешены" and "Регламентные задания: Разрешены" beside labels that take two lines.
    await expect(ui.lockPanel.state).toHaveText('Разрешены')
    expect(await ui.lockPanel.lines(ui.lockPanel.state)).toBe(1)
    expect(await ui.lockPanel.lines(ui.lockPanel.jobs)).toBe(1)
  })
})

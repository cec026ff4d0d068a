/**
 * The core actions driven the way a screen-reader or keyboard user finds them: by roles and
 * visible labels only — no test ids, no CSS, no page objects that know the DOM. If a control
 * loses its role or its label, these fail where the other specs would still pass.
 */
import { writeFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { isServiceAppId } from '../../src-main/ras/app-ids'
import { INFOBASE_ADMIN, mainServer } from './worlds'

/** Connects the saved server "Main" from the server list and waits for its session grid. */
async function openMain(page: Page) {
  await page
    .getByRole('complementary', { name: 'Servers' })
    .getByRole('button', { name: /^Main\b/ })
    .click()
  const grid = page.getByRole('grid', { name: /sessions/i })
  await expect(grid.getByRole('gridcell').first()).toBeVisible({ timeout: 30_000 })
  return grid
}

test.describe('by labels and roles', () => {
  test.use({
    harness: mainServer({ clusters: 1, infobases: 3, sessions: 12, seed: 11, infobaseAdmin: INFOBASE_ADMIN }),
  })

  test('terminate one session, then every session of an infobase', async ({ app, page }) => {
    const sim = app.sims[0]!
    const grid = await openMain(page)
    // A user with one session, so that the row is found by the user's name alone.
    const people = sim.world.sessions().filter((s) => !isServiceAppId(s.appId) && s.userName)
    const victim = people.find((s) => people.filter((o) => o.userName === s.userName).length === 1)!

    // One: pick the row by its user, act from the selection bar, confirm in the dialog.
    await grid
      .getByRole('row')
      .filter({ has: page.getByRole('gridcell', { name: victim.userName, exact: true }) })
      .click()
    const bar = page.getByRole('toolbar', { name: 'Selected sessions' })
    await expect(bar).toContainText('1 selected')
    await bar.getByRole('button', { name: 'Terminate…' }).click()
    const confirm = page.getByRole('dialog', { name: 'Terminate session' })
    await expect(confirm).toContainText(victim.userName)
    await confirm.getByLabel('Message shown to the users (optional)').fill('Перезайдите, пожалуйста')
    await confirm.getByRole('button', { name: 'Terminate', exact: true }).click()
    await expect(confirm).toBeHidden()
    const result = page.getByRole('dialog', { name: 'Result' })
    await expect(result.getByRole('status')).toContainText('Terminated: 1')
    await result.getByRole('button', { name: 'Close' }).last().click()
    await expect(result).toBeHidden()
    await expect.poll(() => sim.terminated.map((x) => x.session)).toEqual([victim.session])
    expect(sim.terminated[0]!.message).toBe('Перезайдите, пожалуйста')

    // All of an infobase: open it from the infobase list, "Terminate all sessions", type the count.
    const infobase = sim.world.requireCluster().infobases[0]!
    const inIt = () => sim.world.sessions().filter((s) => s.infobase === infobase.infobase)
    await page
      .getByRole('complementary', { name: 'Infobases' })
      .getByRole('button', { name: new RegExp(`^${infobase.name}\\b`) })
      .click()
    await expect(page.getByRole('tab', { name: new RegExp(infobase.name), selected: true })).toBeVisible()
    const panel = page.getByRole('tabpanel')
    await expect(panel.getByRole('grid').getByRole('gridcell').first()).toBeVisible()
    await panel.getByRole('button', { name: 'Terminate all sessions' }).click()
    const all = page.getByRole('dialog', { name: 'Terminate all sessions' })
    await all.getByLabel('Include service sessions (background jobs, job scheduler, consoles)').check()
    const count = inIt().length
    // Ending every session asks for their number, typed.
    await all.getByLabel(/type their number/).fill(String(count))
    await all.getByRole('button', { name: new RegExp(`^Terminate( ${count})?$`) }).click()
    await expect(page.getByRole('dialog', { name: 'Result' }).getByRole('status')).toContainText(`Terminated: ${count}`)
    await expect.poll(() => inIt().length, { timeout: 30_000 }).toBe(0)
  })

  test('lock an infobase with a message and code, then unlock it', async ({ app, page }) => {
    const sim = app.sims[0]!
    const infobase = sim.world.requireCluster().infobases[1]!
    const record = () => sim.world.requireCluster().infobases[1]!
    await openMain(page)
    await page
      .getByRole('complementary', { name: 'Infobases' })
      .getByRole('button', { name: new RegExp(`^${infobase.name}\\b`) })
      .click()

    // The sessions show at once; the lock panel asks for the infobase administrator in place.
    const lockPanel = page.getByRole('complementary', { name: 'Lock' })
    await lockPanel.getByRole('button', { name: 'Enter infobase administrator…' }).click()
    const signIn = page.getByRole('dialog', { name: `Infobase administrator for ${infobase.name}` })
    await signIn.getByLabel('User').fill(INFOBASE_ADMIN.user)
    await signIn.getByLabel('Password').fill(INFOBASE_ADMIN.password)
    await signIn.getByRole('button', { name: 'OK' }).click()
    await expect(signIn).toBeHidden()

    await lockPanel.getByRole('button', { name: 'Lock sessions…' }).click()
    const lock = page.getByRole('dialog', { name: `Lock infobase ${infobase.name}` })
    await lock.getByLabel('Message').fill('Обновление до 23:00')
    await lock.getByLabel('Permission code').fill('KOD-9')
    // naive-ui draws its own radio over a hidden input: the user clicks the visible label.
    await lock.getByText('Keep running', { exact: true }).click()
    await expect(lock.getByRole('radio', { name: 'Keep running' })).toBeChecked()
    await expect(lock).toContainText('Scheduled jobs will keep running while the infobase is locked.')
    await lock.getByRole('button', { name: 'Lock', exact: true }).click()
    await expect(lock).toBeHidden()
    await expect.poll(() => record().sessionsDeny).toBe(true)
    expect(record()).toMatchObject({
      deniedMessage: 'Обновление до 23:00',
      permissionCode: 'KOD-9',
      scheduledJobsDeny: false,
    })
    await expect(lockPanel).toContainText('Denied')

    await lockPanel.getByRole('button', { name: 'Unlock' }).click()
    const unlock = page.getByRole('dialog', { name: 'Unlock' })
    await expect(unlock).toHaveAccessibleDescription(`Allow sessions and scheduled jobs in ${infobase.name} again?`)
    await unlock.getByRole('button', { name: 'Unlock' }).click()
    await expect.poll(() => record().sessionsDeny).toBe(false)
    await expect(lockPanel).toContainText('Last lock settings')
  })
})

test.describe('import from 1C by labels', () => {
  test.use({ harness: mainServer({ clusters: 1, infobases: 1, sessions: 3, seed: 2 }) })

  test('the console server list becomes profiles, with the RAS port proposed', async ({ app, page }, testInfo) => {
    await expect(
      page.getByRole('complementary', { name: 'Servers' }).getByRole('button', { name: /^Main\b/ }),
    ).toBeVisible()
    expect(app.sims).toHaveLength(1)
    // In the test's own output folder, which Playwright empties: nothing is left in the system temp.
    const file = testInfo.outputPath('appsrvrs.lst')
    // The console's own list: one server per entry with its agent port (1540), UTF-8 with a BOM.
    writeFileSync(
      file,
      '\uFEFF{2,\r\n{"srv-buh",1540,"",0,{0},"Бухгалтерия"},\r\n{"srv-wms",1540,"",0,{0},"Склад"}\r\n}\r\n',
    )
    await page.getByRole('complementary', { name: 'Servers' }).getByRole('button', { name: 'Import…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Import profiles' })
    const chooser = page.waitForEvent('filechooser')
    await dialog.getByRole('button', { name: 'Import from 1C…' }).click()
    await (await chooser).setFiles(file)
    await expect(dialog.getByLabel('RAS port of srv-buh')).toHaveValue('1545')
    await dialog.getByRole('button', { name: 'Import', exact: true }).click()
    await expect(dialog).toBeHidden()
    const servers = page.getByRole('complementary', { name: 'Servers' })
    await expect(servers.getByRole('button', { name: /^srv-buh\b/ })).toBeVisible()
    await expect(servers.getByRole('button', { name: /^srv-wms\b/ })).toBeVisible()
  })
})

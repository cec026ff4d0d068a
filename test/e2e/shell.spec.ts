import { test, expect } from './fixtures'

test.describe('the window frame', () => {
  test.use({ harness: { demo: true } })

  test('panels fold to a strip from the keyboard and stay folded; tabs switch with the arrows', async ({ app, ui }) => {
    await ui.shell.openDemo()
    await ui.sessions.waitForRows()
    const wide = (await ui.sessions.workspace.boundingBox())!.width

    await app.page.keyboard.press('Control+b')
    await expect(ui.shell.serverListToggle).toHaveAttribute('aria-expanded', 'false')
    await expect(ui.profiles.profile('Demo')).toBeHidden()
    await app.page.keyboard.press('Control+Shift+B')
    await expect(ui.shell.sidePanelToggle).toHaveAttribute('aria-expanded', 'false')
    await expect(ui.infobases.infobase('erp')).toHaveCount(0)
    // Both strips are narrow: the sessions get the room back.
    expect((await ui.shell.serverList.boundingBox())!.width).toBeLessThan(40)
    expect((await ui.shell.sidePanel.boundingBox())!.width).toBeLessThan(40)
    expect((await ui.sessions.workspace.boundingBox())!.width).toBeGreaterThan(wide + 200)
    await app.shot('panels-folded')

    await app.page.reload()
    await ui.sessions.waitForRows()
    await expect(ui.shell.serverListToggle).toHaveAttribute('aria-expanded', 'false')
    await expect(ui.shell.sidePanelToggle).toHaveAttribute('aria-expanded', 'false')
    await ui.shell.serverListToggle.click()
    await expect(ui.profiles.profile('Demo')).toBeVisible()

    const [first, second] = [ui.shell.tabByRole(/Основной/), ui.shell.tabByRole(/Резервный/)]
    await expect(first).toHaveAttribute('aria-selected', 'true')
    await first.focus()
    await app.page.keyboard.press('ArrowRight')
    await expect(second).toHaveAttribute('aria-selected', 'true')
    await expect(second).toBeFocused()
  })
})

import { test, expect } from './fixtures'
import { mainServer } from './worlds'
import { isServiceAppId } from '../../src-main/ras/app-ids'

test.describe('terminate by rule', () => {
  test.use({ harness: mainServer({ clusters: 1, infobases: 3, sessions: 30, seed: 7 }, { label: 'prod' }) })

  test('preview matches the rule; sessions that appear after freezing are not touched', async ({ app, ui }) => {
    const sim = app.sims[0]!
    const rule = ui.ruleTerminate
    const temps = ['CORP\\temp01', 'CORP\\Temp02', 'CORP\\temp03'].map((userName) =>
      sim.world.addSession(undefined, { userName, appId: '1CV8C' }),
    )
    const web = sim.world.addSession(undefined, { userName: 'CORP\\temp04', appId: 'WebClient' })
    sim.world.addSession(undefined, { userName: 'CORP\\ivanov', appId: '1CV8C' })
    await ui.openSessions('Main')

    await ui.sessions.openRuleTerminate()
    await expect(rule.root).toBeVisible()
    await expect(rule.previewCount).toHaveAttribute('data-count', '0') // no condition yet: nothing selected
    // The infobase picker sits level with the user mask beside it, not lower by the mask's hint.
    const mask = (await rule.root.getByTestId('rule-user-mask').boundingBox())!
    const infobases = (await rule.root.getByTestId('rule-infobases').boundingBox())!
    expect(Math.abs(infobases.y - mask.y)).toBeLessThanOrEqual(2)
    await rule.setUserMask('corp\\TEMP*')
    await expect(rule.previewCount).toHaveAttribute('data-count', '4')
    await rule.tickApp('1CV8C')
    await expect(rule.previewCount).toHaveAttribute('data-count', '3')
    const expected = temps.map((s) => s.session).sort()
    expect(await rule.previewIds()).toEqual(expected)
    expect(expected).not.toContain(web.session)

    await rule.freeze()
    await expect(rule.previewCount).toHaveAttribute('data-frozen', 'true')
    // A matching session starts after the freeze; the workspace learns about it on refresh.
    const late = sim.world.addSession(undefined, { userName: 'CORP\\temp05', appId: '1CV8C' })
    const [, totalBefore] = await ui.sessions.shownOfTotal()
    await rule.refresh()
    await expect(ui.sessions.counts).toHaveAttribute('data-total', String(totalBefore + 1))
    await expect(rule.previewCount).toHaveAttribute('data-count', '3')
    expect(await rule.previewIds()).toEqual(expected)

    await rule.setMessage('Временные учётные записи отключаются')
    await app.shot('rule-terminate-review')
    await rule.confirm()
    await expect(ui.terminateReport.root).toBeVisible()
    await expect(ui.terminateReport.terminated).toHaveAttribute('data-count', '3')
    expect(sim.terminated.map((t) => t.session).sort()).toEqual(expected)
    expect(sim.terminated.every((t) => t.message === 'Временные учётные записи отключаются')).toBe(true)
    expect(sim.world.sessions().some((s) => s.session === late.session)).toBe(true)
    await ui.terminateReport.close()
    await expect(rule.root).toBeHidden()
  })

  test('a large selection asks to type the count; service sessions only when included', async ({ app, ui }) => {
    const sim = app.sims[0]!
    const rule = ui.ruleTerminate
    await ui.openSessions('Main')
    const all = sim.world.sessions()
    const users = all.filter((s) => !isServiceAppId(s.appId))
    await ui.sessions.openRuleTerminate()
    await rule.setUserMask('*')
    await expect(rule.previewCount).toHaveAttribute('data-count', String(users.length))
    await rule.toggleIncludeService()
    await expect(rule.previewCount).toHaveAttribute('data-count', String(all.length))
    await rule.toggleIncludeService()
    await rule.freeze()
    await expect(rule.confirmButton).toBeDisabled()
    await rule.typeCount(users.length - 1)
    await expect(rule.confirmButton).toBeDisabled()
    await rule.typeCount(users.length)
    await expect(rule.confirmButton).toBeEnabled()
    await rule.confirm()
    await expect(ui.terminateReport.terminated).toHaveAttribute('data-count', String(users.length))
    expect(sim.world.sessions().every((s) => isServiceAppId(s.appId))).toBe(true)
    await ui.terminateReport.close()
    await expect(ui.sessions.counts).toHaveAttribute('data-total', String(all.length - users.length))
  })
})

test.describe('hotspots', () => {
  test.use({ harness: mainServer({ clusters: 1, infobases: 4, sessions: 60, seed: 11 }, { label: 'prod' }) })

  test('long calls and lock waits, interrupt offered first', async ({ app, ui }) => {
    const sim = app.sims[0]!
    const hotspots = ui.hotspots
    const sessions = sim.world.sessions()
    const holders = sessions.filter((s) => s.durationCurrent >= 60_000)
    const waiters = sessions.filter((s) => s.blockedByDbms !== 0 || s.blockedByLs !== 0)
    expect(holders.length).toBeGreaterThan(0)
    expect(waiters.length).toBeGreaterThanOrEqual(2)
    await ui.openSessions('Main')
    await ui.sessions.openHotspots()
    await expect(hotspots.root).toBeVisible()
    for (const h of holders) await expect(hotspots.longCall(h.session)).toBeVisible()
    for (const w of waiters) {
      await expect(hotspots.waiting(w.session)).toBeVisible()
      await expect(hotspots.waiting(w.session)).toHaveAttribute(
        'data-blocker',
        String(w.blockedByDbms || w.blockedByLs),
      )
    }
    // Top 10 by current CPU: sessions with no CPU right now are not hotspots.
    const busy = sessions.filter((s) => s.cpuTimeCurrent > 0).sort((a, b) => b.cpuTimeCurrent - a.cpuTimeCurrent)
    await expect(hotspots.topRows).toHaveCount(Math.min(10, busy.length))
    await expect(hotspots.topRows.first()).toHaveAttribute('data-session', busy[0]!.session)
    await app.shot('hotspots')

    const holder = holders[0]!
    await hotspots.interruptLongCall(holder.session)
    await expect(ui.interruptDialog.root).toBeVisible()
    await ui.interruptDialog.confirm()
    await expect(ui.interruptDialog.root).toBeHidden()
    await expect.poll(() => sim.world.sessions().find((s) => s.session === holder.session)?.durationCurrent).toBe(0)
  })
})

/**
 * The history on the demo cluster (it comes with 24 h of history): Open demo → History shows the
 * timeline with server-time labels (the simulated server keeps Moscow's clock; this browser runs
 * in UTC or in Vladivostok, so the desktop's zone would show other hours), zooms by dragging,
 * exports CSV, and answers "who consumed it" down to a user's timeline.
 */
import { readFileSync } from 'node:fs'
import { SERVER_ZONE_OFFSET_MS } from '../../src-main/simulator'
import { test, expect } from './fixtures'

const MINUTE = 60_000

/** A "YYYY-MM-DD HH:mm[:ss]" server time read back as the ms it stands for. */
function parseServerTime(text: string): number {
  const m = text.match(/(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)(?::(\d\d))?/)
  if (!m) throw new Error(`no server time in "${text}"`)
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0))
}

/** The server's wall clock now, as the simulator keeps it (Moscow). */
const serverNow = () => Date.now() + SERVER_ZONE_OFFSET_MS

test.describe('history', () => {
  test.use({ harness: { demo: true, history: true } })

  test('Open demo → History: 24 h timeline in server time, zoom, CSV', async ({ app, ui }) => {
    await ui.shell.openDemo()
    await ui.sessions.waitForRows()
    await ui.history.open()
    await expect(ui.shell.tab(/^History · Demo/)).toHaveAttribute('aria-selected', 'true')
    // 24 hours a minute apart, more samples than the 1280-pixel window has columns: each point is
    // a column's lowest or highest, and the summary still counts every sample.
    await expect.poll(() => ui.history.samples()).toBeGreaterThanOrEqual(1400)
    await expect(app.page.getByTestId('history-folded')).toContainText('lowest and highest of 1.1 min')
    await expect(app.page.getByTestId('history-summary')).toContainText(/^1,4\d\d samples/)
    await expect(ui.history.sessionsChart).toHaveAttribute('data-chart', 'drawn')
    await expect(ui.history.sessionsChart).toHaveAttribute('aria-label', /^Sessions by connection type\. \d/)

    // The period ends at the server's now, labelled server time, whatever the desktop's zone.
    const shown = (await ui.history.shown.textContent())!
    expect(shown).toContain('(server time)')
    const to = parseServerTime(shown.split('–')[1]!)
    expect(Math.abs(to - serverNow())).toBeLessThan(5 * MINUTE)

    await ui.history.hover(0.99)
    await expect(ui.history.tooltip).toContainText('(server time)')
    const hovered = parseServerTime((await ui.history.tooltip.getByTestId('history-tooltip-time').textContent())!)
    expect(Math.abs(hovered - serverNow())).toBeLessThan(30 * MINUTE)
    await app.page.mouse.move(0, 0)
    await app.shot('history-timeline')

    // Drag across the middle half: the period narrows, the lists follow, reset restores 24 h.
    const full = await ui.history.samples()
    await ui.history.dragZoom(0.25, 0.75)
    await expect(ui.history.shown).toHaveAttribute('data-zoomed', 'true')
    await expect.poll(() => ui.history.samples()).toBeLessThan(full * 0.7)
    // "Who consumed it" answers for the zoomed period.
    const zoomed = (await ui.history.shown.textContent())!.split(' · ')[0]!.trim()
    await expect(ui.history.top.getByTestId('history-top-period')).toContainText(zoomed)
    await ui.history.resetZoom()
    await expect(ui.history.shown).toHaveAttribute('data-zoomed', 'false')
    await expect.poll(() => ui.history.samples()).toBeGreaterThanOrEqual(full)

    const download = await ui.history.exportTimelineCsv()
    expect(download.suggestedFilename()).toMatch(/^history-Demo-.+-timeline-\d{4}-\d\d-\d\d-\d{4}\.csv$/)
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n')
    expect(csv[0]).toMatch(/^\uFEFF"Time \(server time\)","Sessions","Active","Sleeping"/)
    // The export has every sample of the 24 h, not the chart's points.
    expect(csv.length - 2).toBeGreaterThanOrEqual(1440)
    const last = parseServerTime(csv.at(-2)!)
    expect(Math.abs(last - serverNow())).toBeLessThan(5 * MINUTE)
  })

  test('who consumed it: top users by memory, a user’s timeline from the keyboard', async ({ app, ui }) => {
    await ui.shell.openDemo()
    await ui.sessions.waitForRows()
    await ui.history.open()
    await expect(ui.history.topUsers.first()).toBeVisible()
    await expect(ui.history.top).toContainText('Who consumed it')
    await ui.history.metric('memory')
    await expect(ui.history.topUsers.first().getByTestId('history-top-value')).toHaveText(/\d (B|KB|MB|GB)$/)
    await expect(ui.history.top.getByTestId('history-top-period')).toContainText('(server time)')
    const user = await ui.history.openUser(0)
    await expect(ui.history.spans.first()).toBeVisible()
    await expect(ui.history.spans.first()).toHaveAttribute('aria-label', /^Session \d+, .+ on .+: \d{4}-/)
    await expect(ui.history.userTimeline.getByTestId('history-session-series')).toBeVisible()
    expect(user.length).toBeGreaterThan(0)
    // Tall enough for the lists and the user's timeline in one picture, scrolled to the lists.
    await app.page.setViewportSize({ width: 1440, height: 1100 })
    await ui.history.top.evaluate((el: HTMLElement) => {
      const body = el.parentElement!
      body.scrollTop = el.offsetTop - body.offsetTop
    })
    await app.shot('history-top')
  })

  test('the app’s terminate is marked on the timeline; the session details show a 30-minute trend', async ({ ui }) => {
    await ui.shell.openDemo()
    await ui.sessions.waitForRows()
    const id = await ui.sessions.topSessionId()
    await ui.sessions.openDetails(id)
    await expect(ui.sessions.details.getByTestId('session-trend')).toBeVisible()
    await expect(ui.sessions.details.getByTestId('sparkline')).toHaveCount(2)
    await ui.page.keyboard.press('Escape')
    await expect(ui.sessions.details).toBeHidden()
    await ui.sessions.terminate(id)
    await ui.terminateDialog.confirm()
    await expect(ui.terminateReport.terminated).toHaveAttribute('data-count', '1')
    await ui.terminateReport.close()
    await ui.history.open()
    const marks = ui.history.root.getByTestId('history-marks')
    await marks.locator('summary').click()
    await expect(marks.locator('[data-testid="history-mark"][data-kind="terminate"]').first()).toBeVisible()
  })
})

/** A cluster's history tab: the timeline, "who consumed it", a user's timeline, settings. */
import { expect, type Download, type Locator } from '@playwright/test'
import { downloadOf, Screen } from './base'

type Range = 'hour' | 'day' | 'week' | 'month'
type Metric = 'cpu' | 'memory' | 'dbms' | 'calls'

export class History extends Screen {
  get root(): Locator {
    return this.byTestId('history-view').filter({ visible: true })
  }

  get timeline(): Locator {
    return this.root.getByTestId('history-timeline')
  }

  /** The shown period, "from – to (server time)"; data-zoomed says whether it is a zoom. */
  get shown(): Locator {
    return this.root.getByTestId('history-shown')
  }

  get summary(): Locator {
    return this.root.getByTestId('history-summary')
  }

  get sessionsChart(): Locator {
    return this.root.getByTestId('history-sessions-chart')
  }

  get tooltip(): Locator {
    return this.page.getByTestId('history-tooltip')
  }

  get top(): Locator {
    return this.root.getByTestId('history-top')
  }

  get topUsers(): Locator {
    return this.root.getByTestId('history-top-user')
  }

  get userTimeline(): Locator {
    return this.root.getByTestId('history-user')
  }

  get spans(): Locator {
    return this.userTimeline.getByTestId('history-span')
  }

  /** From a cluster tab's toolbar, until the timeline shows. */
  async open(): Promise<void> {
    await this.page.getByTestId('history-open').filter({ visible: true }).click()
    await expect(this.timeline).toBeVisible()
  }

  /** Samples the timeline holds (its data-samples). */
  async samples(): Promise<number> {
    return Number(await this.timeline.getAttribute('data-samples'))
  }

  async range(r: Range): Promise<void> {
    await this.root.getByTestId(`history-range-${r}`).click()
  }

  async metric(m: Metric): Promise<void> {
    await this.root.getByTestId(`history-metric-${m}`).click()
    await expect(this.top).toHaveAttribute('data-by', m)
  }

  /** Drags across the sessions chart from `a` to `b` (fractions of its width). */
  async dragZoom(a: number, b: number): Promise<void> {
    const box = (await this.sessionsChart.locator('.u-over').boundingBox())!
    const y = box.y + box.height / 2
    await this.page.mouse.move(box.x + box.width * a, y)
    await this.page.mouse.down()
    await this.page.mouse.move(box.x + box.width * ((a + b) / 2), y, { steps: 4 })
    await this.page.mouse.move(box.x + box.width * b, y, { steps: 4 })
    await this.page.mouse.up()
  }

  async resetZoom(): Promise<void> {
    await this.root.getByTestId('history-reset-zoom').click()
  }

  /** Hovers the sessions chart at `x` (a fraction of its width) until the tooltip shows. */
  async hover(x: number): Promise<void> {
    const box = (await this.sessionsChart.locator('.u-over').boundingBox())!
    await this.page.mouse.move(box.x + box.width * x, box.y + box.height / 2)
    await expect(this.tooltip).toBeVisible()
  }

  /** Opens the timeline of a user of the top list by pressing Enter on its button. */
  async openUser(index = 0): Promise<string> {
    const row = this.topUsers.nth(index)
    const user = (await row.getAttribute('data-user'))!
    await row.getByTestId('history-open-user').focus()
    await this.page.keyboard.press('Enter')
    await expect(this.userTimeline).toHaveAttribute('data-user', user)
    return user
  }

  exportTimelineCsv(): Promise<Download> {
    return downloadOf(this.page, () => this.root.getByTestId('history-timeline-export-csv').click())
  }

  async toggleTable(): Promise<void> {
    await this.root.getByTestId('history-table-toggle').click()
  }

  get settings(): Locator {
    return this.byTestId('history-settings')
  }

  async openSettings(): Promise<void> {
    await this.root.getByTestId('history-settings-open').click()
    await expect(this.settings.getByTestId('history-file')).toBeVisible()
  }
}

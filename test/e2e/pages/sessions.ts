/**
 * A tab's session workspace: the toolbar (search, counts, refresh, terminate buttons, the Tools
 * menu), the session grid and the status line under it.
 */
import { expect, type Download, type Locator } from '@playwright/test'
import { dataOf, downloadOf, Screen, textField, withData } from './base'
import { chooseOption } from './naive'

type RowAction = 'terminate' | 'interrupt' | 'details'
type Tool = 'export-csv' | 'export-xlsx' | 'copy-selected' | 'rule-terminate-open' | 'hotspots-open'

export class Sessions extends Screen {
  /** The workspace of the selected tab (the others stay in the DOM, hidden). */
  get workspace(): Locator {
    return this.byTestId('workspace').filter({ visible: true })
  }

  get rows(): Locator {
    return this.workspace.getByTestId('session-row')
  }

  row(sessionId: string): Locator {
    return withData(this.rows, 'session', sessionId)
  }

  get selectedRows(): Locator {
    return withData(this.rows, 'selected', 'true')
  }

  /** "N of M" above the grid; data-shown and data-total carry the numbers. */
  get counts(): Locator {
    return this.workspace.getByTestId('session-counts')
  }

  get statusLine(): Locator {
    return this.workspace.getByTestId('status-line')
  }

  /** The status line's "N new" after a refresh found sessions that were not there before. */
  get newSessionsNote(): Locator {
    return this.workspace.getByTestId('status-new')
  }

  /** The status line's "N ended" after a refresh found sessions gone. */
  get endedSessionsNote(): Locator {
    return this.workspace.getByTestId('status-vanished')
  }

  /** The tab's error banner (server unreachable…). */
  get error(): Locator {
    return this.workspace.getByTestId('tab-error')
  }

  get details(): Locator {
    return this.byTestId('session-details')
  }

  get grid(): Locator {
    return this.workspace.getByTestId('session-grid')
  }

  /** The bar under the grid that names what can be done to the selected rows. */
  get selectionBar(): Locator {
    return this.workspace.getByTestId('selection-bar')
  }

  /** A column's (or a column group's, `group:…`) header cell. */
  columnHeader(key: string): Locator {
    return withData(this.grid.getByRole('columnheader'), 'col-key', key)
  }

  /** Columns → Rows: Compact; closes the chooser without touching a row. */
  async useCompactDensity(): Promise<void> {
    await this.workspace.getByTestId('column-chooser').click()
    await this.page.getByTestId('density-compact').click()
    await expect(this.grid).toHaveAttribute('data-density', 'compact')
    await this.page.keyboard.press('Escape')
    await this.grid.click({ position: { x: 5, y: 5 } })
  }

  /** Scrolls the grid right until the given column group starts just after the pinned columns. */
  async scrollGroupBesidePinned(group: string): Promise<void> {
    await this.grid.evaluate((root, key) => {
      const list = root.querySelector<HTMLElement>('[data-testid="grid-scroller"]')!
      const left = root.querySelector(`[role=columnheader][data-col-key="${key}"]`)!.getBoundingClientRect().left
      const pinned = parseFloat(getComputedStyle(root).getPropertyValue('--cd-pinned-width'))
      list.scrollTo({ left: left - list.getBoundingClientRect().left + list.scrollLeft - pinned })
    }, group)
  }

  /** Speed is the benchmark's to prove (`npm run bench`); here a loaded CI machine may take its time. */
  async waitForRows(timeout = 15_000): Promise<void> {
    await expect(this.rows.first()).toBeVisible({ timeout })
  }

  async search(text: string): Promise<void> {
    await textField(this.workspace, 'search-input').fill(text)
  }

  /** Sessions shown (after the search) and loaded. */
  async shownOfTotal(): Promise<[number, number]> {
    const [shown, total] = await Promise.all([
      this.counts.getAttribute('data-shown'),
      this.counts.getAttribute('data-total'),
    ])
    return [Number(shown), Number(total)]
  }

  /** Sessions shown after the search; for expect.poll. */
  async shown(): Promise<number> {
    return (await this.shownOfTotal())[0]
  }

  /** Ids of the rows in the DOM (virtual scrolling: about a screenful), in display order. */
  visibleSessionIds(): Promise<string[]> {
    return dataOf(this.rows, 'session')
  }

  /** The id of the top row. */
  async topSessionId(): Promise<string> {
    return (await this.rows.first().getAttribute('data-session'))!
  }

  /** Clicks a row: it alone is selected. */
  async select(sessionId: string): Promise<void> {
    await this.row(sessionId).click()
  }

  /** Ctrl+click: adds a row to the selection. */
  async addToSelection(sessionId: string): Promise<void> {
    await this.row(sessionId).click({ modifiers: ['Control'] })
  }

  /** Shift+click: selects every row from the last clicked one through this one. */
  async selectThrough(sessionId: string): Promise<void> {
    await this.row(sessionId).click({ modifiers: ['Shift'] })
  }

  /** Clicks a column header (sorts by it; again, the other way). */
  async sortBy(column: string): Promise<void> {
    await this.workspace.getByRole('columnheader', { name: column, exact: true }).first().click()
  }

  /** The grid's scroller, the one element that scrolls header and rows (wheel steps would need thousands of turns). */
  get scroller(): Locator {
    return this.grid.getByTestId('grid-scroller')
  }

  async scrollToEnd(): Promise<void> {
    await this.scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
  }

  async scrollToTop(): Promise<void> {
    await this.scroller.evaluate((el) => el.scrollTo({ top: 0 }))
  }

  /** The row's "⋯" menu, then one of its entries. */
  private async rowAction(sessionId: string, action: RowAction): Promise<void> {
    await this.row(sessionId).getByTestId('row-actions').click()
    await this.transitionsDone()
    await this.byTestId(`row-menu-${action}`).click()
  }

  async openDetails(sessionId: string): Promise<void> {
    await this.rowAction(sessionId, 'details')
    await expect(this.details).toBeVisible()
  }

  /** A double click on the row's user cell opens its details, as the mouse user does. */
  async openDetailsByDoubleClick(sessionId: string): Promise<void> {
    await this.row(sessionId).locator('[data-col-key="userName"]').dblclick()
    await expect(this.details).toBeVisible()
  }

  /** The text selected on the page (a double click must not select a word in the grid). */
  selectedText(): Promise<string> {
    return this.page.evaluate(() => window.getSelection()?.toString() ?? '')
  }

  /** "Terminate" in the row's menu: opens the confirmation. */
  async terminate(sessionId: string): Promise<void> {
    await this.rowAction(sessionId, 'terminate')
  }

  /** The toolbar's "Terminate selected": opens the confirmation. */
  async terminateSelected(): Promise<void> {
    await this.workspace.getByTestId('terminate-selected').click()
  }

  /** The toolbar's "Terminate all" (of the tab's cluster or infobase): opens the confirmation. */
  async terminateAll(): Promise<void> {
    await this.workspace.getByTestId('terminate-all').click()
  }

  async refresh(): Promise<void> {
    await this.workspace.getByTestId('refresh').click()
  }

  /** Picks an auto-refresh interval, e.g. 5 (seconds). */
  async setAutoRefresh(seconds: number): Promise<void> {
    await chooseOption(this.workspace.getByTestId('auto-refresh'), new RegExp(`^${seconds}\\s*(s|с)`))
  }

  // --- the Tools menu ----------------------------------------------------------------------------

  async openToolsMenu(): Promise<void> {
    await this.workspace.getByTestId('tools-menu').click()
    await this.transitionsDone()
  }

  /** "Copy selected rows" in the open Tools menu. */
  get copySelectedItem(): Locator {
    return this.byTestId('copy-selected')
  }

  private async useTool(tool: Tool): Promise<void> {
    await this.openToolsMenu()
    await this.byTestId(tool).click()
  }

  /** Tools → Export CSV; the file the browser downloads. */
  exportCsv(): Promise<Download> {
    return this.download('export-csv')
  }

  /** Tools → Export XLSX; a large workbook is zipped in a worker and takes longer. */
  exportXlsx(timeout?: number): Promise<Download> {
    return this.download('export-xlsx', timeout)
  }

  private download(tool: Tool, timeout?: number): Promise<Download> {
    return downloadOf(this.page, () => this.useTool(tool), timeout)
  }

  /** Tools → Copy selected rows (the menu already open or not). */
  async copySelected(): Promise<void> {
    if (!(await this.copySelectedItem.isVisible())) await this.openToolsMenu()
    await this.copySelectedItem.click()
  }

  async openRuleTerminate(): Promise<void> {
    await this.useTool('rule-terminate-open')
  }

  async openHotspots(): Promise<void> {
    await this.useTool('hotspots-open')
  }
}

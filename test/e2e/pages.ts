/**
 * Page objects: where things are on screen (data-testid locators) and the steps a user takes.
 * Specs read as user flows and never reach into the DOM themselves.
 */
import { expect, type Locator, type Page } from '@playwright/test'

export class ClusterDeskPage {
  constructor(readonly page: Page) {}

  byTestId(id: string): Locator {
    return this.page.locator(`[data-testid="${id}"]`)
  }

  // --- profiles ------------------------------------------------------------------------------

  profile(name: string): Locator {
    return this.byTestId('profile-item').filter({
      has: this.page.locator('[data-testid="profile-name"]', { hasText: name }),
    })
  }

  async openProfile(name: string): Promise<void> {
    await this.profile(name).click()
    await expect(this.profile(name).locator('[data-testid="profile-status"]')).toHaveAttribute('data-status', 'ok')
  }

  /** Fills the profile form (already open) field by field. */
  async fillProfileForm(p: {
    name: string
    host: string
    port: number
    user?: string
    password?: string
  }): Promise<void> {
    const form = this.byTestId('profile-form')
    await form.locator('[data-testid="form-name"] input').fill(p.name)
    await form.locator('[data-testid="form-host"] input').fill(p.host)
    await form.locator('[data-testid="form-port"] input').fill(String(p.port))
    if (p.user !== undefined) await form.locator('[data-testid="form-user"] input').fill(p.user)
    if (p.password !== undefined) await form.locator('[data-testid="form-password"] input').fill(p.password)
  }

  // --- tabs ------------------------------------------------------------------------------------

  tab(text: string | RegExp): Locator {
    return this.byTestId('tab').filter({ hasText: text })
  }

  /** The workspace of the selected tab. */
  get workspace(): Locator {
    return this.page.locator('[data-testid="workspace"]:visible')
  }

  // --- the session grid -------------------------------------------------------------------------

  get rows(): Locator {
    return this.workspace.locator('[data-testid="session-row"]')
  }

  row(sessionId: string): Locator {
    return this.workspace.locator(`[data-testid="session-row"][data-session="${sessionId}"]`)
  }

  get counts(): Locator {
    return this.workspace.locator('[data-testid="session-counts"]')
  }

  async search(text: string): Promise<void> {
    await this.workspace.locator('[data-testid="search-input"] input').fill(text)
  }

  /** Sessions shown (after the search) and loaded. */
  async shownOfTotal(): Promise<[number, number]> {
    const [shown, total] = await Promise.all([
      this.counts.getAttribute('data-shown'),
      this.counts.getAttribute('data-total'),
    ])
    return [Number(shown), Number(total)]
  }

  async waitForRows(): Promise<void> {
    await expect(this.rows.first()).toBeVisible({ timeout: 15_000 })
  }

  /** Ids of the rows in the DOM (virtual scrolling: about a screenful), in display order. */
  async visibleSessionIds(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session')!))
  }

  async rowAction(sessionId: string, action: 'terminate' | 'interrupt' | 'details'): Promise<void> {
    await this.row(sessionId).locator('[data-testid="row-actions"]').click()
    await this.page.locator(`[data-testid="row-menu-${action}"]`).click()
  }

  /** Opens an entry of the workspace's "Tools" menu. */
  async openTool(id: string): Promise<void> {
    await this.workspace.locator('[data-testid="tools-menu"]').click()
    await this.page.locator(`[data-testid="${id}"]`).click()
  }

  get terminateDialog(): Locator {
    return this.byTestId('terminate-dialog')
  }

  get report(): Locator {
    return this.byTestId('terminate-report')
  }
}

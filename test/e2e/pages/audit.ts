/** The audit log: what was locked, terminated and unlocked, newest first; filters and CSV export. */
import { expect, type Download, type Locator } from '@playwright/test'
import { dataOf, downloadOf, Screen, textField, withData } from './base'

type AuditAction = 'lock' | 'unlock' | 'terminate' | 'interrupt'

export class AuditLog extends Screen {
  get root(): Locator {
    return this.byTestId('audit-view')
  }

  /** Entries shown: data-action. */
  get rows(): Locator {
    return this.root.getByTestId('audit-row')
  }

  /** The entries that name `count` sessions. */
  rowsWithSessions(count: number): Locator {
    return this.rows.filter({ has: withData(this.page.getByTestId('audit-sessions'), 'count', String(count)) })
  }

  /** The action of every entry shown, top to bottom. */
  actions(): Promise<string[]> {
    return dataOf(this.rows, 'action')
  }

  async open(): Promise<void> {
    await this.byTestId('audit-open').click()
    await expect(this.root).toBeVisible()
  }

  /** Shows one kind of entry only, or all of them again. */
  async showOnly(action: AuditAction | 'all'): Promise<void> {
    await this.root.getByTestId(`audit-action-${action}`).click()
  }

  async filter(text: string): Promise<void> {
    await textField(this.root, 'audit-filter').fill(text)
  }

  /** "Export CSV"; the file the browser downloads. */
  exportCsv(): Promise<Download> {
    return downloadOf(this.page, () => this.root.getByTestId('audit-export').click())
  }
}

/** The terminate confirmation and the report after it. */
import { expect, type Locator } from '@playwright/test'
import { Screen, textField } from './base'
import { pressConfirm, satisfyFriction } from './friction'

export class TerminateDialog extends Screen {
  get root(): Locator {
    return this.byTestId('terminate-dialog')
  }

  /** How many sessions will go: data-count. */
  get count(): Locator {
    return this.root.getByTestId('terminate-count')
  }

  /** The profile (and cluster or infobase) the sessions belong to. */
  get target(): Locator {
    return this.root.getByTestId('terminate-profile')
  }

  get confirmButton(): Locator {
    return this.root.getByTestId('terminate-confirm')
  }

  /** The message the users will see. */
  async setMessage(message: string): Promise<void> {
    await textField(this.root, 'terminate-message').fill(message)
  }

  /** Does whatever the dialog asks before it lets the user confirm (see ./friction). */
  async acknowledge(): Promise<void> {
    await satisfyFriction(this.root, this.confirmButton)
  }

  /** Sets the message if given, satisfies the friction, confirms; waits for the dialog to close. */
  async confirm(options: { message?: string } = {}): Promise<void> {
    if (options.message !== undefined) await this.setMessage(options.message)
    await this.acknowledge()
    await pressConfirm(this.confirmButton)
    await expect(this.root).toBeHidden()
  }

  async cancel(): Promise<void> {
    await this.root.getByTestId('dialog-cancel').click()
    await expect(this.root).toBeHidden()
  }
}

export class TerminateReport extends Screen {
  get root(): Locator {
    return this.byTestId('terminate-report')
  }

  /** The "N terminated" tag: data-count. */
  get terminated(): Locator {
    return this.root.getByTestId('report-terminated')
  }

  async close(): Promise<void> {
    await this.root.getByTestId('report-close').click()
    await expect(this.root).toBeHidden()
  }
}

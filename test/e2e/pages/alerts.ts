/** The notification centre: the bell in the top bar and its drawer of alerts (issue 19). */
import { expect, type Locator } from '@playwright/test'
import { Screen } from './base'

export class Alerts extends Screen {
  /** The bell: data-level is the worst open alert (ok, info, warning, critical). */
  get bell(): Locator {
    return this.byTestId('alerts-open')
  }

  get drawer(): Locator {
    return this.byTestId('alerts')
  }

  /** The alerts open now: data-rule, data-state, data-at (server time, ms). */
  get openNow(): Locator {
    return this.drawer.getByTestId('alerts-now').getByTestId('alert-item')
  }

  async open(): Promise<void> {
    await this.bell.click()
    await expect(this.drawer).toBeVisible()
  }

  /** The rules form, from the centre. */
  async openRules(): Promise<void> {
    await this.drawer.getByTestId('watch-rules-open').click()
    await expect(this.byTestId('watch-rule-longCallSeconds')).toBeVisible()
  }

  /** The open alerts of a rule. */
  ofRule(rule: string): Locator {
    return this.openNow.and(this.page.locator(`[data-rule="${rule}"]`))
  }
}

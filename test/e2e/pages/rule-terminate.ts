/** Tools → Terminate by rule: build a rule, freeze the preview, confirm. */
import { type Locator } from '@playwright/test'
import { dataOf, Screen, textField, withData } from './base'
import { pressConfirm, typedCountInput } from './friction'

export class RuleTerminateDialog extends Screen {
  get root(): Locator {
    return this.byTestId('rule-terminate')
  }

  /** Sessions the rule matches: data-count; data-frozen once the preview is frozen. */
  get previewCount(): Locator {
    return this.root.getByTestId('rule-preview-count')
  }

  get confirmButton(): Locator {
    return this.root.getByTestId('rule-confirm')
  }

  /** A user name mask such as `corp\temp*`. */
  async setUserMask(mask: string): Promise<void> {
    await textField(this.root, 'rule-user-mask').fill(mask)
  }

  /** Ticks one client application (by its app id, e.g. 1CV8C) as a condition. */
  async tickApp(appId: string): Promise<void> {
    await withData(this.root.getByTestId('rule-app'), 'app-id', appId).click()
  }

  async toggleIncludeService(): Promise<void> {
    await this.root.getByTestId('rule-include-service').click()
  }

  /** Ids of the sessions in the preview, sorted. */
  async previewIds(): Promise<string[]> {
    return (await dataOf(this.root.getByTestId('rule-preview-row'), 'session')).sort()
  }

  /** "Review": freezes the preview; later sessions are not added to it. */
  async freeze(): Promise<void> {
    await this.root.getByTestId('rule-freeze').click()
  }

  /** Refreshes the tab's data from inside the dialog. */
  async refresh(): Promise<void> {
    await this.root.getByTestId('rule-refresh').click()
  }

  async setMessage(message: string): Promise<void> {
    await textField(this.root, 'rule-message').fill(message)
  }

  /** Types a count where a large selection asks for it (right or wrong). */
  async typeCount(count: number): Promise<void> {
    await typedCountInput(this.root).fill(String(count))
  }

  /** Confirms (clicking again if the button asks again); the report follows. */
  async confirm(): Promise<void> {
    await pressConfirm(this.confirmButton)
  }
}

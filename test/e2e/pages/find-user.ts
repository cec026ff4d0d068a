/** Find a user (Ctrl+Shift+F): the user's sessions on the open servers, then on every saved one. */
import { expect, type Locator } from '@playwright/test'
import { Screen, textField, withData } from './base'

export class FindUser extends Screen {
  get root(): Locator {
    return this.byTestId('find-user')
  }

  /** Results grouped by server and infobase: data-profile-id, data-infobase-name. */
  get groups(): Locator {
    return this.root.getByTestId('find-user-group')
  }

  /** The group holding a session. */
  groupOf(sessionId: string): Locator {
    // `has` is looked up inside each group, so it must not start from the panel.
    return this.groups.filter({ has: withData(this.byTestId('find-user-row'), 'session', sessionId) })
  }

  /** The group of an infobase. */
  groupFor(infobaseName: string): Locator {
    return withData(this.groups, 'infobase-name', infobaseName)
  }

  result(sessionId: string): Locator {
    return withData(this.root.getByTestId('find-user-row'), 'session', sessionId)
  }

  /** "N found": data-total. */
  get found(): Locator {
    return this.root.getByTestId('find-user-count')
  }

  /** Opens the panel with its keyboard shortcut. */
  async openWithShortcut(): Promise<void> {
    await this.page.keyboard.press('Control+Shift+F')
    await expect(this.root).toBeVisible()
  }

  async search(text: string): Promise<void> {
    await textField(this.root, 'find-user-input').fill(text)
  }

  /** "Search every server": also asks the saved servers that have no tab open. */
  async searchEveryServer(): Promise<void> {
    await this.root.getByTestId('find-user-all').click()
  }

  /** "Terminate" on a result: opens the usual confirmation. */
  async terminate(sessionId: string): Promise<void> {
    await this.result(sessionId).getByTestId('find-user-terminate').click()
  }
}

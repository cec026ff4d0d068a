/**
 * Infobases and their locks: the infobase list of a cluster tab, the credentials prompt, the lock
 * panel of an infobase tab (it asks for the infobase administrator only when told) and the lock
 * dialog.
 */
import { expect, type Locator } from '@playwright/test'
import { answerYes, passwordField, Screen, textField } from './base'

export interface Credentials {
  user: string
  password: string
}

export class Infobases extends Screen {
  /** An infobase in the cluster tab's list. */
  infobase(name: string): Locator {
    return this.byTestId('infobase-item')
      .filter({ visible: true })
      .filter({ has: this.byTestId('infobase-name').getByText(name, { exact: true }) })
  }

  /** "lock unknown" next to an infobase whose lock the server shows only to its administrator. */
  lockUnknown(name: string): Locator {
    return this.infobase(name).getByTestId('lock-unknown')
  }

  /** The "locked" badge next to an infobase. */
  lockBadge(name: string): Locator {
    return this.infobase(name).getByTestId('lock-badge')
  }

  /** Opens an infobase in its own tab. */
  async open(name: string): Promise<void> {
    await this.infobase(name).click()
  }
}

export class CredentialsPrompt extends Screen {
  get root(): Locator {
    return this.byTestId('credentials-prompt')
  }

  /** Answers the prompt for the infobase administrator. */
  async signIn(credentials: Credentials): Promise<void> {
    await expect(this.root).toBeVisible()
    await textField(this.root, 'credentials-user').fill(credentials.user)
    await passwordField(this.root, 'credentials-password').fill(credentials.password)
    await this.root.getByTestId('credentials-submit').click()
    await expect(this.root).toBeHidden()
  }
}

export class LockPanel extends Screen {
  get root(): Locator {
    return this.byTestId('lock-panel').filter({ visible: true })
  }

  /** "Lock state unknown — the server needs the infobase administrator…", in place of the state. */
  get administratorNeeded(): Locator {
    return this.root.getByTestId('lock-auth-needed')
  }

  /** "Enter infobase administrator…", answered with `credentials`; the lock state is then read. */
  async enterAdministrator(credentials: Credentials): Promise<void> {
    await this.administratorNeeded.getByTestId('lock-enter-admin').click()
    await new CredentialsPrompt(this.page).signIn(credentials)
    await expect(this.state).toBeVisible()
  }

  /** The lock's state: data-sessions-deny is true while sessions are denied. */
  get state(): Locator {
    return this.root.getByTestId('lock-state')
  }

  /** The lock's fields: data-locked is true while the lock is in effect. */
  get fields(): Locator {
    // The field list has no test id of its own; data-locked is what marks it.
    return this.root.locator('[data-locked]')
  }

  /** After an unlock: the period, message and code the server kept, under "Last lock settings". */
  get lastSettings(): Locator {
    return this.root.getByTestId('lock-last-settings')
  }

  get message(): Locator {
    return this.root.getByTestId('lock-state-message')
  }

  get permissionCode(): Locator {
    return this.root.getByTestId('lock-state-code')
  }

  get end(): Locator {
    return this.root.getByTestId('lock-state-to')
  }

  /** How many lines a field's text takes on screen (one rectangle per line of a text node). */
  lines(field: Locator): Promise<number> {
    return field.evaluate((el) => {
      const range = document.createRange()
      range.selectNodeContents(el)
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size
    })
  }

  /** Scheduled jobs: data-jobs-deny. */
  get jobs(): Locator {
    return this.root.getByTestId('lock-state-jobs')
  }

  /** "Lock…": opens the lock dialog. */
  async openLockDialog(): Promise<LockDialog> {
    await this.root.getByTestId('lock-open').click()
    const dialog = new LockDialog(this.page)
    await expect(dialog.root).toBeVisible()
    return dialog
  }

  /** "Unlock", answered yes. */
  async unlock(): Promise<void> {
    await this.root.getByTestId('lock-unlock').click()
    await answerYes(this.page)
  }

  /** "Maintenance runbook…". */
  async openRunbook(): Promise<void> {
    await this.root.getByTestId('runbook-open').click()
  }
}

export class LockDialog extends Screen {
  get root(): Locator {
    return this.byTestId('lock-dialog')
  }

  async setMessage(message: string): Promise<void> {
    await textField(this.root, 'lock-message').fill(message)
  }

  async setPermissionCode(code: string): Promise<void> {
    await textField(this.root, 'lock-permission-code').fill(code)
  }

  /** The "From" field as shown (server time). */
  from(): Promise<string> {
    return textField(this.root, 'lock-from').inputValue()
  }

  /** The "To" field as shown (server time). */
  end(): Promise<string> {
    return textField(this.root, 'lock-to').inputValue()
  }

  /** Types the end of the lock, e.g. "2099-12-31 23:00:00". */
  async setEnd(text: string): Promise<void> {
    const to = textField(this.root, 'lock-to')
    await to.fill(text)
    await to.press('Enter')
  }

  /** "For the next N minutes": the end from the start (or the server's now). */
  async lockForMinutes(minutes: number): Promise<void> {
    await this.root.getByTestId(`lock-for-${minutes}`).click()
  }

  /** The scheduled-jobs choice (keep running / stop while locked); data-jobs-deny says which. */
  get jobs(): Locator {
    return this.root.getByTestId('lock-jobs-choice')
  }

  /** Chooses "stop while locked" (the default for maintenance) and sees the summary say so. */
  async denyScheduledJobs(): Promise<void> {
    await this.root.getByTestId('lock-jobs').click()
    await expect(this.jobs).toHaveAttribute('data-jobs-deny', 'true')
  }

  /** The top edges of "Cancel" and "Lock": the same when they sit side by side. */
  async actionTops(): Promise<[number, number]> {
    const top = async (id: string) => (await this.root.getByTestId(id).boundingBox())!.y
    return [await top('dialog-cancel'), await top('lock-confirm')]
  }

  /** "Lock", and the dialog closes. */
  async confirm(): Promise<void> {
    await this.root.getByTestId('lock-confirm').click()
    await expect(this.root).toBeHidden()
  }
}

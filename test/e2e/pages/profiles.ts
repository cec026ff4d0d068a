/** The profile sidebar and the add/edit profile form. */
import { expect, type Locator } from '@playwright/test'
import { passwordField, Screen, textField } from './base'

export interface ProfileFields {
  name: string
  host: string
  port: number
  user?: string
  password?: string
}

export class Profiles extends Screen {
  profile(name: string): Locator {
    return this.byTestId('profile-item').filter({
      has: this.byTestId('profile-name').filter({ hasText: name }),
    })
  }

  /** The "agent version / protocol" line a connected profile shows. */
  version(name: string): Locator {
    return this.profile(name).getByTestId('profile-version')
  }

  /** Connects a saved profile and waits until it is connected (its cluster tabs open). */
  async open(name: string): Promise<void> {
    await this.profile(name).click()
    await expect(this.profile(name)).toHaveAttribute('data-status', 'ok')
  }

  /** Opens the empty "new profile" form. */
  async add(): Promise<ProfileForm> {
    await this.byTestId('profile-add').click()
    const form = new ProfileForm(this.page)
    await expect(form.root).toBeVisible()
    return form
  }

  /** Adds and saves a profile in one go. */
  async addProfile(fields: ProfileFields): Promise<void> {
    const form = await this.add()
    await form.fill(fields)
    await form.save()
  }
}

export class ProfileForm extends Screen {
  get root(): Locator {
    return this.byTestId('profile-form')
  }

  /** The outcome of "Test connection": data-result is ok or error, the text is the server's. */
  get testResult(): Locator {
    return this.byTestId('form-test-result')
  }

  async fill(p: ProfileFields): Promise<void> {
    await textField(this.root, 'form-name').fill(p.name)
    await textField(this.root, 'form-host').fill(p.host)
    await textField(this.root, 'form-port').fill(String(p.port))
    if (p.user !== undefined) await textField(this.root, 'form-user').fill(p.user)
    if (p.password !== undefined) await this.setPassword(p.password)
  }

  async setPassword(password: string): Promise<void> {
    await passwordField(this.root, 'form-password').fill(password)
  }

  async testConnection(): Promise<void> {
    await this.root.getByTestId('form-test').click()
  }

  /** Saves and waits for the form to close. */
  async save(): Promise<void> {
    await this.root.getByTestId('form-save').click()
    await expect(this.root).toBeHidden()
  }
}

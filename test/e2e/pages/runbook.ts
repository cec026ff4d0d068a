/**
 * The maintenance runbook of an infobase: lock → terminate (after a grace countdown) → wait for
 * the rest → done, then unlock.
 */
import { expect, type Locator } from '@playwright/test'
import { answerYes, Screen, textField, withData } from './base'
import { pressConfirm, satisfyFriction } from './friction'

type Step = 'lock' | 'terminate' | 'wait' | 'done'

export class Runbook extends Screen {
  get root(): Locator {
    return this.byTestId('runbook')
  }

  /** A step in the header: data-state is current, done or pending. */
  step(step: Step): Locator {
    return withData(this.root.getByTestId('runbook-step'), 'step', step)
  }

  /** Sessions the terminate step will end: data-count. */
  get scope(): Locator {
    return this.root.getByTestId('runbook-scope')
  }

  /** "Include service sessions": aria-checked. */
  get includeService(): Locator {
    return this.root.getByTestId('runbook-include-service')
  }

  get countdown(): Locator {
    return this.root.getByTestId('runbook-countdown')
  }

  /** The wait step's "N still there": data-count. */
  get remaining(): Locator {
    return this.root.getByTestId('runbook-remaining')
  }

  get remainingRows(): Locator {
    return this.root.getByTestId('runbook-remaining-row')
  }

  /** The done step: data-unlocked once the lock is removed. */
  get done(): Locator {
    return this.root.getByTestId('runbook-done')
  }

  /** "N terminated" in the done step: data-count. */
  get terminated(): Locator {
    return this.done.getByTestId('runbook-terminated')
  }

  /** What a cancelled runbook did: data-lock-in-effect. */
  get summary(): Locator {
    return this.root.getByTestId('runbook-summary')
  }

  /** "N terminated" in the summary: data-count. */
  get summaryTerminated(): Locator {
    return this.summary.getByTestId('runbook-summary-terminated')
  }

  get unlockButton(): Locator {
    return this.root.getByTestId('runbook-unlock')
  }

  /** The lock step: message and permission code, then "Lock and continue"; on to terminate. */
  async lockAndContinue(lock: { message: string; permissionCode: string }): Promise<void> {
    await expect(this.step('lock')).toHaveAttribute('data-state', 'current')
    await textField(this.root, 'runbook-message').fill(lock.message)
    await textField(this.root, 'runbook-permission-code').fill(lock.permissionCode)
    await this.root.getByTestId('runbook-lock').click()
    await expect(this.step('terminate')).toHaveAttribute('data-state', 'current')
  }

  async setTerminateMessage(message: string): Promise<void> {
    await textField(this.root, 'runbook-terminate-message').fill(message)
  }

  /** Seconds the users get between the warning and the termination. */
  async setGrace(seconds: number): Promise<void> {
    const grace = textField(this.root, 'runbook-grace')
    await grace.fill(String(seconds))
    await grace.blur()
  }

  async toggleIncludeService(): Promise<void> {
    await this.includeService.click()
  }

  /** "Terminate" (with the friction it asks for): starts the grace countdown, or terminates at once. */
  async terminate(): Promise<void> {
    await this.pressTerminate('runbook-terminate')
  }

  /** The wait step's "Terminate the rest" (with the friction it asks for). */
  async terminateRest(): Promise<void> {
    await this.pressTerminate('runbook-terminate-rest')
  }

  private async pressTerminate(testId: string): Promise<void> {
    const button = this.root.getByTestId(testId)
    // The friction (a typed count…) stands beside its button; earlier steps may keep their own.
    const scope = this.root.getByTestId('terminate-friction').filter({ has: this.byTestId(testId) })
    await satisfyFriction(scope, button)
    await pressConfirm(button)
  }

  /** "Cancel" (during the countdown too): the runbook stops and says what it did. */
  async cancel(): Promise<void> {
    await this.root.getByTestId('runbook-cancel').click()
  }

  /** "Unlock", answered yes. */
  async unlock(): Promise<void> {
    await this.unlockButton.click()
    await answerYes(this.page)
  }

  async close(): Promise<void> {
    await this.root.getByTestId('runbook-close').click()
    await expect(this.root).toBeHidden()
  }
}

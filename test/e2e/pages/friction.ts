/**
 * The friction a terminate asks for before it runs, wherever it is (the grid's confirmation,
 * find-user, terminate by rule, the runbook's buttons): an acknowledgement checkbox, the count
 * typed into an input whose placeholder is that count, or a second click on a button that asks
 * again. Only this file knows how each is satisfied.
 */
import { expect, type Locator } from '@playwright/test'

/** The input asking for the count to be typed: its placeholder is the count. */
export function typedCountInput(scope: Locator): Locator {
  return scope.getByPlaceholder(/^\d+$/)
}

/** Ticks the acknowledgement and types the count where `scope` asks for them. */
export async function satisfyFriction(scope: Locator, confirmButton: Locator): Promise<void> {
  await expect(confirmButton).toBeVisible()
  const ack = scope.getByTestId('terminate-ack')
  if (await ack.isVisible()) await ack.check()
  const typed = typedCountInput(scope)
  if (await typed.isVisible()) await typed.fill((await typed.getAttribute('placeholder'))!)
  await expect(confirmButton).toBeEnabled()
}

/** Clicks confirm, and once more if the button asks again (a protected profile, one session). */
export async function pressConfirm(confirmButton: Locator): Promise<void> {
  await confirmButton.click()
  // The click's handler has re-rendered the button by the time click() returns; read it without
  // waiting, as it may be gone already (the dialog closed, the runbook moved on).
  const armed = await confirmButton.evaluateAll((els) => els.some((e) => e.getAttribute('data-armed') === 'true'))
  if (armed) await confirmButton.click()
}

/**
 * What every page object shares: the page, a text field by its test id, and a few lookups by the
 * data-* attributes the app publishes for tests (which session, which profile, which action).
 */
import { expect, type Download, type Locator, type Page } from '@playwright/test'

export abstract class Screen {
  constructor(readonly page: Page) {}

  protected byTestId(id: string): Locator {
    return this.page.getByTestId(id)
  }

  /**
   * Waits for the transitions running now (a menu fading in) to end; endless ones (spinners)
   * aside. A click on a menu entry still scaling in can land beside it on a loaded machine.
   */
  async transitionsDone(): Promise<void> {
    await this.page.evaluate(async () => {
      // Two frames: a transition entered in this frame is running by then.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
      const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
      await Promise.all(finite.map((a) => a.finished.catch(() => undefined)))
    })
  }
}

/** The text box inside a wrapper the app marks with a test id (naive-ui puts the id on the wrapper). */
export function textField(within: Locator | Page, testId: string): Locator {
  return within.getByTestId(testId).getByRole('textbox')
}

/** The elements of `items` whose data-`name` attribute is `value` (a session, a profile…). */
export function withData(items: Locator, name: string, value: string): Locator {
  // Playwright has no attribute filter for arbitrary attributes; this is the one CSS selector for it.
  const quoted = value.replace(/["\\]/g, '\\$&')
  return items.and(items.page().locator(`[data-${name}="${quoted}"]`))
}

/** The data-`name` attribute of each element, in document order. */
export function dataOf(items: Locator, name: string): Promise<string[]> {
  return items.evaluateAll((els, attr) => els.map((e) => e.getAttribute(attr) ?? ''), `data-${name}`)
}

/** The password box inside a wrapper with a test id. */
export function passwordField(within: Locator | Page, testId: string): Locator {
  // A password input has no ARIA role, so getByRole cannot reach it.
  return within.getByTestId(testId).locator('input[type="password"]')
}

/** Answers "yes" in the app's small yes/no confirmation (unlock, delete…). */
export async function answerYes(page: Page): Promise<void> {
  const yes = page.getByTestId('dialog-confirm')
  await yes.click()
  await expect(yes).toBeHidden()
}

/** The file the browser downloads when `action` runs (an export). */
export async function downloadOf(page: Page, action: () => Promise<void>, timeout?: number): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout }), action()])
  return download
}

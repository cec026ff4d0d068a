/**
 * The only places the specs depend on naive-ui's own markup, for what the app cannot label:
 * a select's popup. If naive-ui changes, this file changes.
 */
import type { Locator } from '@playwright/test'

/** Opens a naive-ui select and picks the option whose text matches `label`. */
export async function chooseOption(select: Locator, label: RegExp): Promise<void> {
  await select.click()
  // The popup is teleported to <body> and its options are plain divs: no role, no test id.
  await select.page().locator('.n-base-select-option').filter({ hasText: label }).click()
}

/**
 * The only places the specs depend on naive-ui's own markup, for what the app cannot label:
 * a select's popup and the data table's virtual scroller. If naive-ui changes, this file changes.
 */
import type { Locator } from '@playwright/test'

/** Opens a naive-ui select and picks the option whose text matches `label`. */
export async function chooseOption(select: Locator, label: RegExp): Promise<void> {
  await select.click()
  // The popup is teleported to <body> and its options are plain divs: no role, no test id.
  await select.page().locator('.n-base-select-option').filter({ hasText: label }).click()
}

/** Scrolls the virtual list inside `container` (a naive-ui data table) to its top or its end. */
export async function scrollVirtualList(container: Locator, to: 'top' | 'end'): Promise<void> {
  // naive-ui's virtual list scrolls its own `.v-vl` element; wheel steps would need thousands of turns.
  await container
    .locator('.v-vl')
    .first()
    .evaluate((el, end) => el.scrollTo({ top: end ? el.scrollHeight : 0 }), to === 'end')
}

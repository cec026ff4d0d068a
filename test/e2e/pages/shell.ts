/** The frame around every screen: the first-start offer, tabs, the language switch, notices. */
import type { Locator } from '@playwright/test'
import { Screen } from './base'

export class Shell extends Screen {
  get firstStart(): Locator {
    return this.byTestId('first-start')
  }

  /** First start: opens the demo cluster offered instead of an empty profile list. */
  async openDemo(): Promise<void> {
    await this.byTestId('open-demo').click()
  }

  async switchLanguage(language: 'ru' | 'en'): Promise<void> {
    await this.byTestId(`language-${language}`).click()
  }

  /** The document element, whose lang attribute follows the interface language. */
  get document(): Locator {
    return this.page.locator('html')
  }

  get tabs(): Locator {
    return this.byTestId('tab')
  }

  tab(text: string | RegExp): Locator {
    return this.tabs.filter({ hasText: text })
  }

  /** Brings a tab to the front (the first one whose label matches). */
  async selectTab(text: string | RegExp): Promise<void> {
    await this.tab(text).first().click()
  }

  /** The tab bar as a screen reader meets it: a tablist of tabs. */
  get tabList(): Locator {
    return this.page.getByRole('tablist')
  }

  /** A tab by its role and accessible name (aria-selected tells the active one). */
  tabByRole(name: string | RegExp): Locator {
    return this.tabList.getByRole('tab', { name })
  }

  /** The server list on the left, a landmark; folds to a strip. */
  get serverList(): Locator {
    return this.byTestId('sidebar-aside')
  }

  /** The strip that folds the server list (Ctrl+B); aria-expanded tells its state. */
  get serverListToggle(): Locator {
    return this.byTestId('sidebar-toggle')
  }

  /** A tab's right-hand panel (the infobase list, the lock panel), folded or not. */
  get sidePanel(): Locator {
    return this.byTestId('side-panel')
  }

  /** The strip that folds a tab's right-hand panel (Ctrl+Shift+B). */
  get sidePanelToggle(): Locator {
    return this.byTestId('side-panel-toggle')
  }

  /** A message about the profile store, e.g. a corrupted file moved aside. */
  get storeNotice(): Locator {
    return this.byTestId('store-notice')
  }

  /** The cluster administrator's password prompt of an "ask every time" profile. */
  get passwordPrompt(): Locator {
    return this.byTestId('password-prompt')
  }

  /** What the system clipboard holds now (the page needs clipboard-read permission). */
  clipboardText(): Promise<string> {
    return this.page.evaluate(() => navigator.clipboard.readText())
  }

  /** Moves the mouse off the controls, so that no tooltip shows in a screenshot. */
  async moveMouseAside(): Promise<void> {
    await this.page.mouse.move(900, 650)
  }
}

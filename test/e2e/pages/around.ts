/**
 * Around the sessions: the cluster tab's drawer (processes and servers, licences, blocking chains)
 * and what surrounds one session in its details.
 */
import { expect, type Locator } from '@playwright/test'
import { Screen, dataOf, withData } from './base'

export type AroundView = 'machinery' | 'licenses' | 'chains'
const PANEL: Record<AroundView, string> = { machinery: 'machinery', licenses: 'licenses', chains: 'blocking-chains' }

export class Around extends Screen {
  get drawer(): Locator {
    return this.byTestId('around-drawer')
  }

  /** The view's panel; data-loaded is "true" once it has been read. */
  panel(view: AroundView): Locator {
    return this.drawer.getByTestId(PANEL[view])
  }

  /** Opens the drawer at a view from the cluster tab's side panel, until the view is read. */
  async open(view: AroundView): Promise<void> {
    await this.byTestId(`around-open-${view}`).click()
    await expect(this.panel(view)).toHaveAttribute('data-loaded', 'true', { timeout: 15_000 })
  }

  /** Switches to another view by its tab (the drawer's tablist). */
  async switchTo(view: AroundView): Promise<void> {
    await this.drawer.getByTestId(`around-tab-${view}`).click()
    await expect(this.panel(view)).toHaveAttribute('data-loaded', 'true', { timeout: 15_000 })
  }

  /** Head blockers, each with its chains: data-session, data-head-id, data-blocked. */
  get heads(): Locator {
    return this.panel('chains').getByTestId('chain-head')
  }

  /** Every chain: data-session (the blocked one), data-chain ("17 → 12 → 4"). */
  get chains(): Locator {
    return this.panel('chains').getByTestId('chain')
  }

  /** The blocked sessions of the chains shown, in order. */
  blockedSessions(): Promise<string[]> {
    return dataOf(this.chains, 'session')
  }

  /** Opens a session of a chain (by its session id) in the session details. */
  async openFromChain(session: string): Promise<void> {
    await withData(this.panel('chains').getByTestId('chain-link'), 'session', session).first().click()
  }

  get servers(): Locator {
    return this.panel('machinery').getByTestId('machinery-server')
  }

  get processes(): Locator {
    return this.panel('machinery').getByTestId('machinery-process')
  }

  get licenseGroups(): Locator {
    return this.panel('licenses').getByTestId('license-group')
  }

  async close(): Promise<void> {
    await this.page.keyboard.press('Escape')
    await expect(this.drawer).toBeHidden()
  }
}

/** What surrounds one session, in its details drawer. */
export class SessionSurroundings extends Screen {
  get root(): Locator {
    return this.byTestId('session-surroundings')
  }

  /** Waits until what surrounds `session` is read. */
  async waitFor(session: string): Promise<void> {
    await expect(this.root).toHaveAttribute('data-session', session, { timeout: 15_000 })
    await expect(this.root).toHaveAttribute('data-loaded', 'true', { timeout: 15_000 })
  }

  /** Its chain: data-chain. */
  get chain(): Locator {
    return this.root.getByTestId('chain')
  }

  /** A fact of its process (pid, port, server, state, memory …). */
  process(fact: string): Locator {
    return this.root.getByTestId(`around-process-${fact}`)
  }

  /** A fact of its licences (series, kind, server), one per licence. */
  license(fact: string): Locator {
    return this.root.getByTestId(`around-license-${fact}`)
  }

  get noLicense(): Locator {
    return this.root.getByText(/holds no licence|не занимает лицензию/)
  }
}

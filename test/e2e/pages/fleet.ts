/** The fleet view: every saved server at once, with its clusters, counts and locked infobases. */
import { expect, type Locator } from '@playwright/test'
import { Screen } from './base'

export class Fleet extends Screen {
  get root(): Locator {
    return this.byTestId('fleet-view')
  }

  async open(): Promise<void> {
    await this.byTestId('fleet-open').click()
    await expect(this.root).toBeVisible()
  }

  /** A server's rows: data-status is loading, ok, password, unreachable… */
  server(name: string): Locator {
    return this.root
      .getByTestId('fleet-row')
      .filter({ has: this.page.getByRole('link', { name, exact: true }).and(this.byTestId('fleet-open-profile')) })
  }

  /** Active / sleeping / service counts: data-active, data-sleeping, data-service. */
  sessions(server: string): Locator {
    return this.server(server).getByTestId('fleet-sessions')
  }

  clusters(server: string): Locator {
    return this.server(server).getByTestId('fleet-cluster')
  }

  version(server: string): Locator {
    return this.server(server).getByTestId('fleet-version')
  }

  /** The server's locked infobases (in effect now): data-infobase-name. */
  lockedInfobases(server: string): Locator {
    return this.server(server).getByTestId('fleet-locked')
  }

  /** "N locked" of the server: data-count. */
  lockedCount(server: string): Locator {
    return this.server(server).getByTestId('fleet-locked-count')
  }

  /** The server's error line: data-code. */
  error(server: string): Locator {
    return this.server(server).getByTestId('fleet-error')
  }

  /** Opens a cluster of a server in a tab (the drawer closes). */
  async openCluster(server: string, cluster: string): Promise<void> {
    await this.clusters(server).getByRole('link', { name: cluster, exact: true }).click()
    await expect(this.root).toBeHidden()
  }

  /** Opens a locked infobase in its own tab (the drawer closes). */
  async openLockedInfobase(server: string, infobase: string): Promise<void> {
    await this.lockedInfobases(server).filter({ hasText: infobase }).click()
    await expect(this.root).toBeHidden()
  }
}

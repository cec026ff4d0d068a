/** Tools → Hotspots (long calls, lock waits, top sessions) and the interrupt confirmation. */
import { expect, type Locator } from '@playwright/test'
import { Screen, withData } from './base'

export class Hotspots extends Screen {
  get root(): Locator {
    return this.byTestId('hotspots')
  }

  /** A session in "Long calls". */
  longCall(sessionId: string): Locator {
    return withData(this.root.getByTestId('hotspot-long-call'), 'session', sessionId)
  }

  /** A session's first row in "Waiting on a lock"; data-blocker is the session it waits for. */
  waiting(sessionId: string): Locator {
    return withData(this.root.getByTestId('hotspot-blocked'), 'session', sessionId).first()
  }

  /** The top sessions by the chosen metric, in order. */
  get topRows(): Locator {
    return this.root.getByTestId('hotspot-row')
  }

  /** "Interrupt" on a long call: opens the interrupt confirmation. */
  async interruptLongCall(sessionId: string): Promise<void> {
    await this.longCall(sessionId).getByTestId('hotspot-interrupt').click()
  }
}

export class InterruptDialog extends Screen {
  get root(): Locator {
    return this.byTestId('interrupt-dialog')
  }

  async confirm(): Promise<void> {
    await this.root.getByTestId('interrupt-confirm').click()
    await expect(this.root).toBeHidden()
  }
}

/**
 * Alerts that fire together are told as one notification: the first look at a big cluster can
 * fire dozens at once (a long call each), and a toast apiece buries the screen. The first alert
 * opens a short window; everything fired within it is told once when it closes (watch-text.ts
 * `watchNotice`). Used by the desktop's toasts (main) and the web preview's browser notifications.
 */
import type { WatchAlert } from './watch-contract'

/** How long a burst stays open after its first alert. */
export const BURST_MS = 400

export class AlertBurst {
  private pending: WatchAlert[] = []
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly tell: (alerts: WatchAlert[]) => void,
    private readonly ms = BURST_MS,
  ) {}

  /** A fired alert: told with the others of its burst. */
  add(alert: WatchAlert): void {
    this.pending.push(alert)
    this.timer ??= setTimeout(() => this.flush(), this.ms)
  }

  private flush(): void {
    const alerts = this.pending
    this.pending = []
    this.timer = null
    if (alerts.length > 0) this.tell(alerts)
  }

  /** Drops what is not told yet (the app is closing). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.pending = []
  }
}

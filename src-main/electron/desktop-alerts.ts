/**
 * The watch on the desktop (issue 19): a Windows toast for the alerts that fire — one per burst
 * (src-shared/alert-burst.ts), so a big cluster's first look does not bury the screen — and a tray
 * icon whose colour is the worst open alert. Clicking a toast brings the window back and opens the
 * alert's cluster tab (an 'open-alert' event to the page), or the notification centre for a burst;
 * minimising hides the window to the tray, where the app keeps watching and recording. Thin: texts
 * come from src-shared/watch-text.ts, the colour from watch-severity.ts, the icon from tray-icon.ts.
 */
import { Menu, Notification, Tray, nativeImage, type BrowserWindow } from 'electron'
import type { UiLanguage } from '../../src-shared/contract'
import type { WatchAlert } from '../../src-shared/watch-contract'
import { worstLevel, type WatchLevel } from '../../src-shared/watch-severity'
import { watchNotice } from '../../src-shared/watch-text'
import { AlertBurst } from '../../src-shared/alert-burst'
import { TRAY_ICON_SIZE, trayBitmap } from './tray-icon'

const TEXT = {
  en: {
    show: 'Show ClusterDesk',
    quit: 'Quit',
    ok: 'ClusterDesk: no open alerts',
    open: 'ClusterDesk: {n} open alert(s)',
  },
  ru: {
    show: 'Показать ClusterDesk',
    quit: 'Выход',
    ok: 'ClusterDesk: тревог нет',
    open: 'ClusterDesk: открытых тревог — {n}',
  },
}

export interface DesktopAlertsHost {
  window(): BrowserWindow | null
  language(): UiLanguage
  /** Brings the window back (creating it if it was closed). */
  show(): void
  quit(): void
  /** Tells the page to open the alert's cluster tab (and select its session). */
  openAlert(alert: WatchAlert): void
  /** Tells the page to open the notification centre. */
  showAlerts(): void
}

export class DesktopAlerts {
  private readonly open = new Map<string, WatchAlert>()
  private tray: Tray | null = null
  private level: WatchLevel | null = null
  private readonly burst = new AlertBurst((alerts) => this.notify(alerts))

  constructor(private readonly host: DesktopAlertsHost) {}

  /** Creates the tray with the alerts open at start. */
  start(open: readonly WatchAlert[]): void {
    for (const a of open) this.open.set(a.id, a)
    this.tray = new Tray(this.icon('ok'))
    this.tray.on('click', () => this.host.show())
    this.refreshTray()
  }

  onAlert(alert: WatchAlert): void {
    if (alert.state === 'fired') this.open.set(alert.id, alert)
    else this.open.delete(alert.id)
    this.refreshTray()
    if (alert.state === 'fired') this.burst.add(alert)
  }

  /** The UI language changed: the tray's menu and tooltip follow. */
  setLanguage(): void {
    this.level = null
    this.refreshTray()
  }

  /** Minimising hides the window to the tray (it keeps watching and recording). */
  attach(window: BrowserWindow): void {
    window.on('minimize', () => {
      if (this.tray) window.hide()
    })
  }

  destroy(): void {
    this.burst.dispose()
    this.tray?.destroy()
    this.tray = null
  }

  private notify(alerts: readonly WatchAlert[]): void {
    if (!Notification.isSupported()) return
    const notice = watchNotice(alerts, this.host.language())
    const toast = new Notification({ title: notice.title, body: notice.body, silent: notice.silent })
    toast.on('click', () => {
      this.host.show()
      if (notice.alert) this.host.openAlert(notice.alert)
      else this.host.showAlerts()
    })
    toast.show()
  }

  private icon(level: WatchLevel) {
    return nativeImage.createFromBitmap(trayBitmap(level), { width: TRAY_ICON_SIZE, height: TRAY_ICON_SIZE })
  }

  private refreshTray(): void {
    const tray = this.tray
    if (!tray) return
    const text = TEXT[this.host.language()]
    const level = worstLevel([...this.open.values()])
    if (level !== this.level) {
      this.level = level
      tray.setImage(this.icon(level))
      tray.setContextMenu(
        Menu.buildFromTemplate([
          { label: text.show, click: () => this.host.show() },
          { type: 'separator' },
          { label: text.quit, click: () => this.host.quit() },
        ]),
      )
    }
    tray.setToolTip(this.open.size === 0 ? text.ok : text.open.replace('{n}', String(this.open.size)))
  }
}

/**
 * Electron entry: one instance, one secure window, the services wired to IPC. Everything else
 * lives in Node-testable modules; this file and src-main/electron/* are the only Electron code.
 */
import { app, ipcMain, BrowserWindow } from 'electron'
import { join } from 'node:path'
import { EVENT_CHANNEL } from '../src-shared/contract'
import { HISTORY_FILE_NAME } from './history/history-port'
import { openHistoryForApp } from './history/history-file'
import { createServices } from './services'
import { createApi } from './api'
import { registerIpc } from './ipc'
import { createEmbeddedDemo } from './demo'
import { SafeStorageSecretBox } from './electron/secret-box'
import { openElectronProfileStore } from './electron/store'
import { appUrlOf, applySessionSecurity, createMainWindow } from './electron/window'
import { createAppMenu } from './electron/menu'
import { menuLanguage } from './electron/policy'
import { DesktopAlerts } from './electron/desktop-alerts'

app.setAppUserModelId('com.clusterdesk.app')

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let mainWindow: BrowserWindow | null = null

  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault())
  })

  void app.whenReady().then(() => {
    const renderer = {
      rendererUrl: !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined,
      rendererFile: join(import.meta.dirname, '../renderer/index.html'),
    }
    applySessionSecurity(appUrlOf(renderer))
    // The OS language until the page reports its own (setUiLanguage, at start and on every switch).
    const menu = createAppMenu(menuLanguage(app.getPreferredSystemLanguages()), { devTools: !app.isPackaged })

    const userData = app.getPath('userData')
    // The demo comes with 24 h of history when the history holds none of it (demo-history.ts).
    const demo = createEmbeddedDemo({ history: () => services.history.store(), log: (line) => console.warn(line) })
    const services = createServices({
      openStore: openElectronProfileStore,
      secretBox: new SafeStorageSecretBox(),
      auditFile: join(userData, 'audit.jsonl'),
      alertsFile: join(userData, 'alerts.jsonl'),
      demo,
      openHistory: () => openHistoryForApp(join(userData, HISTORY_FILE_NAME), (line) => console.warn(line)),
      backgroundHistory: true, // profiles marked "Record history", even with no tab open
    })
    const alerts = new DesktopAlerts({
      window: () => mainWindow,
      language: menu.language,
      show: () => {
        if (!mainWindow) return open()
        if (mainWindow.isMinimized()) mainWindow.restore()
        mainWindow.show()
        mainWindow.focus()
      },
      quit: () => app.quit(),
      openAlert: (alert) => mainWindow?.webContents.send(EVENT_CHANNEL, { type: 'open-alert', alert }),
      showAlerts: () => mainWindow?.webContents.send(EVENT_CHANNEL, { type: 'show-alerts' }),
    })
    const api = createApi(services, (event) => mainWindow?.webContents.send(EVENT_CHANNEL, event), undefined, {
      setUiLanguage: (language) => {
        menu.setLanguage(language)
        alerts.setLanguage()
      },
    })
    registerIpc(ipcMain, api)
    alerts.start(services.watch.state().current)
    services.watch.onAlert((alert) => alerts.onAlert(alert))

    const open = () => {
      mainWindow = createMainWindow({
        ...renderer,
        preload: join(import.meta.dirname, '../preload/index.cjs'),
        language: menu.language,
      })
      mainWindow.on('closed', () => (mainWindow = null))
      alerts.attach(mainWindow)
    }
    open()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open()
    })

    // Only once every window has agreed to close: a page with an open dialog may keep its window
    // (see guardUnload), and the services must still be there for it.
    let disposed = false
    app.on('will-quit', (event) => {
      if (disposed) return
      event.preventDefault()
      disposed = true
      alerts.destroy()
      void services.dispose().finally(() => app.exit(0)) // also stops the demo cluster
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}

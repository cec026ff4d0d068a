/**
 * The main window: sandboxed, isolated, no Node in the page, navigation pinned to the app, new
 * windows denied (https links go to the OS browser), every permission request refused, and its
 * size/position remembered in a way that survives unplugged monitors.
 */
import { BrowserWindow, screen, session, shell } from 'electron'
import Store from 'electron-store'
import { join } from 'node:path'
import {
  DEFAULT_WINDOW_SIZE,
  isAppNavigation,
  isRect,
  isSafeExternalUrl,
  restoreBounds,
  type WindowState,
} from './policy'

export function applySessionSecurity(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
}

export function createMainWindow(options: {
  preload: string
  rendererUrl?: string
  rendererFile: string
}): BrowserWindow {
  const stateStore = new Store<{ window?: WindowState }>({ name: 'window-state' })
  const saved = stateStore.get('window')
  const bounds = restoreBounds(
    saved?.bounds,
    screen.getAllDisplays().map((d) => d.workArea),
  )

  const win = new BrowserWindow({
    ...DEFAULT_WINDOW_SIZE,
    ...bounds,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'ClusterDesk',
    autoHideMenuBar: false,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick', // a middle click must not open links in new windows
    },
  })
  if (saved?.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())

  const appUrl = options.rendererUrl ?? `file://${join(options.rendererFile)}`
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppNavigation(url, appUrl)) event.preventDefault()
  })
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())

  win.on('close', () => {
    const normal = win.getNormalBounds()
    if (isRect(normal)) stateStore.set('window', { bounds: normal, maximized: win.isMaximized() })
  })

  if (options.rendererUrl) void win.loadURL(options.rendererUrl)
  else void win.loadFile(options.rendererFile)
  return win
}

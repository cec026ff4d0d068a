/**
 * The main window: sandboxed, isolated, no Node in the page, navigation pinned to the app, new
 * windows denied (https links go to the OS browser), every permission refused except clipboard
 * writes by the app itself, unload guarded while a dialog is open, and its size/position
 * remembered in a way that survives unplugged monitors.
 */
import { BrowserWindow, dialog, screen, session, shell } from 'electron'
import Store from 'electron-store'
import { pathToFileURL } from 'node:url'
import type { UiLanguage } from '../../src-shared/contract'
import {
  DEFAULT_WINDOW_SIZE,
  isAppNavigation,
  isPermissionGranted,
  isRect,
  isSafeExternalUrl,
  restoreBounds,
  unloadPrompt,
  UNLOAD_LEAVE,
  type WindowState,
} from './policy'

export interface RendererLocation {
  /** Dev server URL (electron-vite dev); the built file otherwise. */
  rendererUrl?: string
  rendererFile: string
}

/** The URL the window shows: the only origin that gets a permission or may be navigated to. */
export function appUrlOf(options: RendererLocation): string {
  return options.rendererUrl ?? pathToFileURL(options.rendererFile).href
}

/**
 * Chromium checks a permission first and requests it only if the check says no, so both handlers
 * answer by the same rule (isPermissionGranted).
 */
export function applySessionSecurity(appUrl: string): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(
      isPermissionGranted({
        permission,
        requestingUrl: details.requestingUrl,
        isMainFrame: details.isMainFrame,
        appUrl,
      }),
    ),
  )
  session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    isPermissionGranted({
      permission,
      requestingUrl: details.requestingUrl ?? requestingOrigin,
      isMainFrame: details.isMainFrame,
      appUrl,
    }),
  )
}

/**
 * The page refuses to unload while a dialog is open (its beforeunload handler); Reload or Close
 * window then asks here, in the app's language. preventDefault() on 'will-prevent-unload' means
 * "unload anyway", so it is called only when the user chooses to leave.
 */
export function guardUnload(win: BrowserWindow, language: () => UiLanguage): void {
  win.webContents.on('will-prevent-unload', (event) => {
    const prompt = unloadPrompt(language())
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      title: 'ClusterDesk',
      ...prompt,
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    })
    if (choice === UNLOAD_LEAVE) event.preventDefault()
  })
}

export function createMainWindow(
  options: RendererLocation & {
    preload: string
    /** The UI language the page reported last (for the unload prompt). */
    language: () => UiLanguage
  },
): BrowserWindow {
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

  const appUrl = appUrlOf(options)
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppNavigation(url, appUrl)) event.preventDefault()
  })
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  guardUnload(win, options.language)

  win.on('close', () => {
    const normal = win.getNormalBounds()
    if (isRect(normal)) stateStore.set('window', { bounds: normal, maximized: win.isMaximized() })
  })

  if (options.rendererUrl) void win.loadURL(options.rendererUrl)
  else void win.loadFile(options.rendererFile)
  return win
}

/**
 * A stand-in for the `electron` module, so the BUILT main process can start in plain Node. It
 * records what main asks of Electron — windows and their webPreferences, the files they load, IPC
 * handlers, app events, the menu, permission handlers — in globalThis.__electronStub, where
 * run-main.mjs reads it. Members this stub does not model are recorded in `unknown`, never fatal:
 * main may use more of Electron tomorrow without breaking this harness.
 */
import { EventEmitter } from 'node:events'
import { join } from 'node:path'

function deferred() {
  const d = { done: false }
  d.promise = new Promise((resolve) => (d.resolve = () => ((d.done = true), resolve())))
  return d
}

const rec = (globalThis.__electronStub ??= {
  userData: process.env.CLUSTERDESK_STUB_USER_DATA ?? '',
  ready: deferred(),
  windows: [],
  handlers: new Map(),
  ipcListeners: new Map(),
  appMenu: undefined,
  menuTemplates: [],
  permissionRequestHandler: null,
  permissionCheckHandler: null,
  headerHandlers: [],
  openedExternally: [],
  quitCalls: 0,
  quitHeld: null,
  exited: false,
  exitCode: null,
  unknown: [],
  /** Tray icons main created: image size, tooltip, context menu labels. */
  trays: [],
  /** Desktop notifications main showed. */
  notifications: [],
  /** Set by the driver: delivers webContents.send() to the preload's ipcRenderer listeners. */
  deliverToRenderer: null,
})

/** Any member not modelled: callable, constructible, property chains; `then` stays undefined. */
function loose(path) {
  return new Proxy(function () {}, {
    get(_t, prop) {
      if (prop === 'then' || typeof prop === 'symbol') return undefined
      return loose(`${path}.${String(prop)}`)
    },
    apply() {
      rec.unknown.push(`${path}()`)
      return loose(`${path}()`)
    },
    construct() {
      rec.unknown.push(`new ${path}`)
      return loose(`new ${path}`)
    },
  })
}

function withFallback(name, target) {
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === 'symbol' || prop === 'then' || prop in t) return Reflect.get(t, prop, receiver)
      return loose(`${name}.${String(prop)}`)
    },
  })
}

class App extends EventEmitter {
  isPackaged = false
  setAppUserModelId() {}
  requestSingleInstanceLock() {
    return true
  }
  /** As Electron: before-quit, the windows close, will-quit; any of them may hold the quit. */
  quit() {
    rec.quitCalls++
    const held = (name) => {
      let prevented = false
      this.emit(name, { preventDefault: () => (prevented = true) })
      return prevented
    }
    if (held('before-quit')) return (rec.quitHeld = 'before-quit')
    for (const w of BrowserWindow.getAllWindows()) if (!w.close()) return (rec.quitHeld = 'window close')
    if (held('will-quit')) return (rec.quitHeld = 'will-quit')
    rec.exited = true
    this.emit('quit', {}, 0)
  }
  exit(code = 0) {
    rec.exited = true
    rec.exitCode = code
  }
  whenReady() {
    return rec.ready.promise
  }
  isReady() {
    return rec.ready.done
  }
  getPreferredSystemLanguages() {
    return ['ru-RU', 'en-US']
  }
  getLocale() {
    return 'ru'
  }
  getSystemLocale() {
    return 'ru-RU'
  }
  getPath(name) {
    return name === 'userData' ? rec.userData : join(rec.userData, `_${name}`)
  }
  getAppPath() {
    return process.cwd()
  }
  getVersion() {
    return '0.0.0-stub'
  }
  getName() {
    return 'ClusterDesk'
  }
}

class WebContents extends EventEmitter {
  id = 1
  sent = []
  windowOpenHandler = null
  send(channel, ...args) {
    this.sent.push(channel)
    rec.deliverToRenderer?.(channel, args)
  }
  setWindowOpenHandler(fn) {
    this.windowOpenHandler = fn
  }
  isDestroyed() {
    return false
  }
  getURL() {
    return ''
  }
}

class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return rec.windows.filter((w) => !w.destroyed)
  }
  static getFocusedWindow() {
    return BrowserWindow.getAllWindows()[0] ?? null
  }
  constructor(options = {}) {
    super()
    this.options = options
    this.loads = []
    this.destroyed = false
    this.webContents = withFallback('webContents', new WebContents())
    const self = withFallback('BrowserWindow', this)
    rec.windows.push(self)
    return self
  }
  loadFile(file, options) {
    this.loads.push({ file, options })
    return Promise.resolve()
  }
  loadURL(url) {
    this.loads.push({ url })
    return Promise.resolve()
  }
  show() {}
  hide() {}
  focus() {}
  restore() {}
  maximize() {}
  setMenu() {}
  setMenuBarVisibility() {}
  isMaximized() {
    return false
  }
  isMinimized() {
    return false
  }
  isDestroyed() {
    return this.destroyed
  }
  getBounds() {
    return { x: 10, y: 10, width: 1280, height: 800 }
  }
  getNormalBounds() {
    return this.getBounds()
  }
  /** False when a 'close' listener kept the window open. */
  close() {
    if (this.destroyed) return true
    let prevented = false
    this.emit('close', { preventDefault: () => (prevented = true) })
    if (prevented) return false
    this.destroyed = true
    this.emit('closed')
    return true
  }
  destroy() {
    this.destroyed = true
  }
}

class Tray extends EventEmitter {
  constructor(image) {
    super()
    this.rec = { image: image?.getSize?.() ?? null, tooltip: null, menu: [], destroyed: false }
    rec.trays.push(this.rec)
  }
  setImage(image) {
    this.rec.image = image?.getSize?.() ?? null
  }
  setToolTip(text) {
    this.rec.tooltip = text
  }
  setContextMenu(menu) {
    this.rec.menu = (menu?.items ?? []).map((i) => i.label ?? `(${i.type})`)
  }
  destroy() {
    this.rec.destroyed = true
  }
}

class Notification extends EventEmitter {
  static isSupported() {
    return true
  }
  constructor(options) {
    super()
    this.rec = { title: options?.title, body: options?.body, shown: false }
    rec.notifications.push(this.rec)
  }
  show() {
    this.rec.shown = true
  }
}

const nativeImage = withFallback('nativeImage', {
  createFromBitmap: (buffer, { width, height }) => ({
    getSize: () => ({ width, height, bytes: buffer.length }),
  }),
})

class Menu {
  static setApplicationMenu(menu) {
    rec.appMenu = menu
  }
  static getApplicationMenu() {
    return rec.appMenu ?? null
  }
  static buildFromTemplate(template) {
    rec.menuTemplates.push(template)
    const menu = new Menu()
    menu.items = template
    return menu
  }
  append(item) {
    ;(this.items ??= []).push(item)
  }
}

class MenuItem {
  constructor(options) {
    Object.assign(this, options)
  }
}

const ipcMain = withFallback('ipcMain', {
  handle(channel, fn) {
    // Electron refuses a second handler for a channel.
    if (rec.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    rec.handlers.set(channel, fn)
  },
  handleOnce(channel, fn) {
    this.handle(channel, fn)
  },
  removeHandler(channel) {
    rec.handlers.delete(channel)
  },
  on(channel, fn) {
    rec.ipcListeners.set(channel, [...(rec.ipcListeners.get(channel) ?? []), fn])
    return this
  },
  once(channel, fn) {
    return this.on(channel, fn)
  },
  removeListener() {
    return this
  },
  removeAllListeners() {
    return this
  },
})

const defaultSession = withFallback('session.defaultSession', {
  setPermissionRequestHandler(fn) {
    rec.permissionRequestHandler = fn
  },
  setPermissionCheckHandler(fn) {
    rec.permissionCheckHandler = fn
  },
  webRequest: withFallback('session.defaultSession.webRequest', {
    onHeadersReceived(...args) {
      rec.headerHandlers.push(args.at(-1))
    },
  }),
})

const session = withFallback('session', { defaultSession, fromPartition: () => defaultSession })

const screen = withFallback('screen', {
  getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 }],
  getPrimaryDisplay: () => screen.getAllDisplays()[0],
})

const shell = withFallback('shell', {
  openExternal(url) {
    rec.openedExternally.push(url)
    return Promise.resolve()
  },
})

// As on Linux without a keyring: no OS encryption, so passwords stay in memory.
const safeStorage = withFallback('safeStorage', {
  isEncryptionAvailable: () => false,
  isAsyncEncryptionAvailable: async () => false,
  getSelectedStorageBackend: () => 'basic_text',
})

export const app = withFallback('app', new App())
export { BrowserWindow, Menu, MenuItem, Notification, Tray, ipcMain, nativeImage, session, screen, shell, safeStorage }
export const autoUpdater = loose('autoUpdater')
export const BaseWindow = loose('BaseWindow')
export const BrowserView = loose('BrowserView')
export const clipboard = loose('clipboard')
export const contentTracing = loose('contentTracing')
export const contextBridge = loose('contextBridge')
export const crashReporter = loose('crashReporter')
export const desktopCapturer = loose('desktopCapturer')
export const dialog = loose('dialog')
export const globalShortcut = loose('globalShortcut')
export const ipcRenderer = loose('ipcRenderer')
export const MessageChannelMain = loose('MessageChannelMain')
export const nativeTheme = loose('nativeTheme')
export const net = loose('net')
export const powerMonitor = loose('powerMonitor')
export const powerSaveBlocker = loose('powerSaveBlocker')
export const protocol = loose('protocol')
export const systemPreferences = loose('systemPreferences')
export const utilityProcess = loose('utilityProcess')
export const WebContentsView = loose('WebContentsView')
export const webContents = loose('webContents')
export const webFrameMain = loose('webFrameMain')
export const webUtils = loose('webUtils')

export default {
  app,
  autoUpdater,
  BaseWindow,
  BrowserView,
  BrowserWindow,
  clipboard,
  contentTracing,
  contextBridge,
  crashReporter,
  desktopCapturer,
  dialog,
  globalShortcut,
  ipcMain,
  ipcRenderer,
  Menu,
  MenuItem,
  MessageChannelMain,
  nativeImage,
  nativeTheme,
  net,
  Notification,
  powerMonitor,
  powerSaveBlocker,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  systemPreferences,
  Tray,
  utilityProcess,
  WebContentsView,
  webContents,
  webFrameMain,
  webUtils,
}

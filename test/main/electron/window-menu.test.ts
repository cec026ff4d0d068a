/**
 * The menu, the permission handlers and the unload guard with a stand-in `electron` module (no
 * Electron binary here): Menu.buildFromTemplate hands back its template, dialog answers are set
 * per test, and the window is a fake whose webContents is a plain EventEmitter.
 */
import { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'

const userData = mkdtempSync(join(tmpdir(), 'cd-window-'))
afterAll(() => rmSync(userData, { recursive: true, force: true }))

class FakeBrowserWindow extends EventEmitter {
  webContents = Object.assign(new EventEmitter(), { setWindowOpenHandler: () => undefined })
  loaded: string | null = null
  constructor(readonly options: unknown) {
    super()
  }
  maximize() {}
  show() {}
  isMaximized() {
    return false
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: 1400, height: 860 }
  }
  async loadFile(file: string) {
    this.loaded = file
  }
  async loadURL(url: string) {
    this.loaded = url
  }
}

// Read by the mock factory, which runs at the first import of 'electron' (below).
const electron = {
  menus: [] as unknown[],
  dialogAnswer: 1,
  dialogCalls: [] as Array<{ win: unknown; options: Record<string, unknown> }>,
  requestHandler: null as null | ((...a: unknown[]) => void),
  checkHandler: null as null | ((...a: unknown[]) => boolean),
}

vi.mock('electron', async () => {
  const { fakeElectronBasics } = await import('./fake-electron')
  const { app, ipcMain, shell } = fakeElectronBasics(userData, true)
  const Menu = {
    buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }),
    setApplicationMenu: (menu: unknown) => electron.menus.push(menu),
  }
  const dialog = {
    showMessageBoxSync: (win: unknown, options: Record<string, unknown>) => {
      electron.dialogCalls.push({ win, options })
      return electron.dialogAnswer
    },
  }
  const session = {
    defaultSession: {
      setPermissionRequestHandler: (fn: (...a: unknown[]) => void) => (electron.requestHandler = fn),
      setPermissionCheckHandler: (fn: (...a: unknown[]) => boolean) => (electron.checkHandler = fn),
    },
  }
  const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] }
  const BrowserWindow = FakeBrowserWindow
  const all = { app, Menu, dialog, session, screen, shell, ipcMain, BrowserWindow }
  return { default: all, ...all }
})

const { buildAppMenu, createAppMenu } = await import('../../../src-main/electron/menu')
const { appUrlOf, applySessionSecurity, createMainWindow, guardUnload } =
  await import('../../../src-main/electron/window')

type Template = MenuItemConstructorOptions[]
const templateOf = (menu: unknown) => (menu as { template: Template }).template
const submenu = (template: Template, index: number) => template[index]!.submenu as Template

beforeEach(() => {
  electron.menus.length = 0
  electron.dialogCalls.length = 0
  electron.dialogAnswer = 1
})

describe('application menu', () => {
  it('labels every item, Edit roles included, in Russian or English; the roles stay', () => {
    const ru = templateOf(buildAppMenu('ru', { devTools: false }))
    const en = templateOf(buildAppMenu('en', { devTools: false }))
    const edit = (t: Template) => submenu(t, 1).filter((i) => i.type !== 'separator')
    expect(edit(ru).map((i) => [i.role, i.label])).toEqual([
      ['undo', 'Отменить'],
      ['redo', 'Повторить'],
      ['cut', 'Вырезать'],
      ['copy', 'Копировать'],
      ['paste', 'Вставить'],
      ['selectAll', 'Выделить всё'],
    ])
    expect(edit(en).map((i) => [i.role, i.label])).toEqual([
      ['undo', 'Undo'],
      ['redo', 'Redo'],
      ['cut', 'Cut'],
      ['copy', 'Copy'],
      ['paste', 'Paste'],
      ['selectAll', 'Select all'],
    ])
    // No item is left to Electron's OS-language default label.
    for (const t of [ru, en]) {
      for (const top of t) {
        expect(top.label).toBeTruthy()
        for (const item of top.submenu as Template) if (item.type !== 'separator') expect(item.label).toBeTruthy()
      }
    }
    expect(ru.map((i) => i.label)).toEqual(['Файл', 'Правка', 'Вид', 'Окно', 'Справка'])
    expect(en.map((i) => i.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help'])
  })

  it('has developer tools only outside the packaged app', () => {
    const roles = (devTools: boolean) => submenu(templateOf(buildAppMenu('en', { devTools })), 2).map((i) => i.role)
    expect(roles(false)).not.toContain('toggleDevTools')
    expect(roles(true)).toContain('toggleDevTools')
  })

  it('is installed at start and rebuilt only when the UI language changes', () => {
    const menu = createAppMenu('en', { devTools: false })
    expect(electron.menus).toHaveLength(1)
    expect(templateOf(electron.menus[0])[0]!.label).toBe('File')
    expect(menu.language()).toBe('en')

    menu.setLanguage('ru')
    expect(electron.menus).toHaveLength(2)
    expect(templateOf(electron.menus[1])[0]!.label).toBe('Файл')
    expect(menu.language()).toBe('ru')

    menu.setLanguage('ru') // reported again at every start of the page: nothing to rebuild
    expect(electron.menus).toHaveLength(2)

    menu.setLanguage('en')
    expect(templateOf(electron.menus[2])[1]!.label).toBe('Edit')
  })
})

describe('permission handlers', () => {
  const rendererFile = join(tmpdir(), 'Иван Петров', 'out', 'renderer', 'index.html')
  const appUrl = appUrlOf({ rendererFile })

  it('grant clipboard-sanitized-write to the app page only, in both the request and the check', () => {
    applySessionSecurity(appUrl)
    const request = (permission: string, requestingUrl: string, isMainFrame = true) => {
      let granted: boolean | undefined
      electron.requestHandler!({}, permission, (g: boolean) => (granted = g), { requestingUrl, isMainFrame })
      return granted
    }
    const check = (permission: string, origin: string, requestingUrl?: string, isMainFrame = true) =>
      electron.checkHandler!({}, permission, origin, { requestingUrl, isMainFrame })

    expect(request('clipboard-sanitized-write', appUrl)).toBe(true)
    expect(check('clipboard-sanitized-write', 'file:///', appUrl)).toBe(true)

    expect(request('clipboard-sanitized-write', 'https://evil.example/')).toBe(false)
    expect(check('clipboard-sanitized-write', 'https://evil.example', 'https://evil.example/')).toBe(false)
    expect(request('clipboard-sanitized-write', appUrl, false)).toBe(false)
    expect(check('clipboard-sanitized-write', 'file:///')).toBe(false) // no frame URL: not provably the app
    for (const permission of ['clipboard-read', 'media', 'notifications', 'geolocation', 'openExternal']) {
      expect(request(permission, appUrl)).toBe(false)
      expect(check(permission, 'file:///', appUrl)).toBe(false)
    }
  })

  it('use the dev server origin when the window shows it', () => {
    applySessionSecurity(appUrlOf({ rendererUrl: 'http://localhost:5173', rendererFile }))
    expect(
      electron.checkHandler!({}, 'clipboard-sanitized-write', 'http://localhost:5173', { isMainFrame: true }),
    ).toBe(true)
    expect(
      electron.checkHandler!({}, 'clipboard-sanitized-write', 'http://localhost:9999', { isMainFrame: true }),
    ).toBe(false)
  })
})

describe('unload guard', () => {
  const fakeWindow = () => ({ webContents: new EventEmitter() })
  const tryUnload = (win: { webContents: EventEmitter }) => {
    const event = { preventDefault: vi.fn() }
    win.webContents.emit('will-prevent-unload', event)
    return event.preventDefault.mock.calls.length > 0
  }

  it('asks in the current UI language and unloads only when told to leave', () => {
    let language: 'ru' | 'en' = 'ru'
    const win = fakeWindow()
    guardUnload(win as never, () => language)

    electron.dialogAnswer = 1 // Stay (also what Esc and closing the box give)
    expect(tryUnload(win)).toBe(false)
    const asked = electron.dialogCalls[0]!
    expect(asked.win).toBe(win)
    expect(asked.options).toMatchObject({
      cancelId: 1,
      defaultId: 1,
      buttons: ['Закрыть диалог и продолжить', 'Остаться'],
    })
    expect(String(asked.options.message)).toMatch(/диалог/)

    language = 'en'
    electron.dialogAnswer = 0 // Leave
    expect(tryUnload(win)).toBe(true)
    expect(electron.dialogCalls[1]!.options).toMatchObject({ buttons: ['Discard and continue', 'Stay'] })
  })

  it('is wired into the main window, whose language is read when the page refuses to unload', () => {
    let language: 'ru' | 'en' = 'en'
    const win = createMainWindow({
      preload: '/x/preload/index.cjs',
      rendererFile: join(tmpdir(), 'out', 'renderer', 'index.html'),
      language: () => language,
    }) as unknown as FakeBrowserWindow
    expect(win.loaded).toBe(join(tmpdir(), 'out', 'renderer', 'index.html'))

    language = 'ru'
    electron.dialogAnswer = 1
    expect(tryUnload(win)).toBe(false)
    expect(electron.dialogCalls.at(-1)!.options).toMatchObject({ buttons: ['Закрыть диалог и продолжить', 'Остаться'] })
    electron.dialogAnswer = 0
    expect(tryUnload(win)).toBe(true)
  })
})

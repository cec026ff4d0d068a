/**
 * The application menu in Russian or English: the OS language until the page reports the UI
 * language, then rebuilt on every switch (setUiLanguage).
 */
import { Menu, type MenuItemConstructorOptions } from 'electron'
import type { UiLanguage } from '../../src-shared/contract'

const LABELS = {
  en: {
    file: 'File',
    quit: 'Quit',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select all',
    view: 'View',
    window: 'Window',
    help: 'Help',
    reload: 'Reload',
    devtools: 'Developer tools',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    zoomReset: 'Actual size',
    fullscreen: 'Full screen',
    minimize: 'Minimize',
    close: 'Close window',
    about: 'About ClusterDesk',
  },
  ru: {
    file: 'Файл',
    quit: 'Выход',
    edit: 'Правка',
    undo: 'Отменить',
    redo: 'Повторить',
    cut: 'Вырезать',
    copy: 'Копировать',
    paste: 'Вставить',
    selectAll: 'Выделить всё',
    view: 'Вид',
    window: 'Окно',
    help: 'Справка',
    reload: 'Перезагрузить',
    devtools: 'Инструменты разработчика',
    zoomIn: 'Увеличить',
    zoomOut: 'Уменьшить',
    zoomReset: 'Реальный размер',
    fullscreen: 'Во весь экран',
    minimize: 'Свернуть',
    close: 'Закрыть окно',
    about: 'О программе ClusterDesk',
  },
} as const

export interface MenuOptions {
  devTools: boolean
}

export function buildAppMenu(language: UiLanguage, options: MenuOptions): Menu {
  const t = LABELS[language]
  const template: MenuItemConstructorOptions[] = [
    { label: t.file, submenu: [{ role: 'quit', label: t.quit }] },
    {
      label: t.edit,
      submenu: [
        // Roles keep their behaviour and accelerators; only the OS-language default labels change.
        { role: 'undo', label: t.undo },
        { role: 'redo', label: t.redo },
        { type: 'separator' },
        { role: 'cut', label: t.cut },
        { role: 'copy', label: t.copy },
        { role: 'paste', label: t.paste },
        { role: 'selectAll', label: t.selectAll },
      ],
    },
    {
      label: t.view,
      submenu: [
        { role: 'reload', label: t.reload },
        ...(options.devTools ? [{ role: 'toggleDevTools', label: t.devtools } as const] : []),
        { type: 'separator' },
        { role: 'zoomIn', label: t.zoomIn },
        { role: 'zoomOut', label: t.zoomOut },
        { role: 'resetZoom', label: t.zoomReset },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t.fullscreen },
      ],
    },
    {
      label: t.window,
      submenu: [
        { role: 'minimize', label: t.minimize },
        { role: 'close', label: t.close },
      ],
    },
    { label: t.help, submenu: [{ role: 'about', label: t.about }] },
  ]
  return Menu.buildFromTemplate(template)
}

/** Installs the menu and rebuilds it when the UI language changes (not when it is reported again). */
export function createAppMenu(initial: UiLanguage, options: MenuOptions) {
  let language = initial
  Menu.setApplicationMenu(buildAppMenu(language, options))
  return {
    language: (): UiLanguage => language,
    setLanguage(next: UiLanguage): void {
      if (next === language) return
      language = next
      Menu.setApplicationMenu(buildAppMenu(language, options))
    },
  }
}

/** The application menu in Russian or English (the OS language decides). */
import { Menu, type MenuItemConstructorOptions } from 'electron'

const LABELS = {
  en: {
    file: 'File',
    quit: 'Quit',
    edit: 'Edit',
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

export function buildAppMenu(language: 'ru' | 'en', options: { devTools: boolean }): Menu {
  const t = LABELS[language]
  const template: MenuItemConstructorOptions[] = [
    { label: t.file, submenu: [{ role: 'quit', label: t.quit }] },
    {
      label: t.edit,
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
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

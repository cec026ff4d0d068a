/** Русские строки рамки окна: ориентиры, сворачиваемые панели, вкладки, список серверов, клавиши (в ru.ts как `shell`). */
import type { shellEn } from './shell.en'

export const shellRu = {
  workspace: 'Рабочая область сеансов',
  hidePanel: 'Скрыть панель «{panel}»',
  showPanel: 'Показать панель «{panel}»',
  tabList: 'Открытые вкладки',
  closeTab: 'Закрыть вкладку {label}',
  profileGroup: 'Группа: {group}',
  profileMenu: 'Действия: {name}',
  zoomGroup: 'Масштаб',
  keys: {
    switchTab: 'Следующая / предыдущая вкладка',
    toggleSidebar: 'Показать / скрыть список серверов',
    toggleSidePanel: 'Показать / скрыть боковую панель вкладки',
    tabBar: 'В строке вкладок: переключение; Delete закрывает вкладку',
    tabBarKeys: '← → Home End',
    profileList: 'В списке серверов: переход; Enter подключает; → открывает меню ⋯',
    profileListKeys: '↑ ↓ Home End, Enter',
  },
} satisfies typeof shellEn

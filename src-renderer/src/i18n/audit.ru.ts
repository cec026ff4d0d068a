/** Русские строки журнала аудита (в ru.ts как `audit`). */
import type { auditEn } from './audit.en'

export const auditRu = {
  open: 'Журнал аудита',
  title: 'Журнал опасных действий',
  filter: 'Фильтр: профиль, пользователь, база, сообщение',
  allActions: 'Все действия',
  refresh: 'Обновить',
  export: 'Экспорт CSV',
  empty: 'Записей нет.',
  shown: '{shown} из {total}',
  time: 'Время',
  clock: 'часы этого компьютера',
  action: 'Действие',
  profile: 'Профиль',
  server: 'Сервер',
  cluster: 'Кластер',
  infobase: 'База',
  sessions: 'Сеансы',
  message: 'Сообщение',
  outcome: 'Результат',
  more: 'ещё {count}',
  less: 'свернуть',
  actions: {
    terminate: 'Завершение',
    interrupt: 'Прерывание вызова',
    lock: 'Блокировка',
    unlock: 'Снятие блокировки',
  },
} satisfies typeof auditEn

/** Строки поиска пользователя на всех серверах (в ru.ts как `findUser`). */
import type { findUserEn } from './find-user.en'

export const findUserRu = {
  open: 'Найти пользователя',
  openHint: 'Найти пользователя на всех открытых кластерах (Ctrl+Shift+F)',
  title: 'Найти пользователя везде',
  placeholder: 'Пользователь, компьютер, IP-адрес или база',
  scope: 'Поиск по загруженным кластерам: {clusters} (открытые вкладки и загруженные серверы).',
  searchAll: 'Искать на всех сохранённых серверах',
  searchAllHint: 'Загружает сеансы всех кластеров всех сохранённых серверов',
  typeToSearch: 'Введите имя пользователя, компьютер, IP-адрес или базу.',
  nothing: 'На загруженных кластерах таких сеансов нет.',
  found: 'Найдено сеансов: {total}',
  truncated: 'показаны первые {shown}: уточните поиск',
  group: '{server} › {cluster} › {infobase}',
  terminateGroup: 'Завершить эти ({count})…',
  details: 'Подробно',
  sleeping: 'спящий',
  service: 'фоновый',
  started: 'Начало ({time})',
  passwordNeeded: 'нужен пароль',
} satisfies typeof findUserEn

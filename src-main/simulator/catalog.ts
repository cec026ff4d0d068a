import type { Random } from './random'

/**
 * The vocabulary of a believable Russian 1C installation: infobase names and descriptions, user
 * names, client hosts, app-id mix. Pure data; the generator draws from it.
 */

export interface InfobaseTemplate {
  name: string
  descr: string
  /** Relative share of the cluster's sessions. */
  weight: number
}

export const INFOBASE_TEMPLATES: readonly InfobaseTemplate[] = [
  { name: 'buh_corp', descr: 'Бухгалтерия предприятия КОРП, основная', weight: 30 },
  { name: 'zup', descr: 'Зарплата и управление персоналом 3.1', weight: 14 },
  { name: 'ut11', descr: 'Управление торговлей 11.5', weight: 22 },
  { name: 'erp', descr: '1С:ERP Управление предприятием 2', weight: 26 },
  { name: 'do', descr: 'Документооборот КОРП 3.0', weight: 12 },
  { name: 'ka2', descr: 'Комплексная автоматизация 2.5', weight: 8 },
  { name: 'unf', descr: 'Управление нашей фирмой', weight: 5 },
  { name: 'rozn', descr: 'Розница 3.0 (магазины)', weight: 9 },
  { name: 'buh_filial', descr: 'Бухгалтерия филиала «Северный»', weight: 6 },
  { name: 'zup_test', descr: 'ЗУП — тестовая копия для обновления', weight: 1 },
  { name: 'erp_copy', descr: 'Копия ERP для разработки', weight: 2 },
  { name: 'holding', descr: 'Консолидация холдинга', weight: 3 },
  { name: 'crm', descr: 'CRM КОРП, отдел продаж', weight: 6 },
  { name: 'wms', descr: 'Склад 5 (адресное хранение)', weight: 4 },
  { name: 'med', descr: 'Медицина. Больничная аптека', weight: 2 },
  { name: 'kamin', descr: 'Камин: Расчёт заработной платы', weight: 2 },
]

export const DBMS_SETTINGS = [
  { dbms: 'MSSQLServer', dbServer: 'sql-01\\PROD', dbUser: 'sa' },
  { dbms: 'PostgreSQL', dbServer: 'pg-01.corp.local', dbUser: 'postgres' },
  { dbms: 'PostgreSQL', dbServer: 'pg-02.corp.local', dbUser: 'usr1cv8' },
] as const

const SURNAMES = [
  'Иванов',
  'Петров',
  'Сидоров',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Семёнов',
  'Егоров',
  'Павлов',
  'Козлов',
  'Степанов',
  'Николаев',
  'Орлов',
  'Андреев',
  'Макаров',
]
const INITIALS = [...'АБВГДЕИКЛМНОПРСТЮЯ']
const LATIN_LOGINS = ['ivanov', 'petrova', 'smirnov', 'kuznetsova', 'popov', 'volkova', 'sokolov', 'orlova', 'egorov']

export const SERVICE_USERS = ['Администратор', 'Регламентные задания', 'ОбменДанными', 'РоботОбмен', 'Интеграция_WMS']

/** A 1C user name: mostly "Фамилия И.О.", some domain logins, a few "Фамилия Имя" forms. */
export function userName(rng: Random): string {
  const roll = rng.next()
  if (roll < 0.12) return `CORP\\${rng.pick(LATIN_LOGINS)}${rng.int(1, 99)}`
  const surname = rng.pick(SURNAMES)
  const base = roll > 0.55 ? femininize(surname) : surname
  return `${base} ${rng.pick(INITIALS)}.${rng.pick(INITIALS)}.`
}

function femininize(surname: string): string {
  return /(ов|ев|ёв|ин)$/.test(surname) ? `${surname}а` : surname
}

/** The app-id mix of a working day (docs/protocol.md §7): thin clients dominate. */
export const APP_ID_WEIGHTS: readonly (readonly [string, number])[] = [
  ['1CV8C', 70],
  ['1CV8', 4],
  ['WebClient', 6],
  ['COMConnection', 3],
  ['WSConnection', 3],
  ['HTTPServiceConnection', 3],
  ['BackgroundJob', 7],
  ['SystemBackgroundJob', 1.5],
  ['Designer', 1.5],
  ['SrvrConsole', 1],
]

/** Apps that run inside the cluster rather than on a user's computer. */
export const SERVER_SIDE_APPS = new Set(['BackgroundJob', 'SystemBackgroundJob'])
/** Apps that take no client licence. */
export const UNLICENSED_APPS = new Set(['BackgroundJob', 'SystemBackgroundJob', 'SrvrConsole'])
/** Apps whose sessions run under a service account. */
export const SERVICE_ACCOUNT_APPS = new Set([
  'BackgroundJob',
  'SystemBackgroundJob',
  'COMConnection',
  'WSConnection',
  'HTTPServiceConnection',
])

export const OFFICES = ['buh', 'sklad', 'ofis', 'prod', 'kassa', 'hr', 'it']

export const CURRENT_SERVICE_NAMES = ['', '', '', 'DataExchangeService', 'SessionDataService', 'EventLogService']

export const AGENT_VERSION_BY_SERVICE: Readonly<Record<number, string>> = {
  16: '8.5.1.1150',
  11: '8.3.21.1895',
  10: '8.3.18.1741',
  9: '8.3.16.1876',
}

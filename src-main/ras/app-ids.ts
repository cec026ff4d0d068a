/**
 * Session app-id values (docs/protocol.md §7): what kind of client a session is. Protocol knowledge only;
 * unknown ids are shown verbatim and treated as ordinary (user) sessions.
 */

export interface AppIdInfo {
  id: string
  /** English label. */
  en: string
  /** Russian label as the 1C console says it. */
  ru: string
  /** Background/system jobs and administration tools: excluded from "terminate all" by default. */
  service: boolean
}

export const APP_IDS: readonly AppIdInfo[] = [
  { id: '1CV8', en: 'Thick client', ru: 'Толстый клиент', service: false },
  { id: '1CV8C', en: 'Thin client', ru: 'Тонкий клиент', service: false },
  { id: 'WebClient', en: 'Web client', ru: 'Веб-клиент', service: false },
  { id: 'Designer', en: 'Designer', ru: 'Конфигуратор', service: false },
  { id: 'COMConnection', en: 'COM connection', ru: 'Внешнее соединение (COM)', service: false },
  { id: 'WSConnection', en: 'Web service', ru: 'Сеанс web-сервиса', service: false },
  { id: 'HTTPServiceConnection', en: 'HTTP service', ru: 'Сеанс HTTP-сервиса', service: false },
  { id: 'ODataConnection', en: 'OData interface', ru: 'Стандартный интерфейс OData', service: false },
  { id: 'BackgroundJob', en: 'Background job', ru: 'Фоновое задание', service: true },
  { id: 'SystemBackgroundJob', en: 'System background job', ru: 'Системное фоновое задание', service: true },
  { id: 'JobScheduler', en: 'Job scheduler', ru: 'Планировщик заданий', service: true },
  { id: 'SrvrConsole', en: 'Cluster console', ru: 'Консоль кластера', service: true },
  { id: 'COMConsole', en: 'COM console', ru: 'COM-консоль', service: false },
  { id: 'AgentStandardCall', en: 'Server agent call', ru: 'Вызов агента сервера', service: true },
  { id: 'WebServerExtension', en: 'Web server extension', ru: 'Модуль расширения веб-сервера', service: false },
  { id: 'MobileClient', en: 'Mobile client', ru: 'Мобильный клиент', service: false },
  { id: 'BotConnection', en: 'Bot connection', ru: 'Соединение бота', service: false },
  { id: 'AnalyticsSystemClient', en: 'Analytics system client', ru: 'Клиент системы аналитики', service: false },
  { id: 'AnalyticsSystemQuery', en: 'Analytics system query', ru: 'Запрос системы аналитики', service: false },
  { id: '1CV8CDirect', en: '1CV8CDirect', ru: '1CV8CDirect', service: false },
  { id: 'RAS', en: 'Administration server', ru: 'Сервер администрирования', service: true },
]

const BY_ID = new Map(APP_IDS.map((a) => [a.id.toLowerCase(), a]))

/** The table entry for an app-id (case-insensitive), or undefined for ids we do not know. */
export function appIdInfo(appId: string): AppIdInfo | undefined {
  return BY_ID.get(appId.toLowerCase())
}

/** Service sessions: background jobs, system jobs, scheduler, agent calls, RAS and the console. */
export function isServiceAppId(appId: string): boolean {
  return BY_ID.get(appId.toLowerCase())?.service ?? false
}

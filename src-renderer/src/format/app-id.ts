/** Connection type labels for session app-id values (docs/protocol.md §7). Unknown ids verbatim. */
import type { UiLocale } from './units'

const LABELS: Record<string, { en: string; ru: string }> = {
  '1CV8': { en: 'Thick client', ru: 'Толстый клиент' },
  '1CV8C': { en: 'Thin client', ru: 'Тонкий клиент' },
  WebClient: { en: 'Web client', ru: 'Веб-клиент' },
  Designer: { en: 'Designer', ru: 'Конфигуратор' },
  COMConnection: { en: 'COM connection', ru: 'COM-соединение' },
  WSConnection: { en: 'Web service', ru: 'Сеанс web-сервиса' },
  HTTPServiceConnection: { en: 'HTTP service', ru: 'Сеанс HTTP-сервиса' },
  ODataConnection: { en: 'OData interface', ru: 'Интерфейс OData' },
  BackgroundJob: { en: 'Background job', ru: 'Фоновое задание' },
  SystemBackgroundJob: { en: 'System background job', ru: 'Системное фоновое задание' },
  JobScheduler: { en: 'Job scheduler', ru: 'Планировщик заданий' },
  SrvrConsole: { en: 'Cluster console', ru: 'Консоль кластера' },
  COMConsole: { en: 'COM console', ru: 'COM-консоль' },
  AgentStandardCall: { en: 'Server agent call', ru: 'Вызов агента сервера' },
  WebServerExtension: { en: 'Web server extension', ru: 'Модуль расширения веб-сервера' },
  MobileClient: { en: 'Mobile client', ru: 'Мобильный клиент' },
  BotConnection: { en: 'Bot connection', ru: 'Соединение бота' },
  AnalyticsSystemClient: { en: 'Analytics system client', ru: 'Клиент системы аналитики' },
  AnalyticsSystemQuery: { en: 'Analytics system query', ru: 'Запрос системы аналитики' },
  RAS: { en: 'Administration server', ru: 'Сервер администрирования' },
}

export function appIdLabel(appId: string, locale: UiLocale = 'en'): string {
  const entry = LABELS[appId]
  return entry ? entry[locale] : appId
}

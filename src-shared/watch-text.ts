/**
 * What a watch alert says (issue 19), in both UI languages: one title and one line, shared by the
 * desktop notification (main), the notification centre (renderer) and `clusterdesk watch`'s table.
 * Names and the server's own text are shown as the server sent them.
 */
import type { WatchAlert, WatchRuleId } from './watch-contract'
import type { UiLanguage } from './contract'
import { worstOf } from './watch-severity'

type Texts = Record<WatchRuleId, { fired: string; cleared: string }>

const EN: Texts = {
  'long-call': { fired: 'Long server call: {s} s', cleared: 'Server call finished' },
  'long-job-call': { fired: 'Long background job call: {s} s', cleared: 'Background job call finished' },
  blocked: { fired: 'Session blocked for {s} s by session {blocker}', cleared: 'Session no longer blocked' },
  'infobase-sessions': {
    fired: '{n} sessions on the infobase (limit {limit})',
    cleared: 'Sessions back under {limit}',
  },
  licences: { fired: 'Licences in use: {n} % (limit {limit} %)', cleared: 'Licences back under {limit} %' },
  'idle-server': { fired: 'Working server receives no sessions', cleared: 'Working server receives sessions again' },
  'lock-starts': { fired: 'Infobase lock in effect', cleared: 'Infobase lock no longer in effect' },
  'lock-ends-soon': { fired: 'Infobase lock ends in {n} min', cleared: 'Infobase lock end passed or changed' },
  'lock-expired': { fired: 'Infobase lock period is over', cleared: 'Expired lock cleared' },
  unreachable: { fired: 'Server unreachable or refusing the administrator', cleared: 'Server answers again' },
  pin: { fired: 'Pinned: appeared', cleared: 'Pinned: ended' },
}

const RU: Texts = {
  'long-call': { fired: 'Долгий вызов сервера: {s} с', cleared: 'Вызов сервера завершён' },
  'long-job-call': { fired: 'Долгий вызов фонового задания: {s} с', cleared: 'Вызов фонового задания завершён' },
  blocked: { fired: 'Сеанс заблокирован {s} с сеансом {blocker}', cleared: 'Сеанс больше не заблокирован' },
  'infobase-sessions': { fired: 'Сеансов в базе: {n} (предел {limit})', cleared: 'Сеансов снова не больше {limit}' },
  licences: { fired: 'Занято лицензий: {n} % (предел {limit} %)', cleared: 'Лицензий снова не больше {limit} %' },
  'idle-server': { fired: 'Рабочий сервер не получает сеансов', cleared: 'Рабочий сервер снова получает сеансы' },
  'lock-starts': { fired: 'Блокировка базы действует', cleared: 'Блокировка базы больше не действует' },
  'lock-ends-soon': {
    fired: 'Блокировка базы закончится через {n} мин',
    cleared: 'Окончание блокировки прошло или изменено',
  },
  'lock-expired': { fired: 'Период блокировки базы истёк', cleared: 'Истёкшая блокировка снята' },
  unreachable: { fired: 'Сервер недоступен или не пускает администратора', cleared: 'Сервер снова отвечает' },
  pin: { fired: 'Отмеченное: появилось', cleared: 'Отмеченное: завершилось' },
}

/** The alert's headline in `language`. */
export function watchTitle(alert: WatchAlert, language: UiLanguage): string {
  const text = (language === 'ru' ? RU : EN)[alert.rule][alert.state]
  return text
    .replaceAll('{s}', String(alert.value))
    .replaceAll('{n}', String(alert.value))
    .replaceAll('{limit}', String(alert.threshold))
    .replaceAll('{blocker}', String(alert.subject.blockedBy ?? '?'))
}

/** Who or what it is about, as the server names them: user, session, infobase, server, the server's text. */
export function watchSubjectLine(alert: WatchAlert, language: UiLanguage): string {
  const s = alert.subject
  const session = language === 'ru' ? 'сеанс' : 'session'
  return [
    s.userName,
    s.sessionId !== undefined ? `${session} ${s.sessionId}` : undefined,
    s.infobaseName,
    s.host,
    s.server,
    alert.serverMessage,
  ]
    .filter((x): x is string => x !== undefined && x !== '')
    .join(' · ')
}

/** One notification for the alerts that fired together (alert-burst.ts). */
export interface WatchNotice {
  title: string
  body: string
  /** Info only: a toast without a sound. */
  silent: boolean
  /** The alert a click opens; null for several, whose click opens the notification centre. */
  alert: WatchAlert | null
}

/** What the notification says of `alerts`: the alert itself when alone, else how many and the worst. */
export function watchNotice(alerts: readonly WatchAlert[], language: UiLanguage): WatchNotice {
  const worst = worstOf(alerts)!
  const silent = worst.severity === 'info'
  if (alerts.length === 1) {
    return { title: watchTitle(worst, language), body: watchSubjectLine(worst, language), silent, alert: worst }
  }
  const more = alerts.length - 1
  const subject = watchSubjectLine(worst, language)
  return {
    title: language === 'ru' ? `Новых тревог: ${alerts.length}` : `${alerts.length} new alerts`,
    body: [watchTitle(worst, language), subject, language === 'ru' ? `и ещё ${more}` : `and ${more} more`]
      .filter((x) => x !== '')
      .join(' · '),
    silent,
    alert: null,
  }
}

/**
 * The facts "around a session" shows, as label / value pairs: its working process and server,
 * its connection, its DBMS connection, its licences. Pure: the translate function and the locale
 * come in. Server times are labelled "server time" by their keys and formatted with getUTC*
 * (format/server-time.ts); server text stays verbatim.
 */
import type { ConnectionDto, ProcessDto, SessionDbms, WorkingServerDto } from '../../../src-shared/around-contract'
import type { LicenseDto } from '../../../src-shared/contract'
import type { I18nKey } from '../i18n'
import { appIdLabel } from './app-id'
import { kbToBytes, licenseKind, licenseServer } from './around'
import { formatServerTime } from './server-time'
import { formatBytes, formatCount, formatSeconds, type UiLocale } from './units'

export interface Fact {
  key: string
  label: string
  value: string
  /** Said after the value in words (a warning such as "stopped receiving sessions"). */
  note?: string
}

type T = (key: I18nKey, named?: Record<string, string | number>) => string

export function processFacts(p: ProcessDto, server: WorkingServerDto | null, t: T, locale: UiLocale): Fact[] {
  const n = (v: number) => formatCount(v, locale)
  const facts: Fact[] = [
    {
      key: 'server',
      label: t('around.proc.server'),
      value: p.serverName ? `${p.serverName} (${p.host})` : p.host,
      note: server && !server.receivesSessions ? t('around.proc.notReceiving') : undefined,
    },
    { key: 'port', label: t('around.proc.port'), value: String(p.port) },
    { key: 'pid', label: t('around.proc.pid'), value: p.pid || '—' },
    { key: 'state', label: t('around.proc.state'), value: t(`around.proc.${p.state}`) },
    { key: 'startedAt', label: t('around.proc.startedAt'), value: formatServerTime(p.startedAt, locale) || '—' },
    {
      key: 'memory',
      label: t('around.proc.memory'),
      value: formatBytes(kbToBytes(p.memorySize), locale),
      note: p.memoryExcessTime
        ? t('around.proc.memoryExcess', { time: formatSeconds(p.memoryExcessTime * 1000, locale) })
        : undefined,
    },
    { key: 'cpu', label: t('around.proc.cpu'), value: formatSeconds(p.cpuTimeLast5min, locale) },
    { key: 'cpuCurrent', label: t('around.proc.cpuCurrent'), value: formatSeconds(p.cpuTimeCurrent, locale) },
    { key: 'performance', label: t('around.proc.performance'), value: n(p.availablePerformance) },
    { key: 'avgCall', label: t('around.proc.avgCall'), value: formatSeconds(p.avgCallTime, locale) },
    { key: 'sessions', label: t('around.proc.sessions'), value: n(p.sessions) },
    { key: 'connections', label: t('around.proc.connections'), value: n(p.connections) },
  ]
  return facts
}

export function connectionFacts(c: ConnectionDto, t: T, locale: UiLocale): Fact[] {
  return [
    { key: 'connId', label: t('around.session.connId'), value: String(c.connId) },
    { key: 'application', label: t('around.session.application'), value: appIdLabel(c.application, locale) },
    { key: 'host', label: t('around.session.host'), value: c.host || '—' },
    {
      key: 'connectedAt',
      label: t('around.session.connectedAt'),
      value: formatServerTime(c.connectedAt, locale) || '—',
    },
  ]
}

export function dbmsFacts(d: SessionDbms, t: T, locale: UiLocale): Fact[] {
  const facts: Fact[] = [
    { key: 'procInfo', label: t('around.session.dbProcInfo'), value: d.procInfo || t('around.session.dbNone') },
  ]
  if (d.procInfo) {
    facts.push(
      { key: 'took', label: t('around.session.dbTook'), value: formatSeconds(d.took, locale) },
      { key: 'tookAt', label: t('around.session.dbTookAt'), value: formatServerTime(d.tookAt, locale) || '—' },
    )
  }
  facts.push({
    key: 'current',
    label: t('around.session.dbCurrent'),
    value: formatSeconds(d.durationCurrentDbms, locale),
  })
  if (d.blockedByDbms)
    facts.push({ key: 'blockedBy', label: t('around.session.blockedByDbms'), value: String(d.blockedByDbms) })
  return facts
}

/** One line per licence: its series, kind and the licence server that issued it. */
export function licenseFacts(licenses: readonly LicenseDto[], t: T): Fact[][] {
  return licenses.map((l) => [
    { key: 'series', label: t('around.lic.series'), value: l.series },
    { key: 'kind', label: t('around.lic.kind'), value: t(`around.lic.${licenseKind(l)}`) },
    { key: 'server', label: t('around.lic.licenseServer'), value: licenseServer(l) || t('around.lic.unknownServer') },
    { key: 'presentation', label: t('around.lic.presentation'), value: l.shortPresentation || l.fullPresentation },
  ])
}

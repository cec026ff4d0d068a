/**
 * Columnar session tables (see SessionTable): main builds them (src-main/services/session-rows.ts),
 * the renderer turns them back into row objects. Pure functions, no platform imports: both sides use this file.
 */
import type { SessionField, SessionRow, SessionTable } from './contract'

/** Every SessionRow field, in a fixed order. */
export const SESSION_FIELDS = [
  'session',
  'sessionId',
  'infobase',
  'infobaseName',
  'userName',
  'appId',
  'isService',
  'host',
  'clientIp',
  'locale',
  'startedAt',
  'lastActiveAt',
  'hibernate',
  'passiveSessionHibernateTime',
  'hibernateSessionTerminateTime',
  'blockedByDbms',
  'blockedByLs',
  'bytesAll',
  'bytesLast5min',
  'callsAll',
  'callsLast5min',
  'dbmsBytesAll',
  'dbmsBytesLast5min',
  'dbProcInfo',
  'dbProcTook',
  'dbProcTookAt',
  'durationAll',
  'durationAllDbms',
  'durationCurrent',
  'durationCurrentDbms',
  'durationLast5min',
  'durationLast5minDbms',
  'memoryCurrent',
  'memoryLast5min',
  'memoryTotal',
  'readCurrent',
  'readLast5min',
  'readTotal',
  'writeCurrent',
  'writeLast5min',
  'writeTotal',
  'durationCurrentService',
  'durationLast5minService',
  'durationAllService',
  'currentServiceName',
  'cpuTimeCurrent',
  'cpuTimeLast5min',
  'cpuTimeTotal',
  'dataSeparation',
  'connection',
  'process',
  'license',
] as const satisfies readonly SessionField[]

// Compile-time check that SESSION_FIELDS names every field of SessionRow.
type Missing = Exclude<SessionField, (typeof SESSION_FIELDS)[number]>
const _allFieldsListed: Missing extends never ? true : Missing = true
void _allFieldsListed

export function rowsFromTable(table: SessionTable): SessionRow[] {
  const rows = new Array<SessionRow>(table.count)
  const c = table.columns
  for (let i = 0; i < table.count; i++) {
    const row = {} as Record<SessionField, unknown>
    for (const f of SESSION_FIELDS) row[f] = c[f][i]
    rows[i] = row as unknown as SessionRow
  }
  return rows
}

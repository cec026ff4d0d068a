/**
 * The session grid's columns as data: groups (one header over current / 5 min / total) and single
 * columns, what each leaf shows and how it sorts. Keys are pinned to SessionRow fields, so a typo
 * fails vue-tsc (naive-ui's own column `key` is just string | number).
 */
import type { SessionField, SessionRow } from '../../../src-shared/contract'
import type { I18nKey } from '../i18n'

export type CellKind =
  | 'text'
  | 'bytes'
  | 'ms'
  | 'seconds'
  | 'time'
  | 'bool'
  | 'count'
  | 'int'
  | 'appId'
  | 'ip'
  | 'uuid'
  /** A picture of the session's last 30 minutes (trend-cell.ts): not sorted, not exported. */
  | 'trend'

export interface LeafDef {
  /** Unique leaf key (also the width key in preferences). */
  key: string
  field: SessionField
  kind: CellKind
  width: number
  /** Sub-header inside a group. */
  sub?: I18nKey
}

export interface ColumnDef {
  id: string
  title: I18nKey
  leaves: LeafDef[]
  /** Shown before the user chooses. */
  byDefault: boolean
}

const leaf = <F extends SessionField>(field: F, kind: CellKind, width: number, key: string = field): LeafDef => ({
  key,
  field,
  kind,
  width,
})
const single = (id: string, title: I18nKey, l: LeafDef): ColumnDef => ({ id, title, leaves: [l], byDefault: true })
/** A group of up to three leaves, `fields` as [current, last 5 min, total] (null: the server has none). */
function group(
  id: string,
  title: I18nKey,
  kind: CellKind,
  fields: readonly [SessionField | null, SessionField, SessionField],
  width = 92,
): ColumnDef {
  const subs = ['columns.current', 'columns.last5min', 'columns.total'] as const
  const leaves = fields.flatMap((f, i) => (f ? [{ ...leaf(f, kind, width), sub: subs[i] }] : []))
  return { id, title, leaves, byDefault: true }
}
/** Columns the user adds from the column chooser: not shown before they choose. */
const fromChooser = (defs: ColumnDef[]): ColumnDef[] => defs.map((d) => ({ ...d, byDefault: false }))

export const COLUMN_DEFS: readonly ColumnDef[] = [
  single('userName', 'columns.userName', leaf('userName', 'text', 190)),
  single('infobaseName', 'columns.infobaseName', leaf('infobaseName', 'text', 160)),
  single('connectionType', 'columns.connectionType', leaf('appId', 'appId', 150, 'connectionType')),
  // 168 px: a whole "30.11.2026 07:12:34" in the widest interface font met (DejaVu Sans 14 px: 149 + padding).
  single('startedAt', 'columns.startedAt', leaf('startedAt', 'time', 168)),
  single('lastActiveAt', 'columns.lastActiveAt', leaf('lastActiveAt', 'time', 168)),
  single('hibernate', 'columns.hibernate', leaf('hibernate', 'bool', 96)),
  single('sessionId', 'columns.sessionId', leaf('sessionId', 'int', 80)),
  single('clientIp', 'columns.clientIp', leaf('clientIp', 'ip', 125)),
  group('cpuTime', 'columns.cpuTime', 'ms', ['cpuTimeCurrent', 'cpuTimeLast5min', 'cpuTimeTotal']),
  group('memory', 'columns.memory', 'bytes', ['memoryCurrent', 'memoryLast5min', 'memoryTotal']),
  group('bytes', 'columns.bytes', 'bytes', [null, 'bytesLast5min', 'bytesAll']),
  group('calls', 'columns.calls', 'count', [null, 'callsLast5min', 'callsAll']),
  group('dbmsBytes', 'columns.dbmsBytes', 'bytes', [null, 'dbmsBytesLast5min', 'dbmsBytesAll']),
  ...fromChooser([
    single('host', 'columns.host', leaf('host', 'text', 130)),
    single('appId', 'columns.appId', leaf('appId', 'text', 150, 'appIdRaw')),
    single('locale', 'columns.locale', leaf('locale', 'text', 80)),
    group('duration', 'columns.duration', 'ms', ['durationCurrent', 'durationLast5min', 'durationAll']),
    group('durationDbms', 'columns.durationDbms', 'ms', [
      'durationCurrentDbms',
      'durationLast5minDbms',
      'durationAllDbms',
    ]),
    group('durationService', 'columns.durationService', 'ms', [
      'durationCurrentService',
      'durationLast5minService',
      'durationAllService',
    ]),
    single('currentServiceName', 'columns.currentServiceName', leaf('currentServiceName', 'text', 150)),
    group('read', 'columns.read', 'bytes', ['readCurrent', 'readLast5min', 'readTotal']),
    group('write', 'columns.write', 'bytes', ['writeCurrent', 'writeLast5min', 'writeTotal']),
    single('blockedByDbms', 'columns.blockedByDbms', leaf('blockedByDbms', 'count', 110)),
    single('blockedByLs', 'columns.blockedByLs', leaf('blockedByLs', 'count', 130)),
    single('license', 'columns.license', leaf('license', 'text', 200)),
    single('dataSeparation', 'columns.dataSeparation', leaf('dataSeparation', 'text', 130)),
    single('dbProcInfo', 'columns.dbProcInfo', leaf('dbProcInfo', 'text', 110)),
    single('dbProcTook', 'columns.dbProcTook', leaf('dbProcTook', 'ms', 110)),
    single('dbProcTookAt', 'columns.dbProcTookAt', leaf('dbProcTookAt', 'time', 150)),
    single(
      'passiveSessionHibernateTime',
      'columns.passiveSessionHibernateTime',
      leaf('passiveSessionHibernateTime', 'seconds', 120),
    ),
    single(
      'hibernateSessionTerminateTime',
      'columns.hibernateSessionTerminateTime',
      leaf('hibernateSessionTerminateTime', 'seconds', 120),
    ),
    single('isService', 'columns.isService', leaf('isService', 'bool', 90)),
    single('session', 'columns.session', leaf('session', 'uuid', 280)),
    single('infobase', 'columns.infobase', leaf('infobase', 'uuid', 280)),
    single('connection', 'columns.connection', leaf('connection', 'uuid', 280)),
    single('process', 'columns.process', leaf('process', 'uuid', 280)),
    // The row's session id is what its history is looked up by (grid-trends.ts).
    single('trend', 'grid.trend', leaf('session', 'trend', 130, 'trend')),
  ]),
]

/** Identity columns that may be kept at the left while scrolling (single leaves only: naive-ui fixes leaves). */
export const PINNABLE_COLUMNS = ['userName', 'infobaseName', 'sessionId'] as const

export const COLUMN_BY_ID = new Map(COLUMN_DEFS.map((c) => [c.id, c]))

/** The value a leaf sorts by: numbers as numbers (null dates first), text collated. */
export function sortValue(row: SessionRow, l: LeafDef): number | string {
  const v = row[l.field]
  if (v === null) return -Infinity
  if (typeof v === 'boolean') return v ? 1 : 0
  if (l.kind === 'ip') return (row.clientIp || row.host).toString()
  return v
}

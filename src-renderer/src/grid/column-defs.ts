/**
 * The session grid's columns as data: groups (one header over current / 5 min / total) and single
 * columns, what each leaf shows and how it sorts. Keys are pinned to SessionRow fields, so a typo
 * fails vue-tsc (naive-ui's own column `key` is just string | number).
 */
import type { SessionField, SessionRow } from '../../../src-shared/contract'
import type { I18nKey } from '../i18n'

export type CellKind = 'text' | 'bytes' | 'ms' | 'seconds' | 'time' | 'bool' | 'count' | 'int' | 'appId' | 'ip' | 'uuid'

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
const single = (id: string, title: I18nKey, l: LeafDef, byDefault = true): ColumnDef => ({
  id,
  title,
  leaves: [l],
  byDefault,
})
function group(
  id: string,
  title: I18nKey,
  kind: CellKind,
  fields: { current?: SessionField; last5min?: SessionField; total?: SessionField },
  byDefault = true,
  width = 92,
): ColumnDef {
  const leaves: LeafDef[] = []
  if (fields.current) leaves.push({ ...leaf(fields.current, kind, width), sub: 'columns.current' })
  if (fields.last5min) leaves.push({ ...leaf(fields.last5min, kind, width), sub: 'columns.last5min' })
  if (fields.total) leaves.push({ ...leaf(fields.total, kind, width), sub: 'columns.total' })
  return { id, title, leaves, byDefault }
}

export const COLUMN_DEFS: readonly ColumnDef[] = [
  single('userName', 'columns.userName', leaf('userName', 'text', 190)),
  single('infobaseName', 'columns.infobaseName', leaf('infobaseName', 'text', 150)),
  single('connectionType', 'columns.connectionType', leaf('appId', 'appId', 150, 'connectionType')),
  single('startedAt', 'columns.startedAt', leaf('startedAt', 'time', 150)),
  single('lastActiveAt', 'columns.lastActiveAt', leaf('lastActiveAt', 'time', 150)),
  single('hibernate', 'columns.hibernate', leaf('hibernate', 'bool', 96)),
  single('sessionId', 'columns.sessionId', leaf('sessionId', 'int', 80)),
  single('clientIp', 'columns.clientIp', leaf('clientIp', 'ip', 125)),
  group('cpuTime', 'columns.cpuTime', 'ms', {
    current: 'cpuTimeCurrent',
    last5min: 'cpuTimeLast5min',
    total: 'cpuTimeTotal',
  }),
  group('memory', 'columns.memory', 'bytes', {
    current: 'memoryCurrent',
    last5min: 'memoryLast5min',
    total: 'memoryTotal',
  }),
  group('bytes', 'columns.bytes', 'bytes', { last5min: 'bytesLast5min', total: 'bytesAll' }),
  group('calls', 'columns.calls', 'count', { last5min: 'callsLast5min', total: 'callsAll' }),
  group('dbmsBytes', 'columns.dbmsBytes', 'bytes', { last5min: 'dbmsBytesLast5min', total: 'dbmsBytesAll' }),
  // From the column chooser:
  single('host', 'columns.host', leaf('host', 'text', 130), false),
  single('appId', 'columns.appId', leaf('appId', 'text', 150, 'appIdRaw'), false),
  single('locale', 'columns.locale', leaf('locale', 'text', 80), false),
  group(
    'duration',
    'columns.duration',
    'ms',
    { current: 'durationCurrent', last5min: 'durationLast5min', total: 'durationAll' },
    false,
  ),
  group(
    'durationDbms',
    'columns.durationDbms',
    'ms',
    { current: 'durationCurrentDbms', last5min: 'durationLast5minDbms', total: 'durationAllDbms' },
    false,
  ),
  group(
    'durationService',
    'columns.durationService',
    'ms',
    { current: 'durationCurrentService', last5min: 'durationLast5minService', total: 'durationAllService' },
    false,
  ),
  single('currentServiceName', 'columns.currentServiceName', leaf('currentServiceName', 'text', 150), false),
  group(
    'read',
    'columns.read',
    'bytes',
    { current: 'readCurrent', last5min: 'readLast5min', total: 'readTotal' },
    false,
  ),
  group(
    'write',
    'columns.write',
    'bytes',
    { current: 'writeCurrent', last5min: 'writeLast5min', total: 'writeTotal' },
    false,
  ),
  single('blockedByDbms', 'columns.blockedByDbms', leaf('blockedByDbms', 'count', 110), false),
  single('blockedByLs', 'columns.blockedByLs', leaf('blockedByLs', 'count', 130), false),
  single('license', 'columns.license', leaf('license', 'text', 200), false),
  single('dataSeparation', 'columns.dataSeparation', leaf('dataSeparation', 'text', 130), false),
  single('dbProcInfo', 'columns.dbProcInfo', leaf('dbProcInfo', 'text', 110), false),
  single('dbProcTook', 'columns.dbProcTook', leaf('dbProcTook', 'ms', 110), false),
  single('dbProcTookAt', 'columns.dbProcTookAt', leaf('dbProcTookAt', 'time', 150), false),
  single(
    'passiveSessionHibernateTime',
    'columns.passiveSessionHibernateTime',
    leaf('passiveSessionHibernateTime', 'seconds', 120),
    false,
  ),
  single(
    'hibernateSessionTerminateTime',
    'columns.hibernateSessionTerminateTime',
    leaf('hibernateSessionTerminateTime', 'seconds', 120),
    false,
  ),
  single('isService', 'columns.isService', leaf('isService', 'bool', 90), false),
  single('session', 'columns.session', leaf('session', 'uuid', 280), false),
  single('infobase', 'columns.infobase', leaf('infobase', 'uuid', 280), false),
  single('connection', 'columns.connection', leaf('connection', 'uuid', 280), false),
  single('process', 'columns.process', leaf('process', 'uuid', 280), false),
]

export const COLUMN_BY_ID = new Map(COLUMN_DEFS.map((c) => [c.id, c]))

/** The value a leaf sorts by: numbers as numbers (null dates first), text collated. */
export function sortValue(row: SessionRow, l: LeafDef): number | string {
  const v = row[l.field]
  if (v === null) return -Infinity
  if (typeof v === 'boolean') return v ? 1 : 0
  if (l.kind === 'ip') return (row.clientIp || row.host).toString()
  return v
}

export { ClusterInfo } from './cluster'
export { InfobaseInfo, InfobaseSummary, MASKED_PASSWORD } from './infobase'
export { ConnectionShort } from './connection'
export { LicenseInfo } from './license'
export { LockInfo } from './lock'
export { ManagerInfo, ManagerRef, ServiceInfo } from './manager'
export { ProcessInfo } from './process'
export { PortRange, ServerInfo } from './server'
export { SessionInfo } from './session'
export { UserInfo } from './user'

import type { RecordValue } from '../record'
import type { ClusterInfo } from './cluster'
import type { InfobaseInfo, InfobaseSummary } from './infobase'
import type { ConnectionShort } from './connection'
import type { LicenseInfo } from './license'
import type { LockInfo } from './lock'
import type { ManagerInfo, ServiceInfo } from './manager'
import type { ProcessInfo } from './process'
import type { ServerInfo } from './server'
import type { SessionInfo } from './session'
import type { ColumnList, ColumnReductions } from '../record-columns'
import type { UserInfo } from './user'

export type ClusterRecord = RecordValue<typeof ClusterInfo>
export type InfobaseSummaryRecord = RecordValue<typeof InfobaseSummary>
export type InfobaseRecord = RecordValue<typeof InfobaseInfo>
export type ConnectionRecord = RecordValue<typeof ConnectionShort>
export type LicenseRecord = RecordValue<typeof LicenseInfo>
export type LockRecord = RecordValue<typeof LockInfo>
export type ManagerRecord = RecordValue<typeof ManagerInfo>
export type ServiceRecord = RecordValue<typeof ServiceInfo>
export type ProcessRecord = RecordValue<typeof ProcessInfo>
export type ServerRecord = RecordValue<typeof ServerInfo>
export type SessionRecord = RecordValue<typeof SessionInfo>
/** A session list as one array per field (record-columns.ts), its nested lists reduced by `P`. */
export type SessionColumns<P extends ColumnReductions = Record<never, never>> = ColumnList<typeof SessionInfo, P>
export type UserRecord = RecordValue<typeof UserInfo>

/**
 * Message types (docs/protocol.md §4) and the requests a session manager sends (docs/protocol.md §5), declared once: the
 * client encodes requests and decodes replies with these, the simulator does the opposite.
 */
import { defineRecord, field, type RecordDef } from './record'
import {
  ClusterInfo,
  ConnectionShort,
  InfobaseInfo,
  InfobaseSummary,
  LockInfo,
  ManagerInfo,
  ProcessInfo,
  ServerInfo,
  ServiceInfo,
  SessionInfo,
  UserInfo,
} from './records'

export const SERVICE_NAME = 'v8.service.Admin.Cluster'

/** What a reply carries: nothing (VOID), one record, a `size`-counted list, or one string. */
export type ReplyShape =
  | { kind: 'void' }
  | { kind: 'one'; code: number; record: RecordDef }
  | { kind: 'list'; code: number; record: RecordDef }
  | { kind: 'str'; code: number }

export interface MessageDef<Req extends RecordDef = RecordDef, Rep extends ReplyShape = ReplyShape> {
  readonly name: string
  readonly code: number
  readonly request: Req
  readonly reply: Rep
}

const voidReply = { kind: 'void' } as const
const one = <R extends RecordDef>(code: number, record: R) => ({ kind: 'one', code, record }) as const
const many = <R extends RecordDef>(code: number, record: R) => ({ kind: 'list', code, record }) as const

function message<Req extends RecordDef, Rep extends ReplyShape>(
  name: string,
  code: number,
  request: Req,
  reply: Rep,
): MessageDef<Req, Rep> {
  return { name, code, request, reply }
}

const NoArgs = defineRecord('NoArgs', [])
const ClusterArg = defineRecord('ClusterArg', [field('cluster', 'uuid')])
const ClusterInfobaseArgs = defineRecord('ClusterInfobaseArgs', [field('cluster', 'uuid'), field('infobase', 'uuid')])
const ClusterSessionArgs = defineRecord('ClusterSessionArgs', [field('cluster', 'uuid'), field('session', 'uuid')])
const ClusterCredentials = defineRecord('ClusterCredentials', [
  field('cluster', 'uuid'),
  field('user', 'str'),
  field('password', 'str'),
])
const AgentCredentials = defineRecord('AgentCredentials', [field('user', 'str'), field('password', 'str')])
const SessionMessageArgs = defineRecord('SessionMessageArgs', [
  field('cluster', 'uuid'),
  field('session', 'uuid'),
  field('message', 'str'),
])
const ClusterConnectionArgs = defineRecord('ClusterConnectionArgs', [
  field('cluster', 'uuid'),
  field('connection', 'uuid'),
])
const ClusterProcessArgs = defineRecord('ClusterProcessArgs', [field('cluster', 'uuid'), field('process', 'uuid')])
const DisconnectArgs = defineRecord('DisconnectArgs', [
  field('cluster', 'uuid'),
  field('process', 'uuid'),
  field('connection', 'uuid'),
])
/** GET_SESSION_LOCKS (78): layout from an open-source client, never captured (docs/protocol.md §5.2). */
const ClusterInfobaseSessionArgs = defineRecord('ClusterInfobaseSessionArgs', [
  field('cluster', 'uuid'),
  field('infobase', 'uuid'),
  field('session', 'uuid'),
])
/** UPDATE_INFOBASE_SHORT (39): the cluster, then an InfobaseSummary; rac sends the name empty. */
const UpdateInfobaseShortArgs = defineRecord('UpdateInfobaseShortArgs', [
  field('cluster', 'uuid'),
  ...InfobaseSummary.fields,
])
/** UPDATE_INFOBASE: the cluster, then the whole InfobaseInfo record in the negotiated layout. */
const UpdateInfobaseArgs = defineRecord('UpdateInfobaseArgs', [field('cluster', 'uuid'), ...InfobaseInfo.fields])

export const Messages = {
  authenticateAgent: message('AUTHENTICATE_AGENT', 8, AgentCredentials, voidReply),
  authenticate: message('AUTHENTICATE', 9, ClusterCredentials, voidReply),
  addAuthentication: message('ADD_AUTHENTICATION', 10, ClusterCredentials, voidReply),
  clusterAdmins: message('GET_CLUSTER_ADMINS', 2, ClusterArg, many(3, UserInfo)),
  clusters: message('GET_CLUSTERS', 11, NoArgs, many(12, ClusterInfo)),
  clusterInfo: message('GET_CLUSTER_INFO', 13, ClusterArg, one(14, ClusterInfo)),
  managers: message('GET_CLUSTER_MANAGERS', 18, ClusterArg, many(19, ManagerInfo)),
  workingServers: message('GET_WORKING_SERVERS', 22, ClusterArg, many(23, ServerInfo)),
  workingProcesses: message('GET_WORKING_PROCESSES', 29, ClusterArg, many(30, ProcessInfo)),
  workingProcessInfo: message('GET_WORKING_PROCESS_INFO', 31, ClusterProcessArgs, one(32, ProcessInfo)),
  clusterServices: message('GET_CLUSTER_SERVICES', 35, ClusterArg, many(36, ServiceInfo)),
  updateInfobaseShort: message('UPDATE_INFOBASE_SHORT', 39, UpdateInfobaseShortArgs, voidReply),
  updateInfobase: message('UPDATE_INFOBASE', 40, UpdateInfobaseArgs, voidReply),
  infobasesShort: message('GET_INFOBASES_SHORT', 42, ClusterArg, many(43, InfobaseSummary)),
  infobaseShortInfo: message('GET_INFOBASE_SHORT_INFO', 46, ClusterInfobaseArgs, one(47, InfobaseSummary)),
  infobaseInfo: message('GET_INFOBASE_INFO', 48, ClusterInfobaseArgs, one(49, InfobaseInfo)),
  connections: message('GET_CONNECTIONS_SHORT', 50, ClusterArg, many(51, ConnectionShort)),
  infobaseConnections: message('GET_INFOBASE_CONNECTIONS_SHORT', 52, ClusterInfobaseArgs, many(53, ConnectionShort)),
  connectionInfo: message('GET_CONNECTION_INFO_SHORT', 54, ClusterConnectionArgs, one(55, ConnectionShort)),
  disconnect: message('DISCONNECT', 64, DisconnectArgs, voidReply),
  sessions: message('GET_SESSIONS', 65, ClusterArg, many(66, SessionInfo)),
  infobaseSessions: message('GET_INFOBASE_SESSIONS', 67, ClusterInfobaseArgs, many(68, SessionInfo)),
  sessionInfo: message('GET_SESSION_INFO', 69, ClusterSessionArgs, one(70, SessionInfo)),
  terminateSession: message('TERMINATE_SESSION', 71, SessionMessageArgs, voidReply),
  locks: message('GET_LOCKS', 72, ClusterArg, many(73, LockInfo)),
  infobaseLocks: message('GET_INFOBASE_LOCKS', 74, ClusterInfobaseArgs, many(75, LockInfo)),
  connectionLocks: message('GET_CONNECTION_LOCKS', 76, ClusterConnectionArgs, many(77, LockInfo)),
  sessionLocks: message('GET_SESSION_LOCKS', 78, ClusterInfobaseSessionArgs, many(79, LockInfo)),
  interruptCurrentServerCall: message('INTERRUPT_SESSION_CURRENT_SERVER_CALL', 117, SessionMessageArgs, voidReply),
  agentVersion: message('GET_AGENT_VERSION', 135, NoArgs, { kind: 'str', code: 136 } as const),
} as const

export type MessageName = keyof typeof Messages

/** Request code → message, for the simulator's dispatcher. */
export const messagesByCode: ReadonlyMap<number, MessageDef> = new Map(
  Object.values(Messages).map((m) => [m.code, m as MessageDef]),
)

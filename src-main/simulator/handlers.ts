/**
 * What the simulated `ras` does for each request (docs/protocol.md §5, §11.5–§11.7). A handler gets the
 * request already decoded with the shared declaration from `messages.ts` and returns a Reply the
 * server encodes with the same declaration; failures are thrown as SimulatorFault.
 */
import { EMPTY_UUID } from '../ras/codec'
import { Messages, type MessageName } from '../ras/messages'
import type { RecordDef, RecordValue } from '../ras/record'
import { MASKED_PASSWORD, type InfobaseRecord, type SessionRecord } from '../ras/records'
import { Faults } from './exceptions'
import type { SimCluster } from './model'
import { refreshProcessFigures } from './process-view'
import type { ReplyCache } from './reply-cache'
import type { SimulatorWorld } from './world'

export interface Credentials {
  user: string
  password: string
}

export interface TerminatedSession {
  cluster: string
  session: string
  message: string
  userName: string
}

export interface InterruptedCall {
  cluster: string
  session: string
  message: string
}

/** Everything handlers share: the world and what the server was started with. */
export interface SimulatorContext {
  world: SimulatorWorld
  cache: ReplyCache
  /** null: the cluster has no administrators, any credentials succeed. */
  clusterAdmin: Credentials | null
  /** null: reading and changing infobase settings needs no infobase credentials. */
  infobaseAdmin: Credentials | null
  agentVersion: string
  terminated: TerminatedSession[]
  interrupted: InterruptedCall[]
}

/** Per-endpoint state (docs/protocol.md §11.5): auth lives on the endpoint, a new connection starts over. */
export interface EndpointState {
  id: number
  /** Negotiated major version; drives every record layout. */
  version: number
  authenticatedClusters: Set<string>
  /** ADD_AUTHENTICATION credentials per cluster id. */
  infobaseCredentials: Map<string, Credentials>
}

export type Reply =
  | { kind: 'void' }
  | { kind: 'one'; code: number; record: RecordDef; value: unknown }
  | { kind: 'list'; code: number; record: RecordDef; items: readonly unknown[] }
  /** A list body already encoded (from the cache): `size` count + records. */
  | { kind: 'encoded'; code: number; body: Buffer }
  | { kind: 'str'; code: number; value: string }

type Args<K extends MessageName> = RecordValue<(typeof Messages)[K]['request']>
type Handler<K extends MessageName> = (ctx: SimulatorContext, ep: EndpointState, args: Args<K>) => Reply

const VOID: Reply = { kind: 'void' }

const HANDLERS: { [K in MessageName]: Handler<K> } = {
  authenticateAgent: () => VOID, // the simulated agent has no administrators
  authenticate(ctx, ep, { cluster, user, password }) {
    const c = findCluster(ctx, cluster)
    const admin = ctx.clusterAdmin
    if (admin && (admin.user !== user || admin.password !== password)) {
      ep.authenticatedClusters.delete(c.info.cluster)
      throw Faults.authFailed()
    }
    ep.authenticatedClusters.add(c.info.cluster)
    return VOID
  },
  addAuthentication(ctx, ep, { cluster, user, password }) {
    // Like the real server, wrong infobase credentials only fail the next infobase request.
    const c = findCluster(ctx, cluster)
    ep.infobaseCredentials.set(c.info.cluster, { user, password })
    return VOID
  },
  clusters: (ctx) =>
    listOnce(
      Messages.clusters.reply,
      ctx.world.clusters.map((c) => c.info),
    ),
  clusterInfo: (ctx, _ep, { cluster }) => one(Messages.clusterInfo.reply, findCluster(ctx, cluster).info),
  clusterAdmins: (ctx, ep, { cluster }) => listOnce(Messages.clusterAdmins.reply, authorized(ctx, ep, cluster).admins),
  managers: (ctx, ep, { cluster }) => listOnce(Messages.managers.reply, authorized(ctx, ep, cluster).managers),
  workingServers: (ctx, ep, { cluster }) =>
    listOnce(Messages.workingServers.reply, authorized(ctx, ep, cluster).servers),
  workingProcesses: (ctx, ep, { cluster }) =>
    listOnce(Messages.workingProcesses.reply, refreshProcessFigures(authorized(ctx, ep, cluster))),
  workingProcessInfo(ctx, ep, { cluster, process }) {
    const found = refreshProcessFigures(authorized(ctx, ep, cluster)).find((p) => p.process === process)
    if (!found) throw Faults.unknown('Рабочий процесс с указанным идентификатором не найден')
    return one(Messages.workingProcessInfo.reply, found)
  },
  clusterServices: (ctx, ep, { cluster }) =>
    listOnce(Messages.clusterServices.reply, authorized(ctx, ep, cluster).services),
  updateInfobaseShort(ctx, ep, { cluster, infobase, descr }) {
    // Only the description changes: rac sends the name empty (docs/protocol.md §5.2).
    const c = authorized(ctx, ep, cluster)
    findInfobase(ctx, c, infobase).descr = descr
    ctx.world.listChanged(c)
    return VOID
  },
  infobasesShort(ctx, ep, { cluster }) {
    const c = authorized(ctx, ep, cluster)
    return cached(ctx, ep, c, 'infobases', Messages.infobasesShort.reply, () =>
      c.infobases.map(({ infobase, descr, name }) => ({ infobase, descr, name })),
    )
  },
  infobaseShortInfo(ctx, ep, { cluster, infobase }) {
    const ib = findInfobase(ctx, authorized(ctx, ep, cluster), infobase)
    return one(Messages.infobaseShortInfo.reply, { infobase: ib.infobase, descr: ib.descr, name: ib.name })
  },
  infobaseInfo(ctx, ep, { cluster, infobase }) {
    const c = authorized(ctx, ep, cluster)
    const ib = findInfobase(ctx, c, infobase)
    requireInfobaseAdmin(ctx, ep, c, ib)
    return one(Messages.infobaseInfo.reply, { ...ib, dbPwd: ib.dbPwd === '' ? '' : MASKED_PASSWORD })
  },
  updateInfobase(ctx, ep, args) {
    const { cluster, ...update } = args
    const c = authorized(ctx, ep, cluster)
    const ib = findInfobase(ctx, c, update.infobase)
    requireInfobaseAdmin(ctx, ep, c, ib)
    // U+FFFD is the placeholder the server sent: it means "keep the stored password" (docs/protocol.md §6.3).
    const dbPwd = update.dbPwd === MASKED_PASSWORD ? ib.dbPwd : update.dbPwd
    // Versions before 12 carry no tail: keep the one we have.
    const tail = ep.version >= 12 ? update.tail : ib.tail
    Object.assign(ib, update, { infobase: ib.infobase, dbPwd, tail })
    ctx.world.listChanged(c)
    return VOID
  },
  connections(ctx, ep, { cluster }) {
    const c = authorized(ctx, ep, cluster)
    return cached(ctx, ep, c, 'connections', Messages.connections.reply, () => c.connections.values())
  },
  infobaseConnections(ctx, ep, { cluster, infobase }) {
    const c = authorized(ctx, ep, cluster)
    const ib = findInfobase(ctx, c, infobase)
    return cached(ctx, ep, c, `connections:${ib.infobase}`, Messages.infobaseConnections.reply, () =>
      [...c.connections.values()].filter((conn) => conn.infobase === ib.infobase),
    )
  },
  connectionInfo(ctx, ep, { cluster, connection }) {
    const found = authorized(ctx, ep, cluster).connections.get(connection)
    if (!found) throw Faults.connectionNotFound()
    return one(Messages.connectionInfo.reply, found)
  },
  disconnect(ctx, ep, { cluster, process, connection }) {
    const c = authorized(ctx, ep, cluster)
    const found = c.connections.get(connection)
    if (!found || found.process !== process) throw Faults.clientNotFound(connection)
    requireInfobaseAdmin(ctx, ep, c, findInfobase(ctx, c, found.infobase))
    c.connections.delete(connection)
    const session = [...c.sessions.values()].find((s) => s.connection === connection)
    if (session) {
      session.connection = EMPTY_UUID
      session.process = EMPTY_UUID
      ctx.world.sessionsChanged(c, [session])
    } else ctx.world.listChanged(c)
    return VOID
  },
  sessions(ctx, ep, { cluster }) {
    const c = authorized(ctx, ep, cluster)
    return sessionList(ctx, ep, c, 'sessions', Messages.sessions.reply.code, () => c.sessions.values())
  },
  infobaseSessions(ctx, ep, { cluster, infobase }) {
    const c = authorized(ctx, ep, cluster)
    const ib = findInfobase(ctx, c, infobase)
    return sessionList(ctx, ep, c, `sessions:${ib.infobase}`, Messages.infobaseSessions.reply.code, () =>
      [...c.sessions.values()].filter((s) => s.infobase === ib.infobase),
    )
  },
  sessionInfo(ctx, ep, { cluster, session }) {
    return one(Messages.sessionInfo.reply, findSession(authorized(ctx, ep, cluster), session))
  },
  terminateSession(ctx, ep, { cluster, session, message }) {
    const c = authorized(ctx, ep, cluster)
    const s = findSession(c, session)
    ctx.world.removeSession(c, s.session)
    ctx.terminated.push({ cluster: c.info.cluster, session: s.session, message, userName: s.userName })
    return VOID
  },
  sessionLocks(ctx, ep, { cluster, infobase, session }) {
    const c = authorized(ctx, ep, cluster)
    findInfobase(ctx, c, infobase)
    const s = findSession(c, session)
    return listOnce(
      Messages.sessionLocks.reply,
      c.locks.filter((l) => l.session === s.session),
    )
  },
  interruptCurrentServerCall(ctx, ep, { cluster, session, message }) {
    const c = authorized(ctx, ep, cluster)
    const s = findSession(c, session)
    ctx.world.interruptCall(c, s)
    ctx.interrupted.push({ cluster: c.info.cluster, session: s.session, message })
    return VOID
  },
  locks(ctx, ep, { cluster }) {
    return listOnce(Messages.locks.reply, authorized(ctx, ep, cluster).locks)
  },
  infobaseLocks(ctx, ep, { cluster, infobase }) {
    const c = authorized(ctx, ep, cluster)
    findInfobase(ctx, c, infobase)
    const sessionsOfInfobase = (id: string) => c.sessions.get(id)?.infobase === infobase
    return listOnce(
      Messages.infobaseLocks.reply,
      c.locks.filter((l) => sessionsOfInfobase(l.session)),
    )
  },
  connectionLocks(ctx, ep, { cluster, connection }) {
    const c = authorized(ctx, ep, cluster)
    if (!c.connections.has(connection)) throw Faults.connectionNotFound()
    return listOnce(
      Messages.connectionLocks.reply,
      c.locks.filter((l) => l.connection === connection),
    )
  },
  agentVersion: (ctx) => ({ kind: 'str', code: Messages.agentVersion.reply.code, value: ctx.agentVersion }),
}

/** Runs the handler of a decoded request. */
export function handleRequest(ctx: SimulatorContext, ep: EndpointState, name: MessageName, args: unknown): Reply {
  const handler = HANDLERS[name] as Handler<MessageName>
  return handler(ctx, ep, args as Args<MessageName>)
}

/** Request code → the name of its declaration in `Messages`. */
export const messageNamesByCode: ReadonlyMap<number, MessageName> = new Map(
  (Object.keys(Messages) as MessageName[]).map((name) => [Messages[name].code, name]),
)

// --- helpers -------------------------------------------------------------------------------

function findCluster(ctx: SimulatorContext, id: string): SimCluster {
  const cluster = ctx.world.cluster(id)
  if (!cluster) throw Faults.clusterNotFound()
  return cluster
}

/** The cluster, if this endpoint authenticated to it (docs/protocol.md §11.5). */
function authorized(ctx: SimulatorContext, ep: EndpointState, id: string): SimCluster {
  const cluster = findCluster(ctx, id)
  if (!ep.authenticatedClusters.has(cluster.info.cluster)) throw Faults.clusterRights()
  return cluster
}

function findInfobase(ctx: SimulatorContext, cluster: SimCluster, id: string): InfobaseRecord {
  const ib = ctx.world.infobase(cluster, id)
  if (!ib) throw Faults.infobaseNotFound()
  return ib
}

function findSession(cluster: SimCluster, id: string): SessionRecord {
  const session = cluster.sessions.get(id)
  if (!session) throw Faults.sessionNotFound()
  return session
}

function requireInfobaseAdmin(ctx: SimulatorContext, ep: EndpointState, c: SimCluster, ib: InfobaseRecord): void {
  const admin = ctx.infobaseAdmin
  if (!admin) return
  const given = ep.infobaseCredentials.get(c.info.cluster)
  if (!given || given.user !== admin.user || given.password !== admin.password) throw Faults.infobaseRights(ib.name)
}

type OneShape = { kind: 'one'; code: number; record: RecordDef }
type ListShape = { kind: 'list'; code: number; record: RecordDef }

function one<S extends OneShape>(shape: S, value: RecordValue<S['record']>): Reply {
  return { kind: 'one', code: shape.code, record: shape.record, value }
}

/** A small list, encoded per request (admins, servers, locks…). */
function listOnce<S extends ListShape>(shape: S, items: readonly RecordValue<S['record']>[]): Reply {
  return { kind: 'list', code: shape.code, record: shape.record, items }
}

/** A possibly huge list, served from the reply cache until the cluster changes. */
function cached<S extends ListShape>(
  ctx: SimulatorContext,
  ep: EndpointState,
  cluster: SimCluster,
  key: string,
  shape: S,
  items: () => Iterable<RecordValue<S['record']>>,
): Reply {
  return { kind: 'encoded', code: shape.code, body: ctx.cache.list(cluster, key, shape.record, ep.version, items) }
}

function sessionList(
  ctx: SimulatorContext,
  ep: EndpointState,
  cluster: SimCluster,
  key: string,
  code: number,
  items: () => Iterable<SessionRecord>,
): Reply {
  const body = ctx.cache.sessions(cluster, key, ep.version, items, (s) => ctx.world.sessionStamp(s))
  return { kind: 'encoded', code, body }
}

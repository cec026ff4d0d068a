/**
 * Sessions as a real cluster has them (docs/protocol.md §6.4, §7): who, from where, with which client, how
 * busy, asleep or inside a call. The generator builds the initial world with these; the living
 * world starts, wakes and runs sessions with them too.
 */
import { EMPTY_UUID } from '../ras/codec'
import type { ConnectionRecord, InfobaseRecord, LicenseRecord, SessionRecord } from '../ras/records'
import {
  APP_ID_WEIGHTS,
  CURRENT_SERVICE_NAMES,
  OFFICES,
  SERVER_SIDE_APPS,
  SERVICE_ACCOUNT_APPS,
  SERVICE_USERS,
  UNLICENSED_APPS,
  userName,
} from './catalog'
import type { SimCluster } from './model'
import type { Random } from './random'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
/** passive-session-hibernate-time (1200 s): an idle client session falls asleep after this. */
export const HIBERNATE_AFTER_MS = 20 * MINUTE

export interface SessionOverrides {
  infobase?: string
  appId?: string
  userName?: string
  /** How long ago the session started; default up to 9 hours (a working day). */
  ageMs?: number
}

export interface CreatedSession {
  session: SessionRecord
  connection: ConnectionRecord | null
}

/** A new session (and its connection) for the cluster; the caller adds them. */
export function createSession(
  cluster: SimCluster,
  rng: Random,
  now: number,
  overrides: SessionOverrides = {},
): CreatedSession {
  const appId = overrides.appId ?? pickAppId(rng)
  const infobase = overrides.infobase ?? pickInfobase(cluster, rng).infobase
  const serverSide = SERVER_SIDE_APPS.has(appId)
  const ageMs = overrides.ageMs ?? rng.int(MINUTE, 9 * HOUR)
  const startedAt = now - ageMs
  const place = clientPlace(rng, appId, cluster)
  const hibernate = !serverSide && appId !== 'SrvrConsole' && ageMs > 25 * MINUTE && rng.chance(0.06)

  const callsPerHour = serverSide ? rng.int(20, 200) : rng.int(40, 900)
  const callsAll = Math.max(1, Math.round((ageMs / HOUR) * callsPerHour))
  const msPerCall = rng.int(15, 450)
  const durationAll = callsAll * msPerCall
  const durationAllDbms = Math.round(durationAll * (0.25 + rng.next() * 0.45))
  const bytesAll = callsAll * rng.int(2_000, 60_000)
  const recentlyActive = !hibernate && rng.chance(0.7)
  const idleMs = hibernate
    ? rng.int(25 * MINUTE, Math.max(25 * MINUTE, Math.min(ageMs, 4 * HOUR)))
    : recentlyActive
      ? rng.int(0, Math.min(ageMs, 5 * MINUTE))
      : rng.int(0, Math.min(ageMs, HIBERNATE_AFTER_MS))
  const last5 = recentlyActive ? rng.int(1, 60) : 0

  const session: SessionRecord = {
    session: rng.uuid(),
    appId,
    blockedByDbms: 0,
    blockedByLs: 0,
    bytesAll,
    bytesLast5min: last5 * rng.int(2_000, 40_000),
    callsAll,
    callsLast5min: last5,
    connection: EMPTY_UUID,
    dbmsBytesAll: Math.round(bytesAll * (1.5 + rng.next() * 4)),
    dbmsBytesLast5min: last5 * rng.int(5_000, 120_000),
    dbProcInfo: '',
    dbProcTook: 0,
    dbProcTookAt: null,
    durationAll,
    durationAllDbms,
    durationCurrent: 0,
    durationCurrentDbms: 0,
    durationLast5min: last5 * rng.int(20, 400),
    durationLast5minDbms: last5 * rng.int(5, 150),
    host: place.host,
    infobase,
    lastActiveAt: now - idleMs,
    hibernate,
    passiveSessionHibernateTime: 1200,
    hibernateSessionTerminateTime: 86400,
    licenses: UNLICENSED_APPS.has(appId) ? [] : [clientLicenseFor(cluster, cluster.nextSessionNumber)],
    locale: 'ru_RU',
    process: EMPTY_UUID,
    sessionId: cluster.nextSessionNumber++,
    startedAt,
    userName: overrides.userName ?? sessionUser(rng, appId),
    memoryCurrent: 0,
    memoryLast5min: last5 * rng.int(50_000, 2_000_000),
    memoryTotal: callsAll * rng.int(100_000, 3_000_000),
    readCurrent: 0,
    readLast5min: last5 * rng.int(0, 40_000),
    readTotal: callsAll * rng.int(1_000, 80_000),
    writeCurrent: 0,
    writeLast5min: last5 * rng.int(0, 20_000),
    writeTotal: callsAll * rng.int(500, 40_000),
    durationCurrentService: 0,
    durationLast5minService: last5 * rng.int(0, 20),
    durationAllService: Math.round(durationAll * 0.03),
    currentServiceName: '',
    cpuTimeCurrent: 0,
    cpuTimeLast5min: last5 * rng.int(5, 200),
    cpuTimeTotal: Math.round(durationAll * (0.3 + rng.next() * 0.5)),
    dataSeparation: "''",
    clientIp: place.ip,
  }

  const connection = hibernate ? null : attachConnection(cluster, session, rng, now)
  if (!hibernate) {
    // A few sessions are inside a server call right now; background jobs more often than people.
    const inCallChance = serverSide ? 0.4 : appId === 'Designer' ? 0.1 : 0.05
    if (rng.chance(inCallChance)) {
      const long = rng.chance(serverSide ? 0.1 : 0.2)
      startCall(session, rng, now, long ? rng.int(MINUTE, 30 * MINUTE) : rng.int(40, 4_000))
    }
  }

  return { session, connection }
}

/**
 * Gives the session a connection to a working process (a woken or new session); the caller adds
 * the returned connection to the cluster.
 */
export function attachConnection(
  cluster: SimCluster,
  session: SessionRecord,
  rng: Random,
  now: number,
): ConnectionRecord {
  const process = rng.pick(rng.pick(cluster.hosts).processes)
  const startedAt = session.startedAt ?? now
  const connection: ConnectionRecord = {
    connection: rng.uuid(),
    application: session.appId,
    blockedByLs: 0,
    connectedAt: Math.max(startedAt, now - rng.int(0, 2 * HOUR)),
    connId: cluster.nextConnectionNumber++,
    host: session.host,
    infobase: session.infobase,
    process: process.process,
    sessionNumber: session.sessionId,
  }
  session.connection = connection.connection
  session.process = process.process
  return connection
}

/**
 * The licence a client session takes: from the cluster's pool when it has one (furnish.ts), picked
 * by the session's number so no random draw is spent (the world stays the same for a seed). Each
 * licence takes sessions in proportion to its seats, so a demo-sized cluster (a few hundred client
 * sessions) never holds more sessions on a key than the key has seats, as no real server can.
 */
export function clientLicenseFor(cluster: SimCluster, sessionNumber: number): LicenseRecord {
  const pool = cluster.licensePool
  if (pool.length === 0) return cluster.clientLicense
  let seats = 0
  for (const l of pool) seats += l.maxUsersAll
  let x = (Math.imul(sessionNumber, 0x9e3779b1) >>> 0) % seats
  for (const l of pool) {
    x -= l.maxUsersAll
    if (x < 0) return l
  }
  return pool[0]!
}

export function pickAppId(rng: Random): string {
  return rng.weighted(APP_ID_WEIGHTS)
}

/** Big infobases get most sessions, like a real cluster (buh_corp and erp are busy, zup_test is not). */
export function pickInfobase(cluster: SimCluster, rng: Random): InfobaseRecord {
  // Infobases a test pushed into the cluster have no weight of their own: they count as 1.
  const weight = (i: number) => cluster.infobaseWeights[i] ?? 1
  let total = 0
  for (let i = 0; i < cluster.infobases.length; i++) total += weight(i)
  let x = rng.next() * total
  for (let i = 0; i < cluster.infobases.length; i++) {
    x -= weight(i)
    if (x < 0) return cluster.infobases[i]!
  }
  return cluster.infobases[cluster.infobases.length - 1]!
}

/** Puts a session inside a server call that began `elapsedMs` ago. */
export function startCall(session: SessionRecord, rng: Random, now: number, wantedMs: number): void {
  const elapsedMs = Math.max(0, Math.min(wantedMs, now - (session.startedAt ?? now))) // not before it started
  session.durationCurrent = Math.max(1, elapsedMs) // > 0 is what marks a session as inside a call
  session.durationCurrentDbms = Math.round(elapsedMs * (0.5 + rng.next() * 0.45))
  session.lastActiveAt = now - elapsedMs
  session.cpuTimeCurrent = Math.round(elapsedMs * (0.05 + rng.next() * 0.3))
  // memory-current is signed on real servers: a call that freed more than it took goes negative.
  session.memoryCurrent = rng.chance(0.1) ? -rng.int(1_000, 90_000) : rng.int(100_000, 400_000_000)
  session.readCurrent = rng.int(0, 50_000_000)
  session.writeCurrent = rng.int(0, 5_000_000)
  session.currentServiceName = rng.pick(CURRENT_SERVICE_NAMES)
  if (session.durationCurrentDbms > 0) {
    session.dbProcInfo = String(rng.int(1_000, 65_000))
    session.dbProcTook = session.durationCurrentDbms
    session.dbProcTookAt = now - session.durationCurrentDbms
  }
}

/** Ends the session's current call, if any (also what INTERRUPT does). */
export function endCall(session: SessionRecord): void {
  session.durationCurrent = 0
  session.durationCurrentDbms = 0
  session.durationCurrentService = 0
  session.cpuTimeCurrent = 0
  session.memoryCurrent = 0
  session.readCurrent = 0
  session.writeCurrent = 0
  session.currentServiceName = ''
  session.dbProcInfo = ''
  session.dbProcTook = 0
  session.dbProcTookAt = null
}

function clientPlace(rng: Random, appId: string, cluster: SimCluster): { host: string; ip: string } {
  if (SERVER_SIDE_APPS.has(appId)) {
    const host = rng.pick(cluster.hosts)
    return { host: host.name, ip: '' }
  }
  if (appId === 'WebClient' || appId === 'WSConnection' || appId === 'HTTPServiceConnection') {
    const web = rng.int(1, 2)
    return { host: `web-0${web}`, ip: `10.0.5.${20 + web}` }
  }
  if (appId === 'SrvrConsole' || appId === 'Designer') {
    return { host: `it-ws-${String(rng.int(1, 12)).padStart(3, '0')}`, ip: `10.20.1.${rng.int(10, 60)}` }
  }
  const office = rng.int(0, OFFICES.length - 1)
  const seat = rng.int(1, 250)
  return {
    host: `${OFFICES[office]}-ws-${String(seat).padStart(3, '0')}`,
    ip: `10.${20 + office}.${rng.int(0, 3)}.${seat}`,
  }
}

function sessionUser(rng: Random, appId: string): string {
  if (appId === 'SystemBackgroundJob') return ''
  if (appId === 'Designer' || appId === 'SrvrConsole') return rng.chance(0.7) ? 'Администратор' : userName(rng)
  if (SERVICE_ACCOUNT_APPS.has(appId)) return rng.pick(SERVICE_USERS)
  return userName(rng)
}

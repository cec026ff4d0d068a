/**
 * Builds a cluster from a seed: infobases with DBMS settings, servers, processes, managers,
 * admins, and its sessions (from sessions.ts) with a few long calls holding locks that others wait on.
 */
import { EMPTY_UUID, type ServerTime } from '../ras/codec'
import { MASKED_PASSWORD } from '../ras/records'
import type {
  InfobaseRecord,
  LicenseRecord,
  LockRecord,
  ManagerRecord,
  ProcessRecord,
  ServerRecord,
  SessionRecord,
} from '../ras/records'
import { DBMS_SETTINGS, INFOBASE_TEMPLATES } from './catalog'
import { SessionTable, type SimCluster, type SimHost } from './model'
import { furnishCluster } from './furnish'
import { Random, seedOf } from './random'
import { createSession, startCall } from './sessions'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** The v16 InfobaseInfo tail seen on a real 8.5 server (docs/protocol.md §9.6): 0, 999, 888, 777. */
export const INFOBASE_V16_TAIL = '00000003e70000037800000309'
/** Stored DB password of every generated infobase (replies mask it as U+FFFD). */
export const GENERATED_DB_PASSWORD = 'Pa$$w0rd-1c'

export interface ClusterSpec {
  index: number
  infobases: number
  sessions: number
  clusterAdmin: { user: string; password: string } | null
}

export function generateCluster(rng: Random, spec: ClusterSpec, now: number): SimCluster {
  const n = spec.index
  const clusterHost = `srv-1c-app${String(2 * n + 1).padStart(2, '0')}`
  const port = 1541 + 100 * n
  const hosts = [clusterHost, `srv-1c-app${String(2 * n + 2).padStart(2, '0')}`].map((name, i): SimHost => ({
    name,
    ip: `10.0.${10 + n}.${11 + i}`,
    processes: [],
  }))
  const serverLicense = license(rng, 'Сервер', clusterHost, port, true)
  const processes: ProcessRecord[] = []
  hosts.forEach((host, h) => {
    for (let p = 0; p < 2; p++) {
      const process = processRecord(rng, host.name, 1560 + p + 10 * h, now, serverLicense)
      host.processes.push(process)
      processes.push(process)
    }
  })
  const infobases: InfobaseRecord[] = []
  const infobaseWeights: number[] = []
  for (let i = 0; i < spec.infobases; i++) {
    const template = INFOBASE_TEMPLATES[i % INFOBASE_TEMPLATES.length]!
    const round = Math.floor(i / INFOBASE_TEMPLATES.length)
    infobases.push(infobaseRecord(rng, round === 0 ? template.name : `${template.name}_${round + 1}`, template.descr))
    infobaseWeights.push(template.weight / (round + 1))
  }
  const cluster: SimCluster = {
    info: {
      cluster: rng.uuid(),
      expirationTimeout: 60,
      host: clusterHost,
      lifetimeLimit: 0,
      port,
      maxMemorySize: 0,
      maxMemoryTimeLimit: 0,
      name: n === 0 ? 'Основной кластер' : n === 1 ? 'Резервный кластер' : `Кластер ${n + 1}`,
      securityLevel: 0,
      sessionFaultToleranceLevel: 0,
      loadBalancingMode: 0,
      errorsCountThreshold: 0,
      killProblemProcesses: true,
      killByMemoryWithDump: false,
      unknownV16: 1,
      allowAccessRightAuditEventsRecording: false,
      pingPeriod: 0,
      pingTimeout: 0,
      restartSchedule: '',
    },
    infobases,
    infobaseWeights,
    sessions: new SessionTable(),
    connections: new Map(),
    locks: [],
    waiting: new Set(),
    servers: hosts.map((host, i) => serverRecord(rng, host.name, i === 0, port)),
    hosts,
    processes,
    managers: hosts.map((host, i) => managerRecord(rng, host.name, i === 0, port)),
    admins: spec.clusterAdmin
      ? [
          {
            name: spec.clusterAdmin.user,
            descr: 'Администратор кластера',
            password: MASKED_PASSWORD,
            passwordAuthAllowed: true,
            osAuthAllowed: false,
            osUser: '',
          },
        ]
      : [],
    clientLicense: license(rng, 'Клиент', clusterHost, port, false),
    licensePool: [],
    services: [],
    restarting: new Map(),
    nextSessionNumber: 1,
    nextConnectionNumber: 1,
    revision: 0,
    recordEpoch: 0,
  }
  for (let i = 0; i < spec.sessions; i++) {
    const created = createSession(cluster, rng, now)
    cluster.sessions.add(created.session)
    if (created.connection) cluster.connections.set(created.connection.connection, created.connection)
  }
  addContention(cluster, rng, now)
  // What surrounds the sessions, drawn from its own stream so the sessions above stay as they were.
  furnishCluster(cluster, new Random(seedOf(cluster.info.cluster)), now)
  return cluster
}

/**
 * Long calls hold locks; a few other sessions of the same infobase wait on them, either on a DBMS
 * lock (blocked-by-dbms) or on a managed lock (blocked-by-ls). Both hold the blocker's number.
 * Even a small world gets at least one long call and one waiter, so every screen has something.
 */
function addContention(cluster: SimCluster, rng: Random, now: number): void {
  const all = [...cluster.sessions.values()]
  const idle = all.filter((s) => !s.hibernate && s.durationCurrent === 0 && s.connection !== EMPTY_UUID)
  const holders = all.filter((s) => s.durationCurrent >= MINUTE)
  const wantedHolders = all.length >= 10 ? Math.max(1, Math.round(all.length * 0.004)) : 0
  while (holders.length < wantedHolders && idle.length > 0) {
    const s = idle.splice(rng.int(0, idle.length - 1), 1)[0]!
    startCall(s, rng, now, rng.int(2 * MINUTE, 40 * MINUTE))
    holders.push(s)
  }
  for (const holder of holders) {
    const ib = cluster.infobases.find((i) => i.infobase === holder.infobase)!
    cluster.locks.push(lockRecord(rng, holder, `БД(сеанс ,${ib.name},исключительная)`, now))
  }
  const idleByInfobase = new Map<string, SessionRecord[]>()
  for (const s of idle) {
    if (s.durationCurrent !== 0) continue // became a holder above
    const list = idleByInfobase.get(s.infobase)
    if (list) list.push(s)
    else idleByInfobase.set(s.infobase, [s])
  }
  const waiters = holders.length === 0 ? 0 : Math.max(2, Math.round(all.length * 0.006))
  for (let i = 0; i < waiters; i++) {
    const holder = holders[i % holders.length]!
    const candidates = idleByInfobase.get(holder.infobase)
    if (!candidates || candidates.length === 0) continue
    // Swap-remove a random candidate: each waiter is picked once.
    const at = rng.int(0, candidates.length - 1)
    const waiter = candidates[at]!
    candidates[at] = candidates[candidates.length - 1]!
    candidates.pop()
    const byDbms = i % 2 === 0
    if (byDbms) waiter.blockedByDbms = holder.sessionId
    else waiter.blockedByLs = holder.sessionId
    cluster.waiting.add(waiter)
    startCall(waiter, rng, now, rng.int(5_000, Math.max(5_000, holder.durationCurrent)))
    const connection = cluster.connections.get(waiter.connection)
    if (connection && !byDbms) connection.blockedByLs = holder.sessionId
  }
}

function license(rng: Random, kind: 'Клиент' | 'Сервер', host: string, port: number, server: boolean): LicenseRecord {
  const series = `8100${rng.int(100_000, 999_999)}`
  const seats = server ? 1 : 500
  const pid = String(rng.int(2_000, 30_000))
  const file = `file:///C:/ProgramData/1C/licenses/2025${rng.int(10, 12)}${rng.int(10, 28)}0930${rng.int(10, 59)}.lic`
  return {
    fullName: file,
    fullPresentation: `${kind}, ${pid}, ${series} ${seats} ${seats}, ${file}`,
    issuedByServer: !server,
    licenseType: 0,
    maxUsersAll: seats,
    maxUsersCur: seats,
    net: false,
    rmngrAddress: host,
    rmngrPid: pid,
    rmngrPort: port,
    series,
    shortPresentation: `${kind}, ${series} ${seats} ${seats}`,
  }
}

function infobaseRecord(rng: Random, name: string, descr: string): InfobaseRecord {
  const dbms = rng.pick(DBMS_SETTINGS)
  return {
    infobase: rng.uuid(),
    dateOffset: 0,
    dbms: dbms.dbms,
    dbName: name,
    dbPwd: GENERATED_DB_PASSWORD,
    dbServer: dbms.dbServer,
    dbUser: dbms.dbUser,
    deniedFrom: null,
    deniedMessage: '',
    deniedParameter: '',
    deniedTo: null,
    descr,
    locale: 'ru_RU',
    name,
    permissionCode: '',
    scheduledJobsDeny: /_test|_copy/.test(name),
    securityLevel: 0,
    sessionsDeny: false,
    licenseDistribution: 1,
    externalSessionManagerConnectionString: '',
    externalSessionManagerRequired: false,
    securityProfileName: '',
    safeModeSecurityProfileName: '',
    reserveWorkingProcesses: false,
    tail: INFOBASE_V16_TAIL,
  }
}

export function processRecord(rng: Random, host: string, port: number, now: number, lic: LicenseRecord): ProcessRecord {
  return {
    process: rng.uuid(),
    avgBackCallTime: 0,
    avgCallTime: Math.round(rng.next() * 4000) / 10,
    avgDbCallTime: Math.round(rng.next() * 2000) / 10,
    avgLockCallTime: Math.round(rng.next() * 50) / 10,
    avgServerCallTime: Math.round(rng.next() * 3000) / 10,
    avgThreads: Math.round(rng.next() * 40) / 10,
    capacity: 1000,
    connections: rng.int(20, 400),
    host,
    enable: true,
    licenses: [lic],
    port,
    memoryExcessTime: 0,
    memorySize: rng.int(800_000, 6_000_000),
    pid: String(rng.int(1_000, 60_000)),
    running: 1,
    selectionSize: rng.int(1_000, 90_000),
    startedAt: now - rng.int(2 * HOUR, 72 * HOUR),
    use: 1,
    availablePerformance: rng.int(80, 300),
    reserve: false,
  }
}

export function serverRecord(rng: Random, host: string, main: boolean, clusterPort: number): ServerRecord {
  return {
    server: rng.uuid(),
    agentHost: host,
    agentPort: 1540,
    name: main ? 'Центральный сервер' : `Рабочий сервер ${host}`,
    mainServer: main,
    safeWorkingProcessesMemoryLimit: 0,
    safeCallMemoryLimit: 0,
    infobasesLimit: 8,
    memoryLimit: 0,
    connectionsLimit: 256,
    clusterPort,
    dedicateManagers: false,
    portRanges: [{ high: 1591, low: 1560 }],
    criticalTotalMemory: 0,
    temporaryAllowedTotalMemory: 0,
    temporaryAllowedTotalMemoryTimeLimit: 300,
    servicePrincipalName: '',
    restartSchedule: '',
    unknownV16: 0,
  }
}

function managerRecord(rng: Random, host: string, main: boolean, port: number): ManagerRecord {
  return {
    manager: rng.uuid(),
    descr: main ? 'Главный менеджер кластера' : 'Менеджер кластера',
    host,
    mainManager: main ? 1 : 0,
    port,
    pid: String(rng.int(1_000, 60_000)),
  }
}

export function lockRecord(rng: Random, holder: SessionRecord, descr: string, now: number): LockRecord {
  const lockedAt: ServerTime = now - Math.max(0, holder.durationCurrent - rng.int(0, 1_000))
  return { connection: holder.connection, descr, lockedAt, object: rng.uuid(), session: holder.session }
}

/**
 * What surrounds the sessions of a generated cluster: the cluster's services, its licences
 * (software series and HASP keys, licences.ts), a turned-off working process, a third working
 * server that stopped receiving sessions, managed locks held by the long calls, and at least one
 * blocking chain two deep (a session waiting on a session that itself waits on the head blocker).
 * Drawn from its own random stream, so furnishing never changes the sessions a seed gives.
 */
import { EMPTY_UUID } from '../ras/codec'
import type { ServiceRecord, SessionRecord } from '../ras/records'
import { lockRecord, processRecord, serverRecord } from './generate'
import { licensePool } from './licenses'
import type { SimCluster } from './model'
import type { Random } from './random'
import { clientLicenseFor, startCall } from './sessions'

const MINUTE = 60_000

/** The services `rac service list` shows on a real cluster; main-only ones run on the main manager. */
const SERVICES: ReadonlyArray<{ name: string; descr: string; mainOnly: boolean }> = [
  { name: 'EventLogService', descr: 'Сервис журналов регистрации', mainOnly: false },
  { name: 'SessionDataService', descr: 'Сервис сеансовых данных', mainOnly: false },
  { name: 'DataEditLockService', descr: 'Сервис блокировок', mainOnly: false },
  { name: 'TransactionLockService', descr: 'Сервис транзакционных блокировок', mainOnly: false },
  { name: 'LicenseService', descr: 'Сервис лицензирования', mainOnly: true },
  { name: 'JobService', descr: 'Сервис заданий', mainOnly: true },
  { name: 'ClusterRegistryService', descr: 'Сервис реестра кластера', mainOnly: true },
  { name: 'FulltextSearchService', descr: 'Сервис полнотекстового поиска', mainOnly: false },
]

export function furnishCluster(cluster: SimCluster, rng: Random, now: number): void {
  cluster.services = clusterServices(cluster)
  cluster.licensePool = licensePool(cluster, rng)
  for (const s of cluster.sessions.values()) {
    if (s.licenses.length > 0) s.licenses = [clientLicenseFor(cluster, s.sessionId)]
  }
  addIdleMachinery(cluster, rng, now)
  addManagedLocks(cluster, rng, now)
  addChain(cluster, rng, now)
}

function clusterServices(cluster: SimCluster): ServiceRecord[] {
  const main = cluster.managers.find((m) => m.mainManager === 1) ?? cluster.managers[0]
  return SERVICES.map((s) => ({
    name: s.name,
    descr: s.descr,
    mainOnly: s.mainOnly ? 1 : 0,
    managers: (s.mainOnly ? [main] : cluster.managers)
      .filter((m) => m !== undefined)
      .map((m) => ({ manager: m.manager })),
  }))
}

/**
 * A turned-off process on the second server (an admin switched it off; it keeps no sessions) and
 * a third server whose one process runs but gets no sessions: neither is in a host's process
 * list, so no session is ever placed on them.
 */
function addIdleMachinery(cluster: SimCluster, rng: Random, now: number): void {
  const second = cluster.hosts[1] ?? cluster.hosts[0]!
  const off = processRecord(rng, second.name, 1562 + 10, now, cluster.processes[0]!.licenses[0]!)
  Object.assign(off, { enable: false, running: 0, use: 0, connections: 0, memorySize: 0, licenses: [], pid: '' })
  cluster.processes.push(off)
  const name = cluster.info.host.replace(/app(\d+)$/, (_, n: string) => `rsv${n}`)
  const server = serverRecord(rng, name === cluster.info.host ? `${name}-rsv` : name, false, cluster.info.port)
  server.name = `Резервный сервер ${server.agentHost}`
  cluster.servers.push(server)
  const spare = processRecord(rng, server.agentHost, 1560, now, cluster.processes[0]!.licenses[0]!)
  spare.connections = 0
  cluster.processes.push(spare)
}

/** Long calls hold managed locks too: one or two objects each, next to their DBMS lock. */
function addManagedLocks(cluster: SimCluster, rng: Random, now: number): void {
  const holders = new Set(cluster.locks.map((l) => l.session))
  for (const id of holders) {
    const holder = cluster.sessions.get(id)
    if (!holder) continue
    for (let i = rng.int(1, 2); i > 0; i--) cluster.locks.push(managedLock(cluster, rng, holder, now))
  }
}

export function managedLock(cluster: SimCluster, rng: Random, holder: SessionRecord, now: number) {
  const ib = cluster.infobases.find((i) => i.infobase === holder.infobase)
  const mode = rng.chance(0.7) ? 'исключительная' : 'разделяемая'
  return lockRecord(rng, holder, `Упр(сеанс ,${ib?.name ?? ''},${mode})`, now)
}

/**
 * Makes one waiter the blocker of another idle session of its infobase, so the world starts with
 * a chain: that session → the waiter → the head blocker (whose long call holds the lock).
 */
function addChain(cluster: SimCluster, rng: Random, now: number): void {
  for (const waiter of cluster.waiting) {
    const tail = [...cluster.sessions.values()].find((s) => isIdleClient(s) && s.infobase === waiter.infobase)
    if (!tail) continue
    startCall(tail, rng, now, rng.int(5_000, Math.max(5_000, Math.min(waiter.durationCurrent, 10 * MINUTE))))
    tail.blockedByLs = waiter.sessionId
    const connection = cluster.connections.get(tail.connection)
    if (connection) connection.blockedByLs = waiter.sessionId
    cluster.waiting.add(tail)
    return
  }
}

/** An awake session with a connection, not in a call and waiting on nobody. */
export function isIdleClient(s: SessionRecord): boolean {
  return (
    !s.hibernate &&
    s.connection !== EMPTY_UUID &&
    s.durationCurrent === 0 &&
    s.blockedByDbms === 0 &&
    s.blockedByLs === 0
  )
}

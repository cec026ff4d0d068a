/**
 * A history sample from a session list: the cluster's totals and each session's 5-minute
 * counters, taken from the columnar SessionTable the app and the CLI already read on every
 * refresh (src-shared/contract.ts). Pure: no database, no clock.
 */
import type { SessionTable } from '../../src-shared/contract'
import type { ClusterSample, SampleTotals } from './history-port'

/** A counter as stored: a finite integer (RAS sends integers; anything else reads as 0). */
function counter(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0
}

/**
 * The server time a sample taken at desktop time `desktopMs` stands for: the server's now
 * (ServerClock) when known; when not — a cluster with no session to learn its clock from — the
 * desktop's wall clock read as a wall clock (the nearest estimate there is, and such a sample
 * holds no session to misplace).
 */
export function sampleTime(serverNow: number | null, desktopMs: number): number {
  return serverNow ?? desktopMs - new Date(desktopMs).getTimezoneOffset() * 60_000
}

/** The sample of one cluster's sessions at server time `at`. */
export function buildSample(
  where: { cluster: string; server: string; clusterName: string },
  at: number,
  table: SessionTable,
): ClusterSample {
  const c = table.columns
  const n = table.count
  const cpu = c.cpuTimeLast5min.slice(0, n).map(counter)
  const memory = c.memoryLast5min.slice(0, n).map(counter)
  const dbms = c.durationLast5minDbms.slice(0, n).map(counter)
  const calls = c.callsLast5min.slice(0, n).map(counter)
  const totals: SampleTotals = {
    sessions: n,
    active: 0,
    sleeping: 0,
    byAppId: {},
    cpu: 0,
    memory: 0,
    dbms: 0,
    calls: 0,
  }
  for (let i = 0; i < n; i++) {
    if (c.hibernate[i]) totals.sleeping++
    else totals.active++
    const app = c.appId[i]!
    totals.byAppId[app] = (totals.byAppId[app] ?? 0) + 1
    totals.cpu += cpu[i]!
    totals.memory += memory[i]!
    totals.dbms += dbms[i]!
    totals.calls += calls[i]!
  }
  return {
    cluster: where.cluster.toLowerCase(),
    server: where.server,
    clusterName: where.clusterName,
    at,
    totals,
    sessions: {
      session: c.session.slice(0, n).map((s) => s.toLowerCase()),
      sessionId: c.sessionId.slice(0, n),
      userName: c.userName.slice(0, n),
      infobaseName: c.infobaseName.slice(0, n),
      host: c.host.slice(0, n),
      appId: c.appId.slice(0, n),
      cpu,
      memory,
      dbms,
      calls,
    },
  }
}

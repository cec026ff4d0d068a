/**
 * `processes`, `licenses` and `blocking` (issue 18): what surrounds the sessions, over the same
 * AroundService the app uses, for one cluster or every cluster of the server; and the licence
 * columns `sessions --with-licenses` adds. Table by default, --json or --csv.
 */
import type { BlockingChain, ClusterLicenses } from '../../src-shared/around-contract'
import type { SessionRow } from '../../src-shared/contract'
import { AroundService } from '../services/around'
import { licenseKind, licenseServerOf } from '../services/license-summary'
import { ServerClock } from '../services/server-clock'
import { PROFILE_ID, sessionService, type CommandContext } from './context'
import { writeJsonRows } from './json-rows'
import { counted, toCsv, toTable, type Column, type Row } from './output'

function aroundService(c: CommandContext): AroundService {
  return new AroundService(c.directory, null, c.pool, sessionService(c), new ServerClock())
}

async function clustersOf(c: CommandContext): Promise<string[]> {
  if (c.o.cluster) return [c.o.cluster]
  return (await c.pool.run(PROFILE_ID, null, ({ client }) => client.listClusters())).map((x) => x.cluster)
}

type Titled = Array<Column & { title: string }>

async function print(c: CommandContext, rows: Row[], columns: Column[], table: Titled): Promise<void> {
  if (c.o.format === 'json') return writeJsonRows(c.io.stdout, rows, columns)
  c.io.stdout.write(c.o.format === 'csv' ? toCsv(rows, columns) : toTable(rows, table))
}

const col = (key: string, kind: Column['kind'] = 'string'): Column => ({ key, kind })
const titled = (title: string, key: string, kind: Column['kind'] = 'string') => ({ key, kind, title })

const n = (key: string) => col(key, 'number')

/** `processes` JSON and CSV: ProcessInfo's figures with the sessions counted on each process. */
const PROCESS_COLUMNS: Column[] = [
  col('cluster'),
  col('process'),
  col('host'),
  col('serverName'),
  n('port'),
  col('pid'),
  col('state'),
  col('startedAt', 'datetime'),
  ...['memorySize', 'memoryExcessTime', 'availablePerformance', 'capacity', 'connections', 'sessions'].map(n),
  ...['cpuTimeCurrent', 'cpuTimeLast5min', 'avgCallTime', 'avgServerCallTime', 'avgDbCallTime'].map(n),
  ...['avgLockCallTime', 'avgThreads'].map(n),
  col('serverReceivesSessions', 'boolean'),
]

/** `blocking` JSON and CSV: one row per blocked session, its chain and its head blocker. */
const BLOCKING_COLUMNS: Column[] = [
  col('cluster'),
  n('sessionId'),
  col('userName'),
  col('infobaseName'),
  col('waitsOn'),
  n('waitedMs'),
  n('depth'),
  col('chain'),
  n('headSessionId'),
  col('headUserName'),
  col('headAppId'),
  col('headHost'),
  ...['headCallMs', 'headDbmsMs', 'headDbProcTookMs'].map(n),
  col('headServiceName'),
  col('headSession'),
  col('cycle', 'boolean'),
]

export async function runProcesses(c: CommandContext): Promise<number> {
  const around = aroundService(c)
  const rows: Row[] = []
  for (const cluster of await clustersOf(c)) {
    const m = await around.machinery(PROFILE_ID, cluster)
    const receives = new Map(m.servers.map((s) => [s.host, s.receivesSessions]))
    for (const p of m.processes) {
      const { licenses: _licenses, ...fields } = p
      rows.push({ cluster, ...fields, serverReceivesSessions: receives.get(p.host) ?? false })
    }
  }
  await print(c, rows, PROCESS_COLUMNS, [
    titled('host', 'host'),
    titled('port', 'port', 'number'),
    titled('pid', 'pid'),
    titled('state', 'state'),
    titled('memory-kb', 'memorySize', 'number'),
    titled('available-perf', 'availablePerformance', 'number'),
    titled('connections', 'connections', 'number'),
    titled('sessions', 'sessions', 'number'),
    titled('cpu-5min-ms', 'cpuTimeLast5min', 'number'),
    titled('started-at', 'startedAt', 'datetime'),
    titled('server-gets-sessions', 'serverReceivesSessions', 'boolean'),
  ])
  return 0
}

export async function runLicenses(c: CommandContext): Promise<number> {
  const around = aroundService(c)
  const clusters: ClusterLicenses[] = []
  for (const cluster of await clustersOf(c)) clusters.push(await around.licenses(PROFILE_ID, cluster))
  if (c.o.format === 'json') {
    c.io.stdout.write(JSON.stringify(clusters.map(({ profileId: _p, profileName: _n, ...rest }) => rest)) + '\n')
    return 0
  }
  const rows: Row[] = clusters.flatMap((l) =>
    l.groups.map((g) => ({ cluster: l.cluster, clusterName: l.clusterName, ...g })),
  )
  const columns = [
    col('cluster'),
    col('clusterName'),
    col('licenseServer'),
    col('series'),
    col('kind'),
    col('shortPresentation'),
    col('maxUsers', 'number'),
    col('sessions', 'number'),
    col('sleepingSessions', 'number'),
    col('users', 'number'),
  ]
  if (c.o.format === 'csv') {
    c.io.stdout.write(toCsv(rows, columns))
    return 0
  }
  c.io.stdout.write(
    toTable(rows, [
      titled('licence-server', 'licenseServer'),
      titled('series', 'series'),
      titled('kind', 'kind'),
      titled('max-users', 'maxUsers', 'number'),
      titled('sessions', 'sessions', 'number'),
      titled('sleeping', 'sleepingSessions', 'number'),
      titled('users', 'users', 'number'),
    ]),
  )
  for (const l of clusters) {
    c.io.stdout.write(
      `${l.clusterName}: licence held by ${l.sessionsWithLicense} of ${counted(l.sessions, 'session')} ` +
        `(${l.sleepingWithLicense} asleep), ${counted(l.uniqueUsers, 'unique user')}\n`,
    )
  }
  return 0
}

/** One line per chain: the blocked session, the chain of numbers, and its head. */
function chainRow(cluster: string, chain: BlockingChain): Row {
  const first = chain.links[0]!
  const head = chain.links[chain.links.length - 1]!
  const numbers = chain.links.map((l) => String(l.sessionId))
  if (chain.missingHead) numbers.push(`${chain.missingHead} (ended)`)
  if (chain.cycle) numbers.push('… (cycle)')
  const headKnown = chain.missingHead === 0 && !chain.cycle
  return {
    cluster,
    sessionId: first.sessionId,
    userName: first.userName,
    infobaseName: first.infobaseName,
    waitsOn: first.waitsOn,
    waitedMs: first.durationCurrent,
    depth: chain.links.length - 1 + (chain.missingHead ? 1 : 0),
    chain: numbers.join(' → '),
    headSessionId: headKnown ? head.sessionId : chain.missingHead,
    headUserName: headKnown ? head.userName : '',
    headAppId: headKnown ? head.appId : '',
    headHost: headKnown ? head.host : '',
    headCallMs: headKnown ? head.durationCurrent : 0,
    headDbmsMs: headKnown ? head.durationCurrentDbms : 0,
    headDbProcTookMs: headKnown ? head.dbProcTook : 0,
    headServiceName: headKnown ? head.currentServiceName : '',
    headSession: headKnown ? head.session : '',
    cycle: chain.cycle,
  }
}

export async function runBlocking(c: CommandContext): Promise<number> {
  const around = aroundService(c)
  const rows: Row[] = []
  for (const cluster of await clustersOf(c)) {
    for (const chain of (await around.blocking(PROFILE_ID, cluster)).chains) rows.push(chainRow(cluster, chain))
  }
  await print(c, rows, BLOCKING_COLUMNS, [
    titled('session-id', 'sessionId', 'number'),
    titled('user', 'userName'),
    titled('infobase', 'infobaseName'),
    titled('waits-on', 'waitsOn'),
    titled('chain', 'chain'),
    titled('head-user', 'headUserName'),
    titled('head-app', 'headAppId'),
    titled('head-call-ms', 'headCallMs', 'number'),
    titled('head-dbms-ms', 'headDbmsMs', 'number'),
  ])
  return 0
}

/** `sessions --with-licenses`: each row's licence series, kind and licence server, read with the list. */
export const LICENSE_COLUMNS: Column[] = [
  col('licenseSeries'),
  col('licenseKind'),
  col('licenseServer'),
  col('licensePresentation'),
]

export async function addLicenseColumns(c: CommandContext, cluster: string, rows: SessionRow[]): Promise<void> {
  const records = await c.pool.run(PROFILE_ID, cluster, ({ client }) => client.listSessions(cluster))
  const bySession = new Map(records.map((r) => [r.session, r.licenses[0]]))
  for (const row of rows as Array<SessionRow & Row>) {
    const l = bySession.get(row.session)
    row.licenseSeries = l?.series ?? ''
    row.licenseKind = l ? licenseKind(l) : ''
    row.licenseServer = l ? licenseServerOf(l) : ''
    row.licensePresentation = l?.shortPresentation ?? ''
  }
}

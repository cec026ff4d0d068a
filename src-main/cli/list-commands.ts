/** The listing commands: `clusters`, `infobases` and `sessions`, as a table, JSON or CSV. */
import type { SessionRow } from '../../src-shared/contract'
import { fieldsAt, type RecordDef } from '../ras/record'
import { ClusterInfo } from '../ras/records/cluster'
import { SessionInfo } from '../ras/records/session'
import { searchSessions } from '../services/session-search'
import { addLicenseColumns, LICENSE_COLUMNS } from './around-commands'
import { PROFILE_ID, sessionService, type CommandContext } from './context'
import { writeJsonRows } from './json-rows'
import { toCsv, toTable, type Column, type Kind, type Row } from './output'
import { printSessionJson } from './session-json'

/** Output columns of a record at a service version: its fields, in wire order. */
function recordColumns(record: RecordDef, major: number, skip: readonly string[] = []): Column[] {
  return fieldsAt(record, major)
    .filter((f) => !skip.includes(f.name) && f.type !== 'tail' && typeof f.type === 'string')
    .map((f) => ({ key: f.name, kind: kindOf(f.type as string) }))
}

function kindOf(type: string): Kind {
  if (type === 'datetime') return 'datetime'
  if (type === 'bool') return 'boolean'
  if (type === 'str' || type === 'uuid') return 'string'
  return 'number'
}

async function print(
  c: CommandContext,
  rows: Row[],
  columns: Column[],
  table: Array<Column & { title: string }>,
): Promise<void> {
  if (c.o.format === 'json') return writeJsonRows(c.io.stdout, rows, columns)
  c.io.stdout.write(c.o.format === 'csv' ? toCsv(rows, columns) : toTable(rows, table))
}

/** The JSON and CSV columns of `sessions`: the cluster, then SessionInfo's fields with the infobase name. */
function sessionColumns(major: number): Column[] {
  const columns: Column[] = [{ key: 'cluster', kind: 'string' }]
  for (const col of recordColumns(SessionInfo, major, ['licenses'])) {
    columns.push(col)
    if (col.key === 'infobase') columns.push({ key: 'infobaseName', kind: 'string' })
  }
  return columns
}

export async function runClusters(c: CommandContext): Promise<number> {
  const { clusters, major } = await c.pool.run(PROFILE_ID, null, async ({ client }) => ({
    clusters: await client.listClusters(),
    major: client.versionMajor,
  }))
  await print(c, clusters, recordColumns(ClusterInfo, major, ['unknownV16']), [
    { key: 'cluster', title: 'cluster', kind: 'string' },
    { key: 'name', title: 'name', kind: 'string' },
    { key: 'host', title: 'host', kind: 'string' },
    { key: 'port', title: 'port', kind: 'number' },
  ])
  return 0
}

export async function runInfobases(c: CommandContext): Promise<number> {
  const cluster = c.o.cluster!
  const list = await c.pool.run(PROFILE_ID, cluster, ({ client }) => client.listInfobases(cluster))
  const columns: Column[] = [
    { key: 'infobase', kind: 'string' },
    { key: 'name', kind: 'string' },
    { key: 'descr', kind: 'string' },
  ]
  await print(
    c,
    list,
    columns,
    columns.map((col) => ({ ...col, title: col.key })),
  )
  return 0
}

export async function runSessions(c: CommandContext): Promise<number> {
  const clusters = c.o.cluster
    ? [c.o.cluster]
    : (await c.pool.run(PROFILE_ID, null, ({ client }) => client.listClusters())).map((x) => x.cluster)
  // The common case, and the one that must be fast for 10,000s of sessions.
  if (c.o.format === 'json' && c.o.search === undefined && !c.o.withLicenses) {
    return printSessionJson(c, clusters, sessionColumns)
  }
  const sessions = sessionService(c)
  const lists = await Promise.all(
    clusters.map(async (cluster) => {
      const { rows, protocolVersion } = await sessions.listSessionRows(PROFILE_ID, cluster, c.o.infobase)
      for (const row of rows) (row as SessionRow & { cluster: string }).cluster = cluster
      if (c.o.withLicenses) await addLicenseColumns(c, cluster, rows)
      return { rows, major: Number.parseInt(protocolVersion, 10) }
    }),
  )
  let rows: SessionRow[] = lists.length === 1 ? lists[0]!.rows : lists.flatMap((l) => l.rows)
  if (c.o.search !== undefined) rows = searchSessions(rows, c.o.search)
  const major = lists[0]?.major ?? 16
  const licenses = c.o.withLicenses ? LICENSE_COLUMNS : []
  await print(
    c,
    rows as unknown as Row[],
    [...sessionColumns(major), ...licenses],
    [
      { key: 'sessionId', title: 'session-id', kind: 'number' },
      { key: 'userName', title: 'user', kind: 'string' },
      { key: 'infobaseName', title: 'infobase', kind: 'string' },
      { key: 'appId', title: 'app-id', kind: 'string' },
      { key: 'host', title: 'host', kind: 'string' },
      ...(major >= 10 ? [{ key: 'clientIp', title: 'client-ip', kind: 'string' as const }] : []),
      { key: 'startedAt', title: 'started-at', kind: 'datetime' },
      { key: 'lastActiveAt', title: 'last-active-at', kind: 'datetime' },
      { key: 'hibernate', title: 'sleeping', kind: 'boolean' },
      ...(c.o.withLicenses
        ? [
            { key: 'licenseSeries', title: 'licence-series', kind: 'string' as const },
            { key: 'licenseKind', title: 'licence-kind', kind: 'string' as const },
            { key: 'licenseServer', title: 'licence-server', kind: 'string' as const },
          ]
        : []),
      { key: 'session', title: 'session', kind: 'string' },
    ],
  )
  return 0
}

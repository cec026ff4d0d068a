/**
 * `clusterdesk record` (samples every cluster of a server into the history database until
 * stopped) and `clusterdesk history top` (who consumed the most in a period). Times are the
 * server's wall clock (docs/architecture.md §5), and say so.
 */
import { join } from 'node:path'
import { serverTimeText } from '../../src-shared/server-time'
import type { HistoryStore, OpenedHistory, TopResult } from '../history/history-port'
import { HISTORY_FILE_NAME } from '../history/history-port'
import { buildSample, sampleTime } from '../history/sample'
import { defaultUserDataDir } from '../paths'
import { failureLine } from './failure'
import { PROFILE_ID, sessionService, type CommandContext } from './context'
import { counted, terminalText, toCsv, toTable, type Column, type Row } from './output'
import { runUntilStopped } from './until-stopped'

export function historyFile(c: CommandContext): string {
  return c.o.historyFile ?? join(defaultUserDataDir(c.io.env), HISTORY_FILE_NAME)
}

/** better-sqlite3 is native: loaded only by the commands that need it. */
async function openStore(c: CommandContext): Promise<HistoryStore> {
  const { openHistory } = await import('../history/history-file')
  const opened: OpenedHistory = openHistory(historyFile(c))
  if (opened.keptAside) {
    const k = opened.keptAside
    c.io.stderr.write(
      `clusterdesk: the history file ${k.file} was damaged (${k.why}); it was moved to ${k.movedTo} ` +
        `and a new, empty history was started\n`,
    )
  }
  return opened.store
}

// --- record -------------------------------------------------------------------------------------

export async function runRecord(c: CommandContext): Promise<number> {
  const store = await openStore(c)
  const sessions = sessionService(c)
  const server = c.directory.facts(PROFILE_ID).server
  // Retention and the size cap come with the file (the app's history settings); so does the
  // interval unless --every gives one.
  const everyMs = c.o.everyMs ?? store.settings().everySeconds * 1000
  try {
    c.io.stderr.write(
      `clusterdesk: recording ${terminalText(server)} every ${everyMs / 1000} s into ${store.file}; Ctrl+C stops\n`,
    )
    await runUntilStopped({
      everyMs: everyMs,
      round: () => recordRound(c, store, sessions),
      recovered: () => c.io.stderr.write(`clusterdesk: ${terminalText(server)} answers again\n`),
      failed: (e, failures) => {
        const delay = Math.min(everyMs * 2 ** (failures - 1), Math.max(everyMs, 300_000))
        c.io.stderr.write(
          `clusterdesk: ${terminalText(server)} unreachable (${terminalText(failureLine(e))}); retrying in ${Math.round(delay / 1000)} s\n`,
        )
        return delay
      },
    })
    return 0
  } finally {
    store.close()
  }
}

async function recordRound(
  c: CommandContext,
  store: HistoryStore,
  sessions: ReturnType<typeof sessionService>,
): Promise<void> {
  const server = c.directory.facts(PROFILE_ID).server
  const clusters = await c.pool.run(PROFILE_ID, null, ({ client }) => client.listClusters())
  const wanted = c.o.cluster ? clusters.filter((x) => x.cluster === c.o.cluster) : clusters
  for (const cluster of wanted) {
    const list = await sessions.listSessions(PROFILE_ID, cluster.cluster)
    const at = sampleTime(list.serverNow, Date.now())
    const sample = buildSample({ cluster: cluster.cluster, server, clusterName: cluster.name }, at, list.sessions)
    let outcome
    for (let attempt = 1; ; attempt++) {
      try {
        outcome = store.record(sample)
        break
      } catch (e) {
        // Another writer held the file past the busy timeout: try again rather than lose the sample.
        if ((e as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= 5) throw e
      }
    }
    c.io.stdout.write(
      `${serverTimeText(at)} (server time)  ${terminalText(cluster.name)}  ${counted(sample.totals.sessions, 'session')}, ` +
        `${outcome.written} written${outcome.keyframe ? ' (full)' : ''}\n`,
    )
  }
}

// --- history top --------------------------------------------------------------------------------

export async function runHistory(c: CommandContext): Promise<number> {
  const store = await openStore(c)
  try {
    const server = c.directory.facts(PROFILE_ID).server
    const newest = store.newest(c.o.cluster ? undefined : server)
    const to = c.o.to ?? (newest === null ? sampleTime(null, Date.now()) : newest + 1)
    const from = c.o.from ?? to - c.o.sinceMs
    const result = store.top({
      from,
      to,
      by: c.o.by,
      limit: c.o.limit,
      ...(c.o.cluster ? { cluster: c.o.cluster } : { server }),
    })
    printTop(c, result)
    if (result.samples === 0) {
      c.io.stderr.write(
        `clusterdesk: no samples of ${terminalText(server)} in that period in ${store.file} (clusterdesk record writes them)\n`,
      )
    }
    return 0
  } finally {
    store.close()
  }
}

const round = (x: number) => Math.round(x)

function printTop(c: CommandContext, r: TopResult): void {
  const counters = (x: { consumption: Record<string, number> }) => ({
    cpuMs: round(x.consumption.cpu!),
    memoryBytes: round(x.consumption.memory!),
    dbmsMs: round(x.consumption.dbms!),
    calls: round(x.consumption.calls!),
  })
  const users = r.users.map((u, i) => ({
    rank: i + 1,
    cluster: u.cluster,
    userName: u.userName,
    sessions: u.sessions,
    ...counters(u),
  }))
  const sessions = r.sessions.map((s, i) => ({
    rank: i + 1,
    cluster: s.cluster,
    session: s.session,
    sessionId: s.sessionId,
    userName: s.userName,
    infobaseName: s.infobaseName,
    appId: s.appId,
    host: s.host,
    ...counters(s),
  }))
  const from = serverTimeText(r.from)
  const to = serverTimeText(r.to)
  if (c.o.format === 'json') {
    c.io.stdout.write(
      `${JSON.stringify({ timeZone: 'server', from: from.replace(' ', 'T'), to: to.replace(' ', 'T'), by: r.by, samples: r.samples, users, sessions })}\n`,
    )
    return
  }
  const counterColumns: Column[] = [
    { key: 'cpuMs', kind: 'number' },
    { key: 'memoryBytes', kind: 'number' },
    { key: 'dbmsMs', kind: 'number' },
    { key: 'calls', kind: 'number' },
  ]
  if (c.o.format === 'csv') {
    const rows: Row[] = [
      ...users.map((u) => ({ kind: 'user', ...u, from, to })),
      ...sessions.map((s) => ({ kind: 'session', ...s, from, to })),
    ]
    const columns: Column[] = [
      { key: 'kind', kind: 'string' },
      { key: 'rank', kind: 'number' },
      { key: 'cluster', kind: 'string' },
      { key: 'userName', kind: 'string' },
      { key: 'sessions', kind: 'number' },
      { key: 'session', kind: 'string' },
      { key: 'sessionId', kind: 'number' },
      { key: 'infobaseName', kind: 'string' },
      { key: 'appId', kind: 'string' },
      { key: 'host', kind: 'string' },
      ...counterColumns,
      { key: 'from', kind: 'string' },
      { key: 'to', kind: 'string' },
    ]
    c.io.stdout.write(toCsv(rows, columns))
    return
  }
  const titled = (cols: Column[]) => cols.map((col) => ({ ...col, title: col.key }))
  c.io.stdout.write(
    `Top users by ${r.by}, ${from} – ${to} (server time), ${counted(r.samples, 'sample')}\n` +
      toTable(
        users,
        titled([
          { key: 'rank', kind: 'number' },
          { key: 'userName', kind: 'string' },
          { key: 'sessions', kind: 'number' },
          ...counterColumns,
        ]),
      ) +
      `\nTop sessions by ${r.by}\n` +
      toTable(
        sessions,
        titled([
          { key: 'rank', kind: 'number' },
          { key: 'sessionId', kind: 'number' },
          { key: 'userName', kind: 'string' },
          { key: 'infobaseName', kind: 'string' },
          { key: 'appId', kind: 'string' },
          ...counterColumns,
          { key: 'session', kind: 'string' },
        ]),
      ),
  )
}

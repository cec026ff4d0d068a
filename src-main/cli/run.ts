/**
 * `clusterdesk` commands over the same services the app uses (ClusterPool, SessionService,
 * LockService, AuditLog). Only the result goes to stdout; a failure is one line on stderr.
 * Heavy or rarely needed modules (conf for --profile, the simulator) are loaded on demand so a
 * plain `sessions --json` starts fast.
 */
import { join } from 'node:path'
import type {
  InfobaseCredentials,
  LockState,
  ProtectionLevel,
  SessionRow,
  TerminateReport,
} from '../../src-shared/contract'
import { defaultUserDataDir } from '../paths'
import { fieldsAt, type RecordDef } from '../ras/record'
import { ClusterInfo } from '../ras/records/cluster'
import { SessionInfo } from '../ras/records/session'
import { AUDIT_FILE_NAME, AuditLog } from '../services/audit'
import { ClusterPool } from '../services/cluster-pool'
import type { ClusterTarget, InfobaseLogin, ProfileDirectory, ProfileFacts } from '../services/directory'
import { describeError, ServiceError, toApiError } from '../services/errors'
import { formatServerTime, LockService } from '../services/locks'
import { ServerClock } from '../services/server-clock'
import { searchSessions } from '../services/session-search'
import { SessionService } from '../services/sessions'
import { parseCli, UsageError, USAGE, type CliOptions } from './args'
import { terminalText, toCsv, toJson, toKeyValues, toTable, type Column, type Kind, type Row } from './output'

export interface CliIo {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
  env: NodeJS.ProcessEnv
  /** A hidden prompt when stdin is a terminal; null when it is not. */
  prompt: ((question: string) => Promise<string>) | null
}

const PROFILE_ID = 'cli'

/** Runs one command line; resolves to the exit status (0 ok, 1 failure, 2 bad usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseCli(argv)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    io.stderr.write(`clusterdesk: ${e.message}\n\n${USAGE}`)
    return 2
  }
  if (parsed.kind === 'help') {
    io.stdout.write(USAGE)
    return 0
  }
  if (parsed.kind === 'simulator') {
    const { runSimulatorCli } = await import('../simulator/cli')
    await runSimulatorCli(parsed.argv)
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  }
  const o = parsed.options
  let pool: ClusterPool | null = null
  try {
    const directory = await cliDirectory(o, io)
    pool = new ClusterPool(directory, {
      maxConnections: 4,
      idleMs: 5_000,
      connectTimeoutMs: Math.min(o.timeoutMs ?? 5_000, 5_000),
      requestTimeoutMs: o.timeoutMs ?? 30_000,
    })
    const status = await COMMAND_RUNNERS[o.command]({ o, io, pool, directory })
    return status
  } catch (e) {
    // Some usage can only be judged against the server (a --to already past on its clock).
    if (e instanceof UsageError) {
      io.stderr.write(`clusterdesk: ${e.message}\n\n${USAGE}`)
      return 2
    }
    io.stderr.write(`clusterdesk: ${terminalText(failureLine(e))}\n`)
    return 1
  } finally {
    await pool?.dispose()
  }
}

export function failureLine(e: unknown): string {
  if (e instanceof CliFailure) return e.message
  const error = toApiError(e)
  const text = describeError(error)
  switch (error.code) {
    case 'AUTH':
      return `cluster administrator login refused: ${text}`
    case 'INFOBASE_AUTH_REQUIRED':
      return `infobase administrator login needed (--infobase-user/--infobase-pwd): ${text}`
    case 'INTERNAL':
      return `internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`
    default:
      return text
  }
}

/** A failure the CLI words itself (printed as is). */
export class CliFailure extends Error {}

// --- where to connect ---------------------------------------------------------------------------

interface CliDirectory extends ProfileDirectory {
  /** Infobase credentials for lock/unlock (flags, env, prompt or the profile's user). */
  infobaseCredentials(infobase: string): Promise<InfobaseCredentials>
}

async function cliDirectory(o: CliOptions, io: CliIo): Promise<CliDirectory> {
  let host = o.host ?? ''
  let port = o.port
  let user = o.clusterUser ?? ''
  let name = `${host}:${port}`
  let protection: ProtectionLevel = 'normal'
  let savedPassword: 'sealed' | 'ask' | 'none' = 'none'
  let savedInfobaseUsers: Array<{ infobase: string; user: string }> = []
  if (o.profile !== undefined) {
    const profile = await loadProfile(o.profile, io)
    host = profile.host
    port = profile.port
    user = o.clusterUser ?? profile.clusterUser
    name = profile.name
    protection = profile.protection
    savedPassword = profile.hasClusterPassword ? 'sealed' : profile.askClusterPassword ? 'ask' : 'none'
    savedInfobaseUsers = profile.infobaseCredentials
  }
  const server = `${host}:${port}`
  let password: string | null = null
  const clusterPassword = async (): Promise<string> => {
    if (password !== null) return password
    password =
      o.clusterPwd ??
      io.env.CLUSTERDESK_CLUSTER_PWD ??
      (user && io.prompt ? await io.prompt(`Cluster administrator password for ${user}@${server}: `) : null)
    if (password === null) {
      if (savedPassword === 'sealed') {
        throw new CliFailure(
          `the saved password of profile "${name}" is sealed by the ClusterDesk app (OS encryption) and cannot be opened from the command line; pass --cluster-pwd, set CLUSTERDESK_CLUSTER_PWD or run in a terminal to be asked`,
        )
      }
      if (savedPassword === 'ask') {
        throw new CliFailure(
          `profile "${name}" asks for the cluster password every time; pass --cluster-pwd, set CLUSTERDESK_CLUSTER_PWD or run in a terminal to be asked`,
        )
      }
      password = ''
    }
    return password
  }
  const facts: ProfileFacts = { name, protection, server }
  return {
    async target(): Promise<ClusterTarget> {
      return { host, port, user, password: await clusterPassword() }
    },
    facts: () => facts,
    infobaseLogin: async (): Promise<InfobaseLogin | null> => null,
    rememberInfobaseLogin: async () => undefined,
    async infobaseCredentials(infobase: string): Promise<InfobaseCredentials> {
      const ibUser = o.infobaseUser ?? savedInfobaseUsers.find((c) => c.infobase === infobase)?.user ?? ''
      const ibPassword =
        o.infobasePwd ??
        io.env.CLUSTERDESK_INFOBASE_PWD ??
        (ibUser && io.prompt ? await io.prompt(`Infobase administrator password for ${ibUser}: `) : '')
      return { user: ibUser, password: ibPassword, remember: false }
    },
  }
}

async function loadProfile(name: string, io: CliIo) {
  const [{ ProfileService }, { openConfStore }, { SecretUnavailableError }] = await Promise.all([
    import('../services/profiles'),
    import('../services/conf-store'),
    import('../services/ports'),
  ])
  const dir = defaultUserDataDir(io.env)
  const unavailable = () => Promise.reject(new SecretUnavailableError('sealed passwords need the ClusterDesk app'))
  const profiles = new ProfileService({
    openStore: openConfStore(dir),
    secretBox: { isAvailable: async () => false, seal: unavailable, open: unavailable },
  })
  const aside = profiles.keptAsideFiles[0]
  if (aside) {
    throw new CliFailure(
      `the saved profiles file ${aside.file} is damaged (${aside.why}). It was moved to ${aside.movedTo} ` +
        `so nothing in it is lost, and the ClusterDesk app will say so when it starts. To get the ` +
        `profiles back: close ClusterDesk, repair that file (plain JSON) and put it back as ${aside.file}, ` +
        `replacing the new one.`,
    )
  }
  let found
  let known: string[]
  try {
    found = profiles.findByName(name)
    known = found ? [] : profiles.list().map((p) => `"${terminalText(p.name)}"`)
  } catch (e) {
    throw new CliFailure(`cannot read the saved profiles in ${dir}: ${toApiError(e).message}`)
  }
  if (!found) {
    throw new CliFailure(
      `no saved profile named "${terminalText(name)}" in ${join(dir, 'profiles.json')}${known.length ? ` (profiles: ${known.join(', ')})` : ''}`,
    )
  }
  if (found.demo) {
    throw new CliFailure(
      `"${name}" is the app's demo profile; run "clusterdesk simulator" and use --host/--port instead`,
    )
  }
  return found
}

// --- commands -----------------------------------------------------------------------------------

interface Context {
  o: CliOptions
  io: CliIo
  pool: ClusterPool
  directory: CliDirectory
}

const COMMAND_RUNNERS: Record<CliOptions['command'], (c: Context) => Promise<number>> = {
  clusters: runClusters,
  infobases: runInfobases,
  sessions: runSessions,
  terminate: runTerminate,
  lock: (c) => runLock(c, true),
  unlock: (c) => runLock(c, false),
}

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

function print(c: Context, rows: Row[], columns: Column[], table: Array<Column & { title: string }>): void {
  const out =
    c.o.format === 'json' ? toJson(rows, columns) : c.o.format === 'csv' ? toCsv(rows, columns) : toTable(rows, table)
  c.io.stdout.write(out)
}

async function runClusters(c: Context): Promise<number> {
  const { clusters, major } = await c.pool.run(PROFILE_ID, null, async ({ client }) => ({
    clusters: await client.listClusters(),
    major: client.versionMajor,
  }))
  print(c, clusters, recordColumns(ClusterInfo, major, ['unknownV16']), [
    { key: 'cluster', title: 'cluster', kind: 'string' },
    { key: 'name', title: 'name', kind: 'string' },
    { key: 'host', title: 'host', kind: 'string' },
    { key: 'port', title: 'port', kind: 'number' },
  ])
  return 0
}

async function runInfobases(c: Context): Promise<number> {
  const cluster = c.o.cluster!
  const list = await c.pool.run(PROFILE_ID, cluster, ({ client }) => client.listInfobases(cluster))
  const columns: Column[] = [
    { key: 'infobase', kind: 'string' },
    { key: 'name', kind: 'string' },
    { key: 'descr', kind: 'string' },
  ]
  print(
    c,
    list,
    columns,
    columns.map((col) => ({ ...col, title: col.key })),
  )
  return 0
}

function sessionService(c: Context, audit: AuditLog | null = null): SessionService {
  return new SessionService(c.directory, c.pool, audit, new ServerClock())
}

async function runSessions(c: Context): Promise<number> {
  const sessions = sessionService(c)
  const clusters = c.o.cluster
    ? [c.o.cluster]
    : (await c.pool.run(PROFILE_ID, null, ({ client }) => client.listClusters())).map((x) => x.cluster)
  const lists = await Promise.all(
    clusters.map(async (cluster) => {
      const { rows, protocolVersion } = await sessions.listSessionRows(PROFILE_ID, cluster, c.o.infobase)
      for (const row of rows) (row as SessionRow & { cluster: string }).cluster = cluster
      return { rows, major: Number.parseInt(protocolVersion, 10) }
    }),
  )
  let rows: SessionRow[] = lists.length === 1 ? lists[0]!.rows : lists.flatMap((l) => l.rows)
  if (c.o.search !== undefined) rows = searchSessions(rows, c.o.search)
  const major = lists[0]?.major ?? 16
  const columns: Column[] = [{ key: 'cluster', kind: 'string' }]
  for (const col of recordColumns(SessionInfo, major, ['licenses'])) {
    columns.push(col)
    if (col.key === 'infobase') columns.push({ key: 'infobaseName', kind: 'string' })
  }
  print(c, rows as unknown as Row[], columns, [
    { key: 'sessionId', title: 'session-id', kind: 'number' },
    { key: 'userName', title: 'user', kind: 'string' },
    { key: 'infobaseName', title: 'infobase', kind: 'string' },
    { key: 'appId', title: 'app-id', kind: 'string' },
    { key: 'host', title: 'host', kind: 'string' },
    ...(major >= 10 ? [{ key: 'clientIp', title: 'client-ip', kind: 'string' as const }] : []),
    { key: 'startedAt', title: 'started-at', kind: 'datetime' },
    { key: 'lastActiveAt', title: 'last-active-at', kind: 'datetime' },
    { key: 'hibernate', title: 'sleeping', kind: 'boolean' },
    { key: 'session', title: 'session', kind: 'string' },
  ])
  return 0
}

function auditLog(c: Context): AuditLog {
  return new AuditLog(join(defaultUserDataDir(c.io.env), AUDIT_FILE_NAME))
}

async function runTerminate(c: Context): Promise<number> {
  const sessions = sessionService(c, auditLog(c))
  const cluster = c.o.cluster!
  const report: TerminateReport = c.o.all
    ? await sessions.terminateAllSessions(PROFILE_ID, cluster, {
        infobase: c.o.infobase,
        includeService: c.o.includeService,
        message: c.o.message,
      })
    : await sessions.terminateSessions(PROFILE_ID, cluster, c.o.sessions, c.o.message)
  const rows = report.results.map((r) => ({
    session: r.session,
    sessionId: r.sessionId,
    userName: r.userName,
    outcome: r.outcome,
    error: r.error ? describeError(r.error) : null,
  }))
  const columns: Column[] = [
    { key: 'session', kind: 'string' },
    { key: 'sessionId', kind: 'number' },
    { key: 'userName', kind: 'string' },
    { key: 'outcome', kind: 'string' },
    { key: 'error', kind: 'string' },
  ]
  if (c.o.format === 'json') c.io.stdout.write(toJson(rows, columns))
  else if (rows.length === 0) c.io.stdout.write('no sessions to terminate\n')
  else
    c.io.stdout.write(
      toTable(rows, [
        { key: 'outcome', title: 'outcome', kind: 'string' },
        { key: 'sessionId', title: 'session-id', kind: 'number' },
        { key: 'userName', title: 'user', kind: 'string' },
        { key: 'session', title: 'session', kind: 'string' },
        { key: 'error', title: 'reason', kind: 'string' },
      ]),
    )
  if (report.failed > 0) {
    const first = rows.find((r) => r.outcome === 'failed')!
    c.io.stderr.write(
      `clusterdesk: ${report.failed} of ${rows.length} session(s) could not be terminated: ${terminalText(String(first.error))}\n`,
    )
    return 1
  }
  return 0
}

const LOCK_COLUMNS: Column[] = [
  { key: 'infobase', kind: 'string' },
  { key: 'name', kind: 'string' },
  { key: 'sessionsDeny', kind: 'boolean' },
  { key: 'active', kind: 'boolean' },
  { key: 'phase', kind: 'string' },
  { key: 'serverNow', kind: 'datetime' },
  { key: 'deniedFrom', kind: 'datetime' },
  { key: 'deniedTo', kind: 'datetime' },
  { key: 'deniedMessage', kind: 'string' },
  { key: 'permissionCode', kind: 'string' },
  { key: 'deniedParameter', kind: 'string' },
  { key: 'scheduledJobsDeny', kind: 'boolean' },
]

async function runLock(c: Context, lock: boolean): Promise<number> {
  const locks = new LockService(c.directory, c.pool, auditLog(c), new ServerClock())
  const cluster = c.o.cluster!
  const infobase = c.o.infobase!
  if (c.directory.facts(PROFILE_ID).protection === 'read-only') {
    throw new ServiceError('READ_ONLY', `profile "${c.directory.facts(PROFILE_ID).name}" is read-only`)
  }
  await c.directory.target(PROFILE_ID) // ask for the cluster password before the infobase one
  if (lock && c.o.to !== null) {
    // An end already past is bad usage, judged on the server's clock (the service would refuse it too).
    const now = await locks.serverTime(PROFILE_ID, cluster)
    if (now !== null && c.o.to <= now) {
      throw new UsageError(
        `--to ${formatServerTime(c.o.to)} has already passed on the server: its time is about ${formatServerTime(
          Math.floor(now / 60_000) * 60_000,
        )} (server time)`,
      )
    }
  }
  const credentials = await c.directory.infobaseCredentials(infobase)
  const state: LockState = lock
    ? await locks.setLock(
        PROFILE_ID,
        cluster,
        infobase,
        {
          message: c.o.message,
          permissionCode: c.o.permissionCode,
          from: c.o.from,
          to: c.o.to,
          scheduledJobsDeny: c.o.scheduledJobs,
        },
        credentials,
      )
    : await locks.clearLock(PROFILE_ID, cluster, infobase, credentials)
  const row = state as unknown as Row
  if (c.o.format === 'json') c.io.stdout.write(toJson([row], LOCK_COLUMNS))
  else
    c.io.stdout.write(
      toKeyValues({ ...row, phase: lockStatus(state) }, [
        ...LOCK_COLUMNS.filter((col) => col.key !== 'phase' && col.key !== 'serverNow'),
        { key: 'phase', kind: 'string' },
      ]),
    )
  return 0
}

/** The lock's phase in words, judged on the server's clock when it was read. */
export function lockStatus(state: LockState): string {
  const now =
    state.serverNow === null
      ? 'server time unknown: it shows no sessions to learn it from'
      : `server time now ${formatServerTime(state.serverNow)}`
  switch (state.phase) {
    case 'off':
      return 'off: sessions allowed'
    case 'active':
      return `in effect now${state.deniedTo === null ? '' : ` until ${formatServerTime(state.deniedTo)}`} (${now})`
    case 'scheduled':
      return `scheduled: starts at ${formatServerTime(state.deniedFrom)} (${now})`
    case 'expired':
      return `expired: ended at ${formatServerTime(state.deniedTo)} (${now})`
  }
}

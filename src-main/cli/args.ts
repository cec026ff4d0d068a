/**
 * Command-line parsing for `clusterdesk` (node:util parseArgs, no dependency). Options follow
 * `rac` where rac has one (--cluster, --cluster-user, --cluster-pwd, --infobase, --infobase-user,
 * --infobase-pwd, --session, --permission-code, --scheduled-jobs …).
 */
import { parseArgs } from 'node:util'
import { unsafeTextReason } from '../../src-shared/unsafe-text'
import { DEFAULT_RAS_PORT, hostProblem, isRasPort, isUuid } from '../../src-shared/validate'
import { terminalText } from './output'

export const COMMANDS = [
  'clusters',
  'infobases',
  'sessions',
  'processes',
  'licenses',
  'blocking',
  'terminate',
  'lock',
  'unlock',
  'record',
  'history',
  'watch',
  'simulator',
] as const
export type Command = (typeof COMMANDS)[number]

export class UsageError extends Error {}

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  profile: { type: 'string' },
  cluster: { type: 'string' },
  'cluster-user': { type: 'string' },
  'cluster-pwd': { type: 'string' },
  infobase: { type: 'string' },
  'infobase-user': { type: 'string' },
  'infobase-pwd': { type: 'string' },
  session: { type: 'string', multiple: true },
  all: { type: 'boolean' },
  'include-service': { type: 'boolean' },
  search: { type: 'string' },
  message: { type: 'string' },
  'permission-code': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'scheduled-jobs': { type: 'boolean' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  'with-licenses': { type: 'boolean' },
  timeout: { type: 'string' },
  every: { type: 'string' },
  history: { type: 'string' },
  since: { type: 'string' },
  by: { type: 'string' },
  limit: { type: 'string' },
  rules: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

type OptionName = keyof typeof OPTIONS

const CONNECTION: OptionName[] = ['host', 'port', 'profile', 'timeout', 'help']
const CLUSTER_LOGIN: OptionName[] = ['cluster', 'cluster-user', 'cluster-pwd']
const INFOBASE_LOGIN: OptionName[] = ['infobase', 'infobase-user', 'infobase-pwd']

const ALLOWED: Record<Exclude<Command, 'simulator'>, OptionName[]> = {
  clusters: [...CONNECTION, 'json', 'csv'],
  infobases: [...CONNECTION, ...CLUSTER_LOGIN, 'json', 'csv'],
  sessions: [...CONNECTION, ...CLUSTER_LOGIN, 'infobase', 'search', 'with-licenses', 'json', 'csv'],
  processes: [...CONNECTION, ...CLUSTER_LOGIN, 'json', 'csv'],
  licenses: [...CONNECTION, ...CLUSTER_LOGIN, 'json', 'csv'],
  blocking: [...CONNECTION, ...CLUSTER_LOGIN, 'json', 'csv'],
  terminate: [...CONNECTION, ...CLUSTER_LOGIN, 'infobase', 'session', 'all', 'include-service', 'message', 'json'],
  lock: [
    ...CONNECTION,
    ...CLUSTER_LOGIN,
    ...INFOBASE_LOGIN,
    'message',
    'permission-code',
    'from',
    'to',
    'scheduled-jobs',
    'json',
  ],
  unlock: [...CONNECTION, ...CLUSTER_LOGIN, ...INFOBASE_LOGIN, 'json'],
  record: [...CONNECTION, ...CLUSTER_LOGIN, 'every', 'history'],
  watch: [...CONNECTION, ...CLUSTER_LOGIN, 'every', 'rules', 'json'],
  history: [
    'host',
    'port',
    'profile',
    'help',
    'cluster',
    'history',
    'since',
    'from',
    'to',
    'by',
    'limit',
    'json',
    'csv',
  ],
}

export const HISTORY_ACTIONS = ['top'] as const
export const HISTORY_METRICS = ['cpu', 'memory', 'dbms', 'calls'] as const

export interface CliOptions {
  command: Exclude<Command, 'simulator'>
  help: boolean
  host?: string
  port: number
  profile?: string
  cluster?: string
  clusterUser?: string
  clusterPwd?: string
  infobase?: string
  infobaseUser?: string
  infobasePwd?: string
  sessions: string[]
  all: boolean
  includeService: boolean
  search?: string
  /** sessions: add each session's licence (series, kind, licence server). */
  withLicenses: boolean
  message: string
  permissionCode: string
  /** Server wall-clock ms, or null (now). */
  from: number | null
  to: number | null
  scheduledJobs: boolean
  format: 'table' | 'json' | 'csv'
  timeoutMs?: number
  /** record: ms between samples (default 60 s). */
  /** null: the interval saved in the history settings (default 60 s). */
  everyMs: number | null
  /** record, history: the database file (default history.sqlite in the user-data folder). */
  historyFile?: string
  /** history: what to show. */
  historyAction?: (typeof HISTORY_ACTIONS)[number]
  /** history top: the period back from the newest sample, ms (default 24 h); --from/--to win. */
  sinceMs: number
  by: (typeof HISTORY_METRICS)[number]
  limit: number
  /** watch: a JSON file of rules (changes from the defaults) and pins. */
  rulesFile?: string
}

export type Parsed =
  { kind: 'help'; command?: Command } | { kind: 'simulator'; argv: string[] } | { kind: 'run'; options: CliOptions }

export function parseCli(argv: string[]): Parsed {
  const [command, ...rest] = argv
  if (command === undefined) throw new UsageError('a command is required')
  if (command === '--help' || command === '-h' || command === 'help') {
    return { kind: 'help', command: rest[0] as Command | undefined }
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(command.startsWith('-') ? 'the command comes first' : `unknown command "${command}"`)
  }
  if (command === 'simulator') return { kind: 'simulator', argv: rest }
  const cmd = command as CliOptions['command']
  let values: Partial<Record<OptionName, string | boolean | string[]>>
  let positionals: string[]
  try {
    ;({ values, positionals } = parseArgs({ args: rest, options: OPTIONS, strict: true, allowPositionals: true }))
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''))
  }
  if (values.help) return { kind: 'help', command: cmd }
  let historyAction: CliOptions['historyAction']
  if (cmd === 'history') {
    const action = positionals.shift()
    if (action === undefined) throw new UsageError('say what to show: clusterdesk history top …')
    if (!(HISTORY_ACTIONS as readonly string[]).includes(action))
      throw new UsageError(`unknown history view "${action}"`)
    historyAction = action as CliOptions['historyAction']
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`)
  for (const name of Object.keys(values) as OptionName[]) {
    if (!ALLOWED[cmd].includes(name)) throw new UsageError(`option --${name} does not apply to "${cmd}"`)
  }
  const str = (name: OptionName) => values[name] as string | undefined
  const bool = (name: OptionName) => values[name] === true

  const host = str('host')
  const profile = str('profile')
  if (host !== undefined && profile !== undefined) throw new UsageError('give either --host or --profile, not both')
  if (host === undefined && profile === undefined) throw new UsageError('--host (or --profile) is required')
  for (const [option, value, problem] of [
    ['host', host, hostProblem],
    ['profile', profile, unsafeTextReason],
  ] as const) {
    const why = value === undefined ? null : problem(value)
    if (why) throw new UsageError(`--${option} "${terminalText(value!)}" ${why}`)
  }
  const portText = str('port')
  if (portText !== undefined && profile !== undefined) throw new UsageError('--port comes from the profile')
  const port = portText === undefined ? DEFAULT_RAS_PORT : Number(portText)
  if (!isRasPort(port)) throw new UsageError(`--port must be 1–65535 (got "${portText}")`)

  const uuid = (name: OptionName) => {
    const v = str(name)
    if (v === undefined) return undefined
    if (!isUuid(v))
      throw new UsageError(`--${name} must be a UUID like 1a2b3c4d-0000-0000-0000-000000000000 (got "${v}")`)
    return v.toLowerCase()
  }
  const cluster = uuid('cluster')
  const infobase = uuid('infobase')
  const sessions = ((values.session as string[] | undefined) ?? []).map((s) => {
    if (!isUuid(s)) throw new UsageError(`--session must be a session UUID (got "${s}")`)
    return s.toLowerCase()
  })

  if (bool('json') && bool('csv')) throw new UsageError('choose one of --json and --csv')
  const format = bool('json') ? 'json' : bool('csv') ? 'csv' : 'table'

  let timeoutMs: number | undefined
  const timeout = str('timeout')
  if (timeout !== undefined) {
    const seconds = Number(timeout)
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
      throw new UsageError(`--timeout is in seconds, 0.1–3600 (got "${timeout}")`)
    }
    timeoutMs = Math.round(seconds * 1000)
  }

  const everyCluster: readonly string[] = [
    'clusters',
    'sessions',
    'processes',
    'licenses',
    'blocking',
    'record',
    'history',
    'watch',
  ]
  const needsCluster = !everyCluster.includes(cmd)
  if (needsCluster && !cluster) throw new UsageError(`--cluster is required for "${cmd}"`)
  if (infobase && cmd === 'sessions' && !cluster) throw new UsageError('--infobase needs --cluster')
  if (cmd === 'terminate') {
    if (sessions.length > 0 && bool('all')) throw new UsageError('give either --session or --all, not both')
    if (sessions.length === 0 && !bool('all'))
      throw new UsageError('say which sessions: --session UUID … or --infobase UUID --all')
    if (bool('all') && !infobase) throw new UsageError('--all needs --infobase (sessions of one infobase)')
    if (sessions.length > 0 && infobase) throw new UsageError('--infobase goes with --all, not with --session')
    if (bool('include-service') && !bool('all')) throw new UsageError('--include-service goes with --all')
  }
  if ((cmd === 'lock' || cmd === 'unlock') && !infobase) throw new UsageError(`--infobase is required for "${cmd}"`)
  const from = parseServerTime(str('from'), 'from')
  const to = parseServerTime(str('to'), 'to')
  if (from !== null && to !== null && to <= from) throw new UsageError('--to must be later than --from')
  const everyMs = str('every') === undefined ? null : durationMs(str('every'), 'every', 60_000, 1_000, 86_400_000)
  const sinceMs = durationMs(str('since'), 'since', 86_400_000, 60_000, 400 * 86_400_000)
  const by = str('by') ?? 'cpu'
  if (!(HISTORY_METRICS as readonly string[]).includes(by)) {
    throw new UsageError(`--by must be one of ${HISTORY_METRICS.join(', ')} (got "${by}")`)
  }
  const limitText = str('limit')
  const limit = limitText === undefined ? 10 : Number(limitText)
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit must be 1–10000')
  const historyFile = str('history')
  if (historyFile !== undefined && historyFile.trim() === '') throw new UsageError('--history needs a file name')
  const message = str('message') ?? ''
  if (message.length > 1024) throw new UsageError('--message is longer than 1024 characters')

  return {
    kind: 'run',
    options: {
      command: cmd,
      help: false,
      host: host?.trim(),
      port,
      profile,
      cluster,
      clusterUser: str('cluster-user'),
      clusterPwd: str('cluster-pwd'),
      infobase,
      infobaseUser: str('infobase-user'),
      infobasePwd: str('infobase-pwd'),
      sessions,
      all: bool('all'),
      includeService: bool('include-service'),
      search: str('search'),
      withLicenses: bool('with-licenses'),
      message,
      permissionCode: str('permission-code') ?? '',
      from,
      to,
      scheduledJobs: bool('scheduled-jobs'),
      format,
      timeoutMs,
      everyMs,
      historyFile,
      historyAction,
      sinceMs,
      by: by as CliOptions['by'],
      limit,
      rulesFile: str('rules'),
    },
  }
}

/** "90s", "5m", "24h", "7d" or plain seconds, within [min, max] ms; undefined → the default. */
export function durationMs(text: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/.exec(text.trim())
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m?.[2] ?? 's') as 's']
  const ms = m ? Math.round(Number(m[1]) * unit) : NaN
  if (!(ms >= min && ms <= max)) {
    throw new UsageError(`--${flag} must be a duration like 90s, 5m, 24h or 7d (got "${text}")`)
  }
  return ms
}

/** "YYYY-MM-DD HH:mm[:ss]" (or with T) as a server wall-clock time; undefined → null. */
export function parseServerTime(text: string | undefined, flag: string): number | null {
  if (text === undefined) return null
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim())
  if (!m) throw new UsageError(`--${flag} must look like "YYYY-MM-DD HH:mm" in server time (got "${text}")`)
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as number[]
  const ms = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!)
  const back = new Date(ms)
  if (back.getUTCMonth() !== mo! - 1 || back.getUTCDate() !== d! || h! > 23 || mi! > 59 || s! > 59) {
    throw new UsageError(`--${flag} is not a real date and time (got "${text}")`)
  }
  return ms
}

export const USAGE = `Usage: clusterdesk <command> [options]

Manage 1C:Enterprise cluster sessions over the RAS protocol (like rac, without the 1C platform).

Commands:
  clusters    --host H [--port ${DEFAULT_RAS_PORT}]                                       list the server's clusters
  infobases   --host H --cluster UUID                                      list a cluster's infobases
  sessions    --host H [--cluster UUID] [--infobase UUID] [--search TEXT]  list sessions
              [--with-licenses]                                            (no --cluster: every cluster of the server)
  processes   --host H [--cluster UUID]                                    working processes: server, memory, available
              performance, sessions and connections; turned-off and restarting ones
  licenses    --host H [--cluster UUID]                                    licences held, by licence server, series and
              kind (software / HASP); sleeping sessions holding one; unique users
  blocking    --host H [--cluster UUID]                                    every blocked session's chain up to the head
              blocker, with the head's user, current call and DBMS time
  terminate   --host H --cluster UUID (--session UUID … | --infobase UUID --all [--include-service])
              [--message TEXT]                                             end sessions
  lock        --host H --cluster UUID --infobase UUID [--message TEXT] [--permission-code CODE]
              [--from "YYYY-MM-DD HH:mm"] [--to "YYYY-MM-DD HH:mm"] [--scheduled-jobs]
                                                                           deny new sessions
  unlock      --host H --cluster UUID --infobase UUID                      allow sessions again
  record      --profile NAME [--every 60s] [--history FILE]                record every cluster's sessions
              into the history database until Ctrl+C (or SIGTERM)
  history top --profile NAME [--since 24h | --from … --to …] [--by cpu|memory|dbms|calls] [--limit 10]
                                                                           top users and sessions of a period
  watch       --profile NAME [--every 15s] [--rules FILE] [--json]        print an alert line whenever a
              watch rule fires or clears, until Ctrl+C (README "Watch and alerts")
  simulator   [options]                                                    run a fake RAS server (--help)

Connection:
  --host H                 RAS host (the ras service, not the cluster manager)
  --port P                 RAS port (default ${DEFAULT_RAS_PORT})
  --profile NAME           use a profile saved by the ClusterDesk app instead of --host/--port/users
  --cluster-user U         cluster administrator (--cluster-pwd P, or CLUSTERDESK_CLUSTER_PWD)
  --infobase-user U        infobase administrator for lock/unlock (--infobase-pwd P, or CLUSTERDESK_INFOBASE_PWD)
  --timeout S              seconds to wait for each answer (default 30)

Output:
  --json                   one JSON array; keys are the RAS field names in camelCase,
                           times "YYYY-MM-DDTHH:mm:ss" in the server's wall-clock time
  --csv                    CSV for Excel (UTF-8 with BOM, ";" separated)
  (default)                a readable table

History:
  --history FILE           the history database (default history.sqlite next to the saved profiles)
  --every D                record: time between samples (90s, 5m …; default: the app's
                           history setting, 60s unless changed)
  --since D                history: the period back from the newest sample (default 24h)
  --by M                   history top: rank by cpu (ms), memory (bytes), dbms (ms) or calls
                           consumed in the period (from the sessions' 5-minute counters)

Watch:
  --rules FILE             JSON: the rules to change from the defaults and the sessions or users to pin,
                           e.g. {"longCallSeconds": 120, "pins": [{"userName": "Иванов"}]}
  --every D                watch: time between looks (default 15s)

Options:
  --with-licenses          sessions: add each session's licence series, kind and licence server
  --session UUID           a session to end (repeat for several)
  --all                    every session of --infobase (background and system jobs only with
                           --include-service)
  --message TEXT           shown to the users whose sessions end / who are locked out
  --permission-code CODE   code that still lets users in while the infobase is locked
  --from, --to             lock period as the server's wall clock shows it (default: from the
                           server's own now, open-ended); --to must not be past on the server
  --scheduled-jobs         also deny scheduled jobs while locked
  -h, --help               this help

Passwords not given as options come from CLUSTERDESK_CLUSTER_PWD / CLUSTERDESK_INFOBASE_PWD or,
in a terminal, from a hidden prompt. Exit status: 0 success, 1 failure (one line on stderr),
2 bad usage.
`

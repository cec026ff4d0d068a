/** `terminate`: one outcome per session, audited like the app's (docs/architecture.md §3.6). */
import type { TerminateReport } from '../../src-shared/contract'
import { describeError } from '../services/errors'
import { auditLog, PROFILE_ID, sessionService, type CommandContext } from './context'
import { terminalText, toJson, toTable, type Column } from './output'

export async function runTerminate(c: CommandContext): Promise<number> {
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

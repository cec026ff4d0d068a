/** `lock` and `unlock` of an infobase, judged on the server's clock (docs/architecture.md §5). */
import type { LockState } from '../../src-shared/contract'
import { ServiceError } from '../services/errors'
import { serverTimeText } from '../../src-shared/server-time'
import { LockService } from '../services/locks'
import { ServerClock } from '../services/server-clock'
import { UsageError } from './args'
import { auditLog, PROFILE_ID, type CommandContext } from './context'
import { toJson, toKeyValues, type Column, type Row } from './output'

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

export async function runLock(c: CommandContext, lock: boolean): Promise<number> {
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
        `--to ${serverTimeText(c.o.to)} has already passed on the server: its time is about ${serverTimeText(
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
      : `server time now ${serverTimeText(state.serverNow)}`
  switch (state.phase) {
    case 'off':
      return 'off: sessions allowed'
    case 'active':
      return `in effect now${state.deniedTo === null ? '' : ` until ${serverTimeText(state.deniedTo)}`} (${now})`
    case 'scheduled':
      return `scheduled: starts at ${serverTimeText(state.deniedFrom)} (${now})`
    case 'expired':
      return `expired: ended at ${serverTimeText(state.deniedTo)} (${now})`
  }
}

/**
 * The infobase list with each one's lock standing, as the tabs show it and the watch (issue 19)
 * judges it: the list, then a probe of the locks (each at most once a minute), then the badges.
 */
import type { InfobaseDto } from '../../src-shared/contract'
import type { LockService } from './locks'
import type { SessionService } from './sessions'

export async function infobasesWithLocks(
  sessions: SessionService,
  locks: LockService,
  profileId: string,
  cluster: string,
): Promise<InfobaseDto[]> {
  const list = await sessions.listInfobases(profileId, cluster)
  await locks.probeLocks(
    profileId,
    cluster,
    list.map((ib) => ib.infobase),
  )
  return list.map((ib) => ({ ...ib, ...sessions.lockBadge(profileId, cluster, ib.infobase) }))
}

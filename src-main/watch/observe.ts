/**
 * One look at a cluster, taken the way the app shows it: the session list and the infobases with
 * their lock standing (services/infobase-badges.ts, locks probed at most once a minute). The app's
 * recorder and `clusterdesk watch` both look through here. A failed list becomes the
 * "unreachable" part of the observation, with the server's own text.
 */
import type { InfobaseDto } from '../../src-shared/contract'
import { sampleTime } from '../history/sample'
import { toApiError } from '../services/errors'
import { infobasesWithLocks } from '../services/infobase-badges'
import type { LockService } from '../services/locks'
import type { SessionService } from '../services/sessions'
import type { ClusterObservation, LockObservation } from './observation'

export interface WatchServices {
  sessions: SessionService
  locks: LockService
}

function locksOf(infobases: InfobaseDto[]): LockObservation[] {
  return infobases.flatMap((ib) =>
    ib.lock ? [{ infobase: ib.infobase, infobaseName: ib.name, standing: ib.lock }] : [],
  )
}

export async function observeCluster(
  s: WatchServices,
  profileId: string,
  cluster: string,
  lastAt: number | null,
  desktopMs: number,
): Promise<ClusterObservation> {
  let list
  try {
    list = await s.sessions.listSessions(profileId, cluster)
  } catch (e) {
    const error = toApiError(e)
    return {
      profileId,
      cluster,
      at: sampleTime(lastAt, desktopMs),
      reach: {
        ok: false,
        code: error.code,
        message: error.message,
        ...(error.serverMessage ? { serverMessage: error.serverMessage } : {}),
      },
    }
  }
  // The server's now; when the list did not say, the last known (or the desktop's wall clock).
  const at = list.serverNow ?? sampleTime(lastAt, desktopMs)
  let locks: LockObservation[] | undefined
  try {
    locks = locksOf(await infobasesWithLocks(s.sessions, s.locks, profileId, cluster))
  } catch {
    locks = undefined // the infobases could not be read this time: lock episodes stay as they are
  }
  return { profileId, cluster, at, reach: { ok: true }, sessions: list.sessions, ...(locks ? { locks } : {}) }
}

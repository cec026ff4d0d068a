/**
 * What the cluster's working servers carry and what its sessions' licences add up to, counted from
 * one session list — shared by the screens (around.ts `machinery`, `licenses`) and the watch's
 * once-a-minute look (issue 19, src-main/watch/around-look.ts), which reads only what these
 * counts need: the working processes and servers and one session list (docs/protocol.md §6.8,
 * §6.9, §6.5) — no infobases, connections, locks or cluster info.
 */
import type { LicenseSummary, ProcessDto, WorkingServerDto } from '../../src-shared/around-contract'
import type { ProcessRecord, ServerRecord, SessionRecord } from '../ras/records'
import type { ClusterPool } from './cluster-pool'
import { summarizeLicenses } from './license-summary'
import { processDtos, serverDtos } from './machinery-view'
import { licenseDto } from './sessions'

export interface Machinery {
  processes: ProcessDto[]
  servers: WorkingServerDto[]
}

/** The working processes and servers with the sessions of one list counted on them. */
export function machineryOf(
  processes: readonly ProcessRecord[],
  servers: readonly ServerRecord[],
  sessions: readonly SessionRecord[],
): Machinery {
  const withLoad = processDtos(processes, servers, sessions)
  return { processes: withLoad, servers: serverDtos(servers, withLoad) }
}

/** The licences the sessions hold, summed up (license-summary.ts). */
export function licencesOf(sessions: readonly SessionRecord[]): LicenseSummary {
  return summarizeLicenses(
    sessions.map((r) => ({ userName: r.userName, hibernate: r.hibernate, licenses: r.licenses.map(licenseDto) })),
  )
}

/** A cluster's servers and licences as the watch needs them; a part that could not be read is absent. */
export interface ClusterLoad {
  servers?: WorkingServerDto[]
  licences?: LicenseSummary
}

/**
 * One pooled read: the working processes and servers, then the session list. Servers without
 * their sessions would all look idle, so a failed session list fails the whole read (neither
 * part); a failed processes or servers read leaves the servers out and the licences in. The list
 * is read last so that a socket found dead by the first request fails it too and the pool can
 * retry the read on a fresh connection (cluster-pool.ts).
 */
export function readClusterLoad(pool: ClusterPool, profileId: string, cluster: string): Promise<ClusterLoad> {
  return pool.run(profileId, cluster, async ({ client }) => {
    let workers: { processes: ProcessRecord[]; servers: ServerRecord[] } | null
    try {
      workers = {
        processes: await client.listWorkingProcesses(cluster),
        servers: await client.listWorkingServers(cluster),
      }
    } catch {
      workers = null
    }
    const sessions = await client.listSessions(cluster)
    return {
      ...(workers ? { servers: machineryOf(workers.processes, workers.servers, sessions).servers } : {}),
      licences: licencesOf(sessions),
    }
  })
}

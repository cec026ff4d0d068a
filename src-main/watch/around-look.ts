/**
 * The parts of a look that need more than the session list (issue 19): the working servers with
 * their sessions (idle-server) and the licences in use (licences %). Both read the cluster's
 * machinery or a full session list again, so they are taken at most once a minute per cluster;
 * a failed read leaves its part out (its episodes stay as they are).
 */
import type { ClusterLicenses, ClusterMachinery } from '../../src-shared/around-contract'
import type { LicenceUse, ServerObservation } from './observation'

export interface AroundReader {
  machinery(profileId: string, cluster: string): Promise<ClusterMachinery>
  licenses(profileId: string, cluster: string): Promise<ClusterLicenses>
}

export const AROUND_EVERY_MS = 60_000

/** Licences in use against those the series allow (series with a known limit only). */
export function licenceUse(l: Pick<ClusterLicenses, 'groups'>): LicenceUse | undefined {
  let used = 0
  let available = 0
  for (const g of l.groups) {
    if (g.maxUsers <= 0) continue
    used += g.sessions
    available += g.maxUsers
  }
  return available > 0 ? { used, available } : undefined
}

export async function aroundParts(
  around: AroundReader,
  profileId: string,
  cluster: string,
): Promise<{ servers?: ServerObservation[]; licences?: LicenceUse }> {
  // One after the other: the watch's reads never take more than their share of the pool.
  const [machinery] = await Promise.allSettled([around.machinery(profileId, cluster)])
  const [licences] = await Promise.allSettled([around.licenses(profileId, cluster)])
  const use = licences.status === 'fulfilled' ? licenceUse(licences.value) : undefined
  return {
    ...(machinery.status === 'fulfilled'
      ? { servers: machinery.value.servers.map((s) => ({ name: s.name, sessions: s.sessions })) }
      : {}),
    ...(use ? { licences: use } : {}),
  }
}

/** When each cluster's around parts were last taken (desktop ms): at most once a minute. */
export class AroundSchedule {
  private readonly last = new Map<string, number>()
  due(profileId: string, cluster: string, desktopMs: number): boolean {
    const key = `${profileId}\n${cluster}`
    const at = this.last.get(key)
    if (at !== undefined && desktopMs - at < AROUND_EVERY_MS) return false
    this.last.set(key, desktopMs)
    return true
  }
}

/**
 * The around looks of every cluster share a few slots: a fleet of 50 opened at once reads its
 * servers and licences two clusters at a time, behind the lists the admin is waiting for, rather
 * than 100 reads (and every session's licences decoded in main) at once (bench item 5). A stalled
 * server holds one slot until its request times out; the others go on in the rest.
 */
export class AroundSlots {
  private running = 0
  private readonly waiting: Array<() => void> = []
  constructor(private readonly size = 2) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    while (this.running >= this.size) await new Promise<void>((wake) => this.waiting.push(wake))
    this.running++
    try {
      return await task()
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
  }
}

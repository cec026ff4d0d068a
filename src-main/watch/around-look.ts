/**
 * The parts of a look that need more than the session list (issue 19): the working servers with
 * their sessions (idle-server) and the licences in use (licences %). They cost a read of the
 * cluster's processes, servers and a full session list (services/around-load.ts), so they are
 * taken at most once a minute per cluster; a part that could not be read is left out (its
 * episodes stay as they are). The app's watch and `clusterdesk watch` both look through here.
 */
import type { LicenseSummary, WorkingServerDto } from '../../src-shared/around-contract'
import type { ClusterObservation, LicenceUse, ServerObservation } from './observation'

/** What one around read brings; a part that could not be read is absent. */
export interface AroundRead {
  servers?: ReadonlyArray<Pick<WorkingServerDto, 'name' | 'sessions'>>
  licences?: Pick<LicenseSummary, 'groups'>
}

export interface AroundReader {
  /** The servers with their sessions and the licences in use, in one read (AroundService.load). */
  load(profileId: string, cluster: string): Promise<AroundRead>
}

export const AROUND_EVERY_MS = 60_000

/** Licences in use against those the series allow (series with a known limit only). */
export function licenceUse(l: Pick<LicenseSummary, 'groups'>): LicenceUse | undefined {
  let used = 0
  let available = 0
  for (const g of l.groups) {
    if (g.maxUsers <= 0) continue
    used += g.sessions
    available += g.maxUsers
  }
  return available > 0 ? { used, available } : undefined
}

export interface AroundParts {
  servers?: ServerObservation[]
  licences?: LicenceUse
}

export async function aroundParts(around: AroundReader, profileId: string, cluster: string): Promise<AroundParts> {
  let read: AroundRead
  try {
    read = await around.load(profileId, cluster)
  } catch {
    return {} // the session list, which both parts need, could not be read
  }
  const use = read.licences ? licenceUse(read.licences) : undefined
  return {
    ...(read.servers ? { servers: read.servers.map((s) => ({ name: s.name, sessions: s.sessions })) } : {}),
    ...(use ? { licences: use } : {}),
  }
}

/**
 * The around look of a cluster as an observation of its own, placed at `at()` (asked once the
 * read is done); null when neither part could be read, so that it ends and starts nothing.
 */
export async function aroundLook(
  around: AroundReader,
  profileId: string,
  cluster: string,
  at: () => number,
): Promise<ClusterObservation | null> {
  const parts = await aroundParts(around, profileId, cluster)
  if (!parts.servers && !parts.licences) return null
  return { profileId, cluster, at: at(), reach: { ok: true }, ...parts }
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

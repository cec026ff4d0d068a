/**
 * The demo profile (docs/architecture.md §8.3): it points at the embedded simulator wherever that
 * listens in this run, keeps what the user changed about it, and never stores a password.
 */
import type { StoredProfile } from '../../../src-shared/profile-schema'
import type { DemoCluster } from '../ports'

export type DemoWhere = Awaited<ReturnType<DemoCluster['start']>>

/** The demo profile to save: `existing` (the one already saved, if any) refreshed to `where`. */
export function demoProfile(existing: StoredProfile | undefined, where: DemoWhere, newId: string): StoredProfile {
  return {
    id: existing?.id ?? newId,
    name: existing?.name ?? 'Demo cluster',
    group: existing?.group ?? 'Demo',
    host: where.host,
    port: where.port,
    clusterUser: where.clusterUser,
    clusterPasswordSealed: null,
    askClusterPassword: false,
    infobaseCredentials: existing?.infobaseCredentials ?? [],
    label: existing?.label ?? 'test',
    refreshInterval: existing?.refreshInterval ?? 10,
    protection: existing?.protection ?? 'normal',
    demo: true,
    // The demo comes with history (issue 17): recorded in the background unless the user turned it off.
    recordHistory: existing?.recordHistory ?? true,
    watch: existing?.watch ?? { rules: {}, pins: [] },
  }
}

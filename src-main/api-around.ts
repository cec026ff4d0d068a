/**
 * The calls of src-shared/around-contract.ts over AroundService: their argument schemas (spread
 * into api.ts's ARGUMENTS, validated there like every other call) and their implementation
 * (spread into createApi's methods). Read-only calls: no audit, no read-only check.
 */
import { z } from 'zod'
import type { AroundApi, SessionsOn } from '../src-shared/around-contract'
import { profileIdSchema as profileId } from '../src-shared/profile-schema'
import { UUID_PATTERN } from '../src-shared/validate'
import type { Services } from './services'

const uuid = z.string().max(36).regex(UUID_PATTERN, 'expected a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)')

/** A working process or a connection, never both. */
export const sessionsOnSchema = z.union([
  z.object({ process: uuid }).strict(),
  z.object({ connection: uuid }).strict(),
]) satisfies z.ZodType<SessionsOn>

export const AROUND_ARGUMENTS: { [M in keyof AroundApi]: readonly z.ZodType[] } = {
  getSessionSurroundings: [profileId, uuid, uuid],
  listSessionsOn: [profileId, uuid, sessionsOnSchema],
  getClusterMachinery: [profileId, uuid],
  getClusterLicenses: [profileId, uuid],
  getFleetLicenses: [],
  getBlockingChains: [profileId, uuid],
}

export function aroundImpl({ around }: Services): { [M in keyof AroundApi]: (...args: never[]) => Promise<unknown> } {
  return {
    getSessionSurroundings: (id: string, cluster: string, session: string) => around.surroundings(id, cluster, session),
    listSessionsOn: (id: string, cluster: string, on: SessionsOn) => around.sessionsOn(id, cluster, on),
    getClusterMachinery: (id: string, cluster: string) => around.machinery(id, cluster),
    getClusterLicenses: (id: string, cluster: string) => around.licenses(id, cluster),
    getFleetLicenses: () => around.fleetLicenses(),
    getBlockingChains: (id: string, cluster: string) => around.blocking(id, cluster),
  }
}

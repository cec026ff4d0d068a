/**
 * What the cluster pool, sessions and locks need to know about a profile. ProfileService
 * implements it over the saved profiles; the CLI implements it for one host given on the
 * command line.
 */
import type { ProtectionLevel } from '../../src-shared/contract'

export interface ClusterTarget {
  host: string
  port: number
  /** Cluster administrator; '' when the cluster has none. */
  user: string
  password: string
}

export interface InfobaseLogin {
  user: string
  password: string
}

export interface ProfileFacts {
  name: string
  protection: ProtectionLevel
  /** "host:port" for the audit log. */
  server: string
}

export interface ProfileDirectory {
  /** Where and as whom to connect. Throws ServiceError NOT_FOUND / PASSWORD_REQUIRED / SECRET_UNAVAILABLE. */
  target(profileId: string): Promise<ClusterTarget>
  /** Throws ServiceError NOT_FOUND. */
  facts(profileId: string): ProfileFacts
  /** Remembered (or given earlier in this run) infobase admin credentials, or null. */
  infobaseLogin(profileId: string, infobase: string): Promise<InfobaseLogin | null>
  /** Keeps credentials that worked: in memory for this run, and sealed in the profile when `persist`. */
  rememberInfobaseLogin(profileId: string, infobase: string, login: InfobaseLogin, persist: boolean): Promise<void>
  /** The server rejected the cluster password: forget a password given for this run only. */
  clusterPasswordRejected?(profileId: string): void
}

/**
 * One look at a cluster, as the watch (issue 19) evaluates it: what a refresh or the background
 * recorder already read. Parts that were not read this time are left out, and the rules that need
 * them neither fire nor clear (a failed lock probe must not end a lock's episode).
 */
import type { LockStanding, SessionTable } from '../../src-shared/contract'

export interface LockObservation {
  infobase: string
  infobaseName: string
  standing: LockStanding
}

export interface ServerObservation {
  name: string
  sessions: number
}

export interface LicenceUse {
  used: number
  available: number
}

export type Reachability = { ok: true } | { ok: false; code: string; message: string; serverMessage?: string }

export interface ClusterObservation {
  profileId: string
  cluster: string
  /** The server's now (its wall clock, ms); for a failed read, the last known estimate. */
  at: number
  reach: Reachability
  sessions?: SessionTable
  locks?: LockObservation[]
  servers?: ServerObservation[]
  licences?: LicenceUse
}

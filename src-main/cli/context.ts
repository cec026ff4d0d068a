/** What every command receives, and the services a command builds over the shared pool. */
import { join } from 'node:path'
import { defaultUserDataDir } from '../paths'
import { AUDIT_FILE_NAME, AuditLog } from '../services/audit'
import type { ClusterPool } from '../services/cluster-pool'
import { ServerClock } from '../services/server-clock'
import { SessionService } from '../services/sessions'
import type { CliOptions } from './args'
import type { CliDirectory } from './directory'

export interface CliIo {
  /** Text, or JSON bytes in chunks (`once('drain')`, when present, is awaited as a stream's). */
  stdout: { write(chunk: string | Buffer): unknown; once?(event: 'drain', listener: () => void): unknown }
  stderr: { write(text: string): unknown }
  env: NodeJS.ProcessEnv
  /** A hidden prompt when stdin is a terminal; null when it is not. */
  prompt: ((question: string) => Promise<string>) | null
}

/** The one host of a run, as the services' profile id (docs/architecture.md §3.5). */
export const PROFILE_ID = 'cli'

export interface CommandContext {
  o: CliOptions
  io: CliIo
  pool: ClusterPool
  directory: CliDirectory
}

export function sessionService(c: CommandContext, audit: AuditLog | null = null): SessionService {
  return new SessionService(c.directory, c.pool, audit, new ServerClock())
}

/** The audit file the app writes too (docs/architecture.md §7.5). */
export function auditLog(c: CommandContext): AuditLog {
  return new AuditLog(join(defaultUserDataDir(c.io.env), AUDIT_FILE_NAME))
}

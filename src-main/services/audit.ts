/**
 * AuditLog: every destructive action (terminate, interrupt, lock, unlock) as one JSON line in a
 * file in the user data folder. Entries are built from explicit fields only, so a password can
 * never end up in the file.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { AuditEntry } from '../../src-preload/contract'
import { toApiError } from './errors'
import { systemClock, type Clock } from './ports'

/** The audit file's name in the user data folder (the app and the CLI write the same file). */
export const AUDIT_FILE_NAME = 'audit.jsonl'

export type AuditRecordInput = Omit<AuditEntry, 'time'>

export class AuditLog {
  private writing: Promise<void> = Promise.resolve()

  constructor(
    readonly file: string,
    private readonly clock: Clock = systemClock,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Appends one entry; never throws (a failing audit write is logged, not fatal to the action). */
  record(input: AuditRecordInput): Promise<void> {
    const entry: AuditEntry = {
      time: new Date(this.clock.now()).toISOString(),
      action: input.action,
      profile: input.profile,
      server: input.server,
      cluster: input.cluster,
      ...(input.infobase !== undefined ? { infobase: input.infobase } : {}),
      ...(input.sessions !== undefined
        ? { sessions: input.sessions.map((s) => ({ userName: s.userName, sessionId: s.sessionId })) }
        : {}),
      ...(input.message !== undefined ? { message: input.message } : {}),
      outcome: input.outcome,
    }
    const line = JSON.stringify(entry) + '\n'
    const write = async () => {
      try {
        await mkdir(dirname(this.file), { recursive: true })
        await appendFile(this.file, line, 'utf8')
      } catch (e) {
        this.log(`audit: cannot write ${this.file}: ${(e as Error).message}`)
      }
    }
    this.writing = this.writing.then(write)
    return this.writing
  }

  /** The newest `limit` entries, newest first. Unreadable lines are skipped. */
  async read(limit: number): Promise<AuditEntry[]> {
    await this.writing
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw e
    }
    const lines = text.split('\n')
    const out: AuditEntry[] = []
    for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
      const line = lines[i]!.trim()
      if (!line) continue
      try {
        const entry = JSON.parse(line) as AuditEntry
        if (entry && typeof entry === 'object' && typeof entry.action === 'string') out.push(entry)
      } catch {
        // a torn or hand-edited line: skip it
      }
    }
    return out
  }
}

/**
 * Runs a destructive action and writes it to the audit log either way: `outcome(value)` when it
 * succeeds, `failed: <code>` when it throws (the error is rethrown).
 */
export async function audited<T>(
  audit: AuditLog | null,
  entry: Omit<AuditRecordInput, 'outcome'>,
  action: () => Promise<T>,
  outcome: (value: T) => string,
): Promise<T> {
  let value: T
  try {
    value = await action()
  } catch (e) {
    await audit?.record({ ...entry, outcome: `failed: ${toApiError(e).code}` })
    throw e
  }
  await audit?.record({ ...entry, outcome: outcome(value) })
  return value
}

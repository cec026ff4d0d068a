/**
 * AuditLog: every destructive action (terminate, interrupt, lock, unlock) as one JSON line in a
 * file in the user data folder. Entries are built from explicit fields only, so a password can
 * never end up in the file.
 */
import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { AuditEntry } from '../../src-shared/contract'
import { describeError, toApiError } from './errors'
import { appendLine, newestValues } from './json-lines'
import { systemClock, type Clock } from './ports'

/** The audit file's name in the user data folder (the app and the CLI write the same file). */
export const AUDIT_FILE_NAME = 'audit.jsonl'

export type AuditRecordInput = Omit<AuditEntry, 'time'>

/** What `read` found besides the entries: lines it had to skip. */
export interface AuditReadReport {
  /** Damaged lines skipped (torn, cut short, hand-edited, not an entry). */
  skipped: number
}

export class AuditLog {
  private writing: Promise<void> = Promise.resolve()
  /** What the last `read` skipped. */
  lastRead: AuditReadReport = { skipped: 0 }
  /** Told of every entry as it is written (the history marks the app's actions on the timeline). */
  onRecord: ((entry: AuditEntry) => void) | null = null

  constructor(
    readonly file: string,
    private readonly clock: Clock = systemClock,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Appends one entry; never throws (a failing audit write is logged, not fatal to the action). */
  record(input: AuditRecordInput): Promise<void> {
    let line: Buffer
    let entry: AuditEntry
    try {
      entry = entryOf(input, this.clock.now())
      line = Buffer.from(JSON.stringify(entry) + '\n', 'utf8')
    } catch (e) {
      this.log(`audit: cannot write an entry to ${this.file}: ${(e as Error).message}`)
      return this.writing
    }
    try {
      this.onRecord?.(entry)
    } catch (e) {
      this.log(`audit: a listener failed: ${(e as Error).message}`)
    }
    const write = async () => {
      try {
        await mkdir(dirname(this.file), { recursive: true })
        await appendLine(this.file, line)
      } catch (e) {
        this.log(`audit: cannot write ${this.file}: ${(e as Error).message}`)
      }
    }
    this.writing = this.writing.then(write)
    return this.writing
  }

  /**
   * The newest `limit` entries, newest first. A damaged line is skipped, counted in `lastRead`
   * and logged, never a failure: the rest of the log stays readable.
   */
  async read(limit: number): Promise<AuditEntry[]> {
    await this.writing
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        this.lastRead = { skipped: 0 }
        return []
      }
      throw e
    }
    const { values, skipped } = newestValues(text, limit, parseEntry)
    this.lastRead = { skipped }
    if (skipped > 0) this.log(`audit: skipped ${skipped} damaged line(s) in ${this.file}`)
    return values
  }
}

/** An entry from explicit fields only: whatever else the input carries never reaches the file. */
function entryOf(input: AuditRecordInput, now: number): AuditEntry {
  const time = new Date(now)
  return {
    time: Number.isNaN(time.getTime()) ? new Date().toISOString() : time.toISOString(),
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
}

function parseEntry(line: string): AuditEntry | null {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const e = value as Record<string, unknown>
  const texts = ['time', 'action', 'profile', 'server', 'cluster', 'outcome'] as const
  if (texts.some((k) => typeof e[k] !== 'string')) return null
  if (e.infobase !== undefined && typeof e.infobase !== 'string') return null
  if (e.message !== undefined && typeof e.message !== 'string') return null
  if (
    e.sessions !== undefined &&
    !(
      Array.isArray(e.sessions) &&
      e.sessions.every(
        (s: unknown) =>
          typeof s === 'object' &&
          s !== null &&
          typeof (s as Record<string, unknown>).userName === 'string' &&
          typeof (s as Record<string, unknown>).sessionId === 'number',
      )
    )
  ) {
    return null
  }
  return value as AuditEntry
}

/** Handed to an audited action: it calls `applied()` once its change has reached the server. */
export interface AuditStep {
  applied(): void
}

/** `CODE: text` of a failure, for an outcome; unknown exceptions keep their first line. */
export function failureText(e: unknown): string {
  const error = toApiError(e)
  const text =
    error.code === 'INTERNAL' && e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : describeError(error)
  return `${error.code}: ${text}`
}

/**
 * Runs a destructive action and writes it to the audit log whatever happens: `outcome(value)`
 * when it succeeds, `failed: …` when it throws before reaching the server, `applied, then
 * failed: …` when it throws after `step.applied()` (re-reading, a callback). An outcome text that
 * cannot be built is recorded as such and does not fail the action, which did happen. The
 * action's own error is rethrown after the entry is written.
 */
export async function audited<T>(
  audit: AuditLog | null,
  entry: Omit<AuditRecordInput, 'outcome'>,
  action: (step: AuditStep) => Promise<T>,
  outcome: (value: T) => string,
): Promise<T> {
  let applied = false
  let value: T
  try {
    value = await action({ applied: () => void (applied = true) })
  } catch (e) {
    await audit?.record({ ...entry, outcome: `${applied ? 'applied, then failed' : 'failed'}: ${failureText(e)}` })
    throw e
  }
  let text: string
  try {
    text = outcome(value)
  } catch (e) {
    text = `done; the outcome could not be described: ${failureText(e)}`
  }
  await audit?.record({ ...entry, outcome: text })
  return value
}

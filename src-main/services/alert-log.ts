/**
 * AlertLog: the notification centre's alerts kept across a restart (an update overnight, a
 * crash) — one JSON line per alert in `alerts.jsonl` beside the audit log. At start the newest
 * ALERTS_KEPT are read back; the file is cut back to them once it holds twice as many.
 */
import { randomUUID } from 'node:crypto'
import {
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import { WATCH_RULE_IDS, type WatchAlert, type WatchSubject } from '../../src-shared/watch-contract'
import { appendLineChecked, appendLinesSync, countLines, newestValues } from './json-lines'

/** The alert file's name in the user data folder, beside `audit.jsonl`. */
export const ALERTS_FILE_NAME = 'alerts.jsonl'
/** Alerts kept for the notification centre, in memory and in the file. */
export const ALERTS_KEPT = 500
/** The file is cut back to ALERTS_KEPT at start once it holds more than this many times as many lines. */
const COMPACT_AFTER = 2
/** Longer than any compaction (ms): a lock left by a killed process is removed after this. */
const LOCK_STALE_MS = 60_000
/** Appends written again after the file was replaced under them, before giving up (never seen twice). */
const REWRITES = 3

const text = z.string()
const figure = z.number() // finite: NaN and Infinity would come back as null

/** The stored shape, for writing and reading: an alert's own fields and nothing else (zod drops other keys). */
const storedAlert = z.object({
  id: text,
  rule: z.enum(WATCH_RULE_IDS),
  severity: z.enum(['info', 'warning', 'critical']),
  state: z.enum(['fired', 'cleared']),
  profileId: text,
  cluster: text,
  since: figure,
  at: figure,
  value: figure,
  threshold: figure,
  subject: z.object({
    session: text.optional(),
    sessionId: figure.optional(),
    userName: text.optional(),
    appId: text.optional(),
    host: text.optional(),
    infobase: text.optional(),
    infobaseName: text.optional(),
    server: text.optional(),
    blockedBy: figure.optional(),
  }),
  errorCode: text.optional(),
  serverMessage: text.optional(),
}) satisfies z.ZodType<WatchAlert>

type Stored = z.infer<typeof storedAlert>
type MustBeNever<T extends never> = T
/** Does not compile when WatchAlert gains a field the stored shape leaves out. */
export type StoredShapeCoversAlert = MustBeNever<
  Exclude<keyof WatchAlert, keyof Stored> | Exclude<keyof WatchSubject, keyof Stored['subject']>
>

export class AlertLog {
  private writing: Promise<void> = Promise.resolve()
  /** What the last `restore` skipped, and whether it cut the file back. */
  lastRead = { skipped: 0, compacted: false }

  constructor(
    readonly file: string,
    private readonly log: (line: string) => void = () => undefined,
    private readonly keep = ALERTS_KEPT,
  ) {}

  /**
   * At start, before this process appends: cuts the file back when it is long, then the newest
   * `keep` alerts, newest first. Synchronous (a few hundred KB), so the centre's first look at the
   * watch already has them. A damaged line is skipped, counted and logged; nothing here throws.
   */
  restore(): WatchAlert[] {
    let compacted = false
    try {
      compacted = this.compactIfLong()
    } catch (e) {
      this.log(`alerts: cannot cut ${this.file} back: ${(e as Error).message}`)
    }
    let content: string
    try {
      content = readFileSync(this.file, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.log(`alerts: cannot read ${this.file}: ${(e as Error).message}`)
      }
      this.lastRead = { skipped: 0, compacted }
      return []
    }
    // Distinct: a line written again after a compaction it raced with (appendLineChecked) counts once.
    const { values, skipped } = newestValues(content, this.keep, parseAlert, true)
    this.lastRead = { skipped, compacted }
    if (skipped > 0) this.log(`alerts: skipped ${skipped} damaged line(s) in ${this.file}`)
    return values
  }

  /** Appends one alert after those before it; never throws (a failing write is logged). */
  append(alert: WatchAlert): Promise<void> {
    let line: Buffer
    try {
      line = Buffer.from(JSON.stringify(storedAlert.parse(alert)) + '\n', 'utf8')
    } catch (e) {
      this.log(`alerts: cannot write alert ${alert.id} to ${this.file}: ${(e as Error).message}`)
      return this.writing
    }
    const write = async () => {
      try {
        await mkdir(dirname(this.file), { recursive: true })
        for (let attempt = 1; !(await appendLineChecked(this.file, line)); attempt++) {
          if (attempt >= REWRITES) throw new Error(`the file was replaced ${attempt} times while writing`)
        }
      } catch (e) {
        this.log(`alerts: cannot write ${this.file}: ${(e as Error).message}`)
      }
    }
    this.writing = this.writing.then(write)
    return this.writing
  }

  /** Resolves once every alert appended so far is written (or its failure logged). */
  written(): Promise<void> {
    return this.writing
  }

  /**
   * Another process (a second app, the web preview) may be appending while this one cuts the file
   * back, so nothing is rewritten in place: the newest alerts go to a temp file that replaces the
   * file by rename (a crash before it leaves the old file whole). A line appended to the old file
   * after it was read is saved twice over: this process copies what the old file gained by the
   * rename from its still-open descriptor, and a writer that finds the file replaced under its
   * line writes it again (appendLineChecked) — the reader drops the duplicate. One compaction at
   * a time (a lock file); a start that finds the lock taken reads without cutting back. The cost:
   * the file may briefly hold a few more lines, and a crash leaves a `.tmp` removed by the next one.
   */
  private compactIfLong(): boolean {
    let fd: number
    try {
      fd = openSync(this.file, 'r')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw e
    }
    try {
      const read = readFileSync(fd)
      // Up to the last complete line: one being written now is in the copy from `readTo` on.
      const readTo = read.lastIndexOf(0x0a) + 1
      const content = read.subarray(0, readTo).toString('utf8')
      if (countLines(content) <= COMPACT_AFTER * this.keep) return false
      const lock = this.takeLock()
      if (lock === null) return false
      try {
        this.removeLeftovers()
        const { values, skipped } = newestValues(content, this.keep, parseAlert, true)
        this.replaceWith(
          values
            .reverse()
            .map((a) => JSON.stringify(a) + '\n')
            .join(''),
        )
        this.copyLinesAddedSince(fd, readTo)
        const dropped = skipped > 0 ? ` (${skipped} damaged line(s) dropped)` : ''
        this.log(`alerts: cut ${this.file} back to the newest ${values.length} alerts${dropped}`)
        return true
      } finally {
        rmSync(lock, { force: true })
      }
    } finally {
      closeSync(fd)
    }
  }

  /** The compaction lock's path, or null when another process holds it (or left it: removed). */
  private takeLock(): string | null {
    const lock = `${this.file}.compacting`
    try {
      closeSync(openSync(lock, 'wx'))
      return lock
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    try {
      if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) {
        rmSync(lock, { force: true })
        this.log(`alerts: removed a compaction lock left by a stopped process (${lock})`)
      }
    } catch {
      // gone meanwhile: its owner finished
    }
    return null
  }

  /** Temp files of a compaction that crashed before its rename (only one compaction runs at a time). */
  private removeLeftovers(): void {
    const dir = dirname(this.file)
    const prefix = `${basename(this.file)}.`
    for (const name of readdirSync(dir)) {
      if (name.startsWith(prefix) && name.endsWith('.tmp')) rmSync(join(dir, name), { force: true })
    }
  }

  private replaceWith(content: string): void {
    const temp = `${this.file}.${randomUUID()}.tmp`
    try {
      const fd = openSync(temp, 'wx')
      try {
        writeFileSync(fd, content, 'utf8')
        fsyncSync(fd) // on disk before the rename makes it the file
      } finally {
        closeSync(fd)
      }
      renameSync(temp, this.file)
    } finally {
      rmSync(temp, { force: true })
    }
  }

  /** The complete lines appended to the old file (still open as `fd`) after `from`, added to the new one. */
  private copyLinesAddedSince(fd: number, from: number): void {
    const chunks: Buffer[] = []
    const chunk = Buffer.alloc(64 * 1024)
    for (let at = from; ;) {
      const n = readSync(fd, chunk, 0, chunk.length, at)
      if (n <= 0) break
      chunks.push(Buffer.from(chunk.subarray(0, n)))
      at += n
    }
    const added = Buffer.concat(chunks)
    // A line still being written is not complete here: its writer finds the file replaced and writes it again.
    const complete = added.subarray(0, added.lastIndexOf(0x0a) + 1)
    if (complete.length > 0) appendLinesSync(this.file, complete)
  }
}

function parseAlert(line: string): WatchAlert | null {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return null
  }
  const parsed = storedAlert.safeParse(value)
  return parsed.success ? parsed.data : null
}

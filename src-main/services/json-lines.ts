/**
 * JSON-lines files that several processes append to (the audit log, the alert log): each line is
 * added whole in one write, and a reader skips what it cannot use instead of failing.
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import { open, stat, type FileHandle } from 'node:fs/promises'

/**
 * One complete line in one write(2) on a file opened with O_APPEND (FILE_APPEND_DATA on
 * Windows): the OS puts each write at the end of the file whole, so the app and the CLI appending
 * at the same time neither lose nor interleave lines. fs.appendFile is not enough: it writes in
 * 512 KiB chunks, and a terminate of thousands of sessions makes a line longer than that.
 */
export async function appendLine(file: string, line: Buffer): Promise<void> {
  const handle = await open(file, 'a')
  try {
    await writeWhole(handle, line)
  } finally {
    await handle.close()
  }
}

/**
 * appendLine, then whether `file` is still the file the line went to. False: it was replaced
 * (compacted by a process that may have read it before this line arrived) or removed meanwhile,
 * so the line may be gone and the caller writes it again.
 */
export async function appendLineChecked(file: string, line: Buffer): Promise<boolean> {
  const handle = await open(file, 'a')
  try {
    await writeWhole(handle, line)
    const written = await handle.stat({ bigint: true })
    const now = await stat(file, { bigint: true }).catch(() => null)
    // bigint: a Windows file id does not fit a double
    return now !== null && written.dev === now.dev && written.ino === now.ino
  } finally {
    await handle.close()
  }
}

/** Complete lines added in one write on O_APPEND, as appendLine, for the synchronous start. */
export function appendLinesSync(file: string, lines: Buffer): void {
  const fd = openSync(file, 'a')
  try {
    for (let done = 0; done < lines.length;) {
      const n = writeSync(fd, lines, done, lines.length - done)
      if (n <= 0) throw new Error('nothing was written')
      done += n
    }
  } finally {
    closeSync(fd)
  }
}

async function writeWhole(handle: FileHandle, line: Buffer): Promise<void> {
  let done = 0
  // A short write happens only when the disk is full or the call is interrupted: finish the line.
  while (done < line.length) {
    const { bytesWritten } = await handle.write(line, done, line.length - done)
    if (bytesWritten <= 0) throw new Error('nothing was written')
    done += bytesWritten
  }
}

/** What a read of a JSON-lines file found besides its values. */
export interface LinesRead<T> {
  /** Newest first. */
  values: T[]
  /** Damaged lines skipped among those looked at (torn, cut short, hand-edited, not a value). */
  skipped: number
}

/**
 * The newest `limit` values of a JSON-lines text, newest first: `parse` turns a line into a value
 * or null (damaged: skipped and counted). `distinct`: a line identical to a newer one is the same
 * value written twice and is passed over without counting.
 */
export function newestValues<T>(
  text: string,
  limit: number,
  parse: (line: string) => T | null,
  distinct = false,
): LinesRead<T> {
  const lines = text.split('\n')
  const values: T[] = []
  const seen = new Set<string>()
  let skipped = 0
  for (let i = lines.length - 1; i >= 0 && values.length < limit; i--) {
    const line = lines[i]!.trim()
    if (!line) continue
    if (distinct) {
      if (seen.has(line)) continue
      seen.add(line)
    }
    const value = parse(line)
    if (value === null) skipped++
    else values.push(value)
  }
  return { values, skipped }
}

/** Lines holding anything (what a file's size is judged by). */
export function countLines(text: string): number {
  let n = 0
  for (const line of text.split('\n')) if (line.trim()) n++
  return n
}

/**
 * `sessions --json` straight from the wire: each session's fields are read from the reply and
 * written as JSON bytes at once (json-transcoder.ts), so no record, string, SessionRow,
 * server-clock sample or cache entry is made and no 10,000-session list lives long enough for the
 * GC to copy it (docs/architecture.md §8.1).
 * The bytes are held until every list has arrived, so a failure still prints nothing on stdout.
 */
import { RasError } from '../ras/errors'
import { SessionInfo } from '../ras/records/session'
import { PROFILE_ID, type CommandContext } from './context'
import { JsonBytes } from './json-bytes'
import { CLOSE, COMMA, EMPTY, OPEN, sendChunks } from './json-rows'
import { compileTranscoder } from './json-transcoder'
import type { Column, Row } from './output'

/** A cluster's infobase names (uuid → name) and the service version of the connection. */
async function infobaseNames(
  c: CommandContext,
  cluster: string,
): Promise<{ names: Map<string, string>; major: number }> {
  return c.pool.run(PROFILE_ID, cluster, async ({ client }) => {
    try {
      return {
        names: new Map((await client.listInfobases(cluster)).map((ib) => [ib.infobase, ib.name])),
        major: client.versionMajor,
      }
    } catch (e) {
      // Names are a nicety: a failing infobase list must not hide the sessions (as in SessionService).
      if (!(e instanceof RasError)) throw e
      return { names: new Map<string, string>(), major: client.versionMajor }
    }
  })
}

/** One cluster's sessions as JSON objects joined by commas, in byte chunks; and how many. */
async function clusterJson(
  c: CommandContext,
  cluster: string,
  names: ReadonlyMap<string, string>,
  columns: readonly Column[],
): Promise<{ chunks: Buffer[]; count: number }> {
  return c.pool.run(PROFILE_ID, cluster, async ({ client }) => {
    const transcode = compileTranscoder(SessionInfo, client.versionMajor, columns, {
      infobaseName: { from: 'infobase', value: (infobase) => names.get(infobase as string) ?? '' },
    })
    // Made afresh per attempt: the pool may retry a task on a new connection.
    const chunks: Buffer[] = []
    const w = new JsonBytes((chunk) => chunks.push(chunk))
    const over: Row = { cluster }
    const count = await client.readSessions(cluster, c.o.infobase ?? null, (r) => {
      if (w.written > 0) w.bytes(COMMA)
      transcode(r, w, over)
    })
    w.flush()
    return { chunks, count }
  })
}

/** Prints every session of `clusters` as one JSON array; `columnsAt` gives the columns of a version. */
export async function printSessionJson(
  c: CommandContext,
  clusters: readonly string[],
  columnsAt: (major: number) => Column[],
): Promise<number> {
  const named = await Promise.all(clusters.map((cluster) => infobaseNames(c, cluster)))
  // One column list for every cluster (as one JSON array has), from the first connection's version.
  const columns = columnsAt(named[0]?.major ?? 16)
  const lists = await Promise.all(clusters.map((cluster, i) => clusterJson(c, cluster, named[i]!.names, columns)))
  const parts: Uint8Array[] = []
  for (const list of lists) {
    if (list.count === 0) continue
    parts.push(parts.length === 0 ? OPEN : COMMA, ...list.chunks)
  }
  parts.push(parts.length === 0 ? EMPTY : CLOSE)
  await sendChunks(c.io.stdout, parts)
  return 0
}

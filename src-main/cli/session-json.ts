/**
 * `sessions --json` straight from the decoded records: the same text the row path prints, without
 * a SessionRow, a server-clock sample or a cache entry per session. A one-shot command keeps none
 * of those, and for 10,000 sessions they cost more than the decoding (docs/architecture.md §8.1).
 */
import { RasError } from '../ras/errors'
import type { SessionRecord } from '../ras/records'
import { PROFILE_ID, type CommandContext } from './context'
import { compileRowWriter, writeJsonArray } from './json-rows'
import type { Column, Row } from './output'

interface ClusterSessions {
  cluster: string
  records: SessionRecord[]
  /** infobase uuid → name, as SessionService.listSessionRows shows it. */
  names: ReadonlyMap<string, string>
  major: number
}

/** One cluster's sessions and its infobase names, on one pooled connection. */
async function clusterSessions(c: CommandContext, cluster: string): Promise<ClusterSessions> {
  const infobase = c.o.infobase
  return c.pool.run(PROFILE_ID, cluster, async ({ client }) => {
    const records = infobase ? await client.listInfobaseSessions(cluster, infobase) : await client.listSessions(cluster)
    let names = new Map<string, string>()
    try {
      names = new Map((await client.listInfobases(cluster)).map((ib) => [ib.infobase, ib.name]))
    } catch (e) {
      // Names are a nicety: a failing infobase list must not hide the sessions (as in SessionService).
      if (!(e instanceof RasError)) throw e
    }
    return { cluster, records, names, major: client.versionMajor }
  })
}

/** Prints every session of `clusters` as one JSON array; `columnsAt` gives the columns of a version. */
export async function printSessionJson(
  c: CommandContext,
  clusters: readonly string[],
  columnsAt: (major: number) => Column[],
): Promise<number> {
  const lists = await Promise.all(clusters.map((cluster) => clusterSessions(c, cluster)))
  const writeRow = compileRowWriter(columnsAt(lists[0]?.major ?? 16), ['cluster', 'infobaseName'])
  const owners: ClusterSessions[] = []
  const records: SessionRecord[] = []
  for (const list of lists) {
    for (const r of list.records) {
      owners.push(list)
      records.push(r)
    }
  }
  const over: Row = { cluster: '', infobaseName: '' }
  await writeJsonArray(c.io.stdout, records.length, (w, i) => {
    const r = records[i]!
    const list = owners[i]!
    over.cluster = list.cluster
    over.infobaseName = list.names.get(r.infobase) ?? ''
    writeRow(w, r as unknown as Row, over)
  })
  return 0
}

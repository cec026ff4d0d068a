/**
 * Encoded list replies, kept until their cluster changes. A 50,000-session list costs one encode
 * per change of the world (at most once per simulated second while it lives), not one per request.
 */
import { Writer } from '../ras/codec'
import { encodeList, type RecordDef, type RecordValue } from '../ras/record'
import type { SimCluster } from './model'

interface ClusterEntries {
  revision: number
  bodies: Map<string, Buffer>
}

export class ReplyCache {
  private readonly byCluster = new WeakMap<SimCluster, ClusterEntries>()
  /** How many lists were encoded (tests and benchmarks check the cache works). */
  encodes = 0

  /**
   * The encoded list body (`size` count + records) for this cluster, key and version; `items`
   * is only called when the cached body is missing or stale.
   */
  list<R extends RecordDef>(
    cluster: SimCluster,
    key: string,
    record: R,
    version: number,
    items: () => Iterable<RecordValue<R>>,
  ): Buffer {
    let entries = this.byCluster.get(cluster)
    if (!entries || entries.revision !== cluster.revision) {
      entries = { revision: cluster.revision, bodies: new Map() }
      this.byCluster.set(cluster, entries)
    }
    const cacheKey = `${key}@${version}`
    let body = entries.bodies.get(cacheKey)
    if (!body) {
      const all = [...items()]
      body = encodeList(new Writer(64 + all.length * 256), record, all, version).bytes()
      entries.bodies.set(cacheKey, body)
      this.encodes++
    }
    return body
  }
}

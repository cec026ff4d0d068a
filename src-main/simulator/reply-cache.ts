/**
 * Encoded list replies, kept until their cluster changes, so a list costs one encode per change
 * of the world (at most once per simulated second while it lives), not one per request. Session
 * lists go further: each session's bytes are kept too, and after a living step only the sessions
 * that changed are re-encoded; the rest is one copy.
 */
import { Writer } from '../ras/codec'
import { encodeList, encodeRecord, type RecordDef, type RecordValue } from '../ras/record'
import { SessionInfo, type SessionRecord } from '../ras/records'
import type { SimCluster } from './model'

interface ClusterEntries {
  revision: number
  bodies: Map<string, Buffer>
}

interface SessionBytes {
  epoch: number
  stamp: number
  bytes: Buffer
}

export class ReplyCache {
  private readonly byCluster = new WeakMap<SimCluster, ClusterEntries>()
  /** Per session, per version. */
  private readonly sessionBytes = new WeakMap<SessionRecord, Map<number, SessionBytes>>()
  /** How many list bodies were built (tests and benchmarks check the cache works). */
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
    return this.body(cluster, `${key}@${version}`, () => {
      const all = [...items()]
      return encodeList(new Writer(64 + all.length * 256), record, all, version).bytes()
    })
  }

  /** Like `list` for SessionInfo, reusing the bytes of every session whose stamp did not move. */
  sessions(
    cluster: SimCluster,
    key: string,
    version: number,
    items: () => Iterable<SessionRecord>,
    stampOf: (s: SessionRecord) => number,
  ): Buffer {
    return this.body(cluster, `${key}@${version}`, () => {
      const parts: Buffer[] = [Buffer.alloc(0)]
      let count = 0
      for (const s of items()) {
        parts.push(this.encodedSession(cluster, s, version, stampOf(s)))
        count++
      }
      parts[0] = Buffer.from(new Writer(8).size(count).bytes())
      return Buffer.concat(parts)
    })
  }

  private body(cluster: SimCluster, key: string, build: () => Buffer): Buffer {
    let entries = this.byCluster.get(cluster)
    if (!entries || entries.revision !== cluster.revision) {
      entries = { revision: cluster.revision, bodies: new Map() }
      this.byCluster.set(cluster, entries)
    }
    let body = entries.bodies.get(key)
    if (!body) {
      body = build()
      entries.bodies.set(key, body)
      this.encodes++
    }
    return body
  }

  private encodedSession(cluster: SimCluster, s: SessionRecord, version: number, stamp: number): Buffer {
    let byVersion = this.sessionBytes.get(s)
    if (!byVersion) this.sessionBytes.set(s, (byVersion = new Map()))
    const known = byVersion.get(version)
    if (known && known.epoch === cluster.recordEpoch && known.stamp === stamp) return known.bytes
    // Copy out of the writer: its buffer has spare capacity we should not keep alive.
    const bytes = Buffer.from(encodeRecord(new Writer(1024), SessionInfo, s, version).bytes())
    byVersion.set(version, { epoch: cluster.recordEpoch, stamp, bytes })
    return bytes
  }
}

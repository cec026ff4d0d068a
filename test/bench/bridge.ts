/**
 * Item 4: the session list as the renderer receives it. Electron IPC structured-clones the
 * value (v8 serializer in main, deserializer in the renderer): payload bytes and the time of
 * serialize + deserialize of what api.listSessions returns, against the same data as plain row
 * objects and as JSON. Also (4a) what api.listSessions costs in main on a warm pool.
 */
import v8 from 'node:v8'
import type { Result, SessionList, SessionRow } from '../../src-shared/contract'
import { rowsFromTable } from '../../src-shared/session-table'
import { RasClient } from '../../src-main/ras/client'
import { fmtInt, measure, measurePair, measurePairTimed, ratioOf, type BenchRow, type RunOptions } from './harness'
import { benchServices } from './services'
import { CLUSTER_ADMIN, type SimAddress } from './sim-host'

export const BRIDGE_TARGET_MS = 50

function cloneBytes(value: unknown): number {
  const bytes = v8.serialize(value)
  v8.deserialize(bytes)
  return bytes.length
}

/** The service adds its caches and the columnar table to the client's list: at most 30 % more. */
export const API_LIST_TARGET_RATIO = 1.3

export async function benchBridge(sim: SimAddress, sessions: number, o: RunOptions): Promise<BenchRow[]> {
  const env = await benchServices()
  try {
    const profile = await env.addProfile(sim, 'bridge')
    const list = async (): Promise<Extract<Result<SessionList>, { ok: true }>> => {
      const r = await env.api.listSessions(profile, sim.cluster)
      if (!r.ok) throw new Error(`listSessions failed: ${r.error.code} ${r.error.message}`)
      if (r.value.sessions.count !== sessions) throw new Error(`listed ${r.value.sessions.count} sessions`)
      return r
    }

    // 4a: api.listSessions on a warm pool vs RasClient.listSessions on a warm connection.
    const client = await RasClient.connect({ host: sim.host, port: sim.port })
    await client.authenticateCluster(sim.cluster, CLUSTER_ADMIN.user, CLUSTER_ADMIN.password)
    await list()
    const api = await measurePairTimed(
      async () => {
        const t0 = performance.now()
        await list()
        return performance.now() - t0
      },
      async () => {
        const t0 = performance.now()
        await client.listSessions(sim.cluster)
        return performance.now() - t0
      },
      o,
    )
    await client.close()

    // 4: the clone of what crosses the bridge.
    const result = await list()
    const rows: SessionRow[] = rowsFromTable(result.value.sessions)
    const asRows = { ok: true, value: { ...result.value, sessions: rows } }
    const tableBytes = v8.serialize(result).length
    const rowBytes = v8.serialize(asRows).length
    const json = JSON.stringify(asRows)
    const jsonBytes = Buffer.byteLength(json)
    const clones = await measurePair(
      () => cloneBytes(result),
      () => cloneBytes(asRows),
      o,
    )
    const jsonTime = await measure(() => JSON.parse(JSON.stringify(asRows)), o)
    const serializeOnly = await measure(() => v8.serialize(result), o)
    const serialized = v8.serialize(result)
    const deserializeOnly = await measure(() => v8.deserialize(serialized), o)
    // The renderer turns the columns back into row objects for the grid.
    const toRows = await measure(() => rowsFromTable(result.value.sessions), o)

    const size = `${fmtInt(sessions)} sessions`
    return [
      {
        item: '4a',
        what: 'api.listSessions in main, warm pool (list+table)',
        size,
        median: api.measured.median,
        unit: 'ms',
        throughput: '',
        reference: 'RasClient.listSessions, warm',
        referenceValue: api.reference.median,
        ratio: ratioOf(api.measured.median, api.reference.median),
        target: `≤ ${API_LIST_TARGET_RATIO}× ref`,
        met: api.measured.median <= API_LIST_TARGET_RATIO * api.reference.median,
        figures: { samples: api.measured.samples, referenceSamples: api.reference.samples },
      },
      {
        item: '4',
        what: 'bridge: structured clone of the SessionList (columnar)',
        size: `${size}, ${(tableBytes / 1e6).toFixed(2)} MB`,
        median: clones.measured.median,
        unit: 'ms',
        throughput: `${(tableBytes / 1e6 / (clones.measured.median / 1000)).toFixed(0)} MB/s`,
        reference: `row objects (${(rowBytes / 1e6).toFixed(1)} MB)`,
        referenceValue: clones.reference.median,
        ratio: ratioOf(clones.measured.median, clones.reference.median),
        target: `≤ ${BRIDGE_TARGET_MS} ms`,
        met: clones.measured.median <= BRIDGE_TARGET_MS,
        figures: {
          payloadBytes: tableBytes,
          rowObjectsBytes: rowBytes,
          jsonBytes,
          serializeMs: serializeOnly.median,
          deserializeMs: deserializeOnly.median,
          rowsFromTableMs: toRows.median,
          samples: clones.measured.samples,
          referenceSamples: clones.reference.samples,
        },
      },
      {
        item: '4',
        what: 'bridge: same rows as JSON (stringify+parse)',
        size: `${size}, ${(jsonBytes / 1e6).toFixed(2)} MB`,
        median: jsonTime.median,
        unit: 'ms',
        throughput: `${(jsonBytes / 1e6 / (jsonTime.median / 1000)).toFixed(0)} MB/s`,
        reference: 'columnar clone',
        referenceValue: clones.measured.median,
        ratio: ratioOf(jsonTime.median, clones.measured.median),
        target: '(context)',
        met: null,
        figures: { jsonBytes, samples: jsonTime.samples },
      },
      {
        item: '4',
        what: 'renderer: rowsFromTable (columns back to rows)',
        size,
        median: toRows.median,
        unit: 'ms',
        throughput: '',
        reference: 'columnar clone',
        referenceValue: clones.measured.median,
        ratio: ratioOf(toRows.median, clones.measured.median),
        target: '(context)',
        met: null,
        figures: { samples: toRows.samples },
      },
    ]
  } finally {
    await env.dispose()
  }
}

/**
 * Item 2: list sessions end to end through RasClient (connect, negotiate, authenticate, list,
 * decode) against the simulator on loopback; reference: a bare socket doing the same
 * conversation and reading the same reply, plus the buffer decode of those bytes (item 1).
 */
import { RasClient } from '../../src-main/ras/client'
import { bareListSessions, listBodyOf } from './bare-socket'
import { decodeSessions, type ListBytes } from './decode'
import { fmtInt, fmtRate, measurePairTimed, type BenchRow, type RunOptions } from './harness'
import { CLUSTER_ADMIN, type SimAddress } from './sim-host'

export const LIST_TARGET_MS_10K = 80
export const LIST_TARGET_RATIO = 1.3

/** Fetches the reply bytes once (for item 1 and for sizes). */
export async function fetchListBytes(sim: SimAddress, sessions: number): Promise<ListBytes> {
  const reply = await bareListSessions(sim, CLUSTER_ADMIN.user, CLUSTER_ADMIN.password)
  const { buf, start } = listBodyOf(reply)
  return { sessions, buf, start }
}

/** One end-to-end list through RasClient; returns ms up to the decoded list (close not timed). */
export async function clientListOnce(sim: SimAddress, expect: number): Promise<number> {
  const t0 = performance.now()
  const client = await RasClient.connect({ host: sim.host, port: sim.port })
  await client.authenticateCluster(sim.cluster, CLUSTER_ADMIN.user, CLUSTER_ADMIN.password)
  const list = await client.listSessions(sim.cluster)
  const ms = performance.now() - t0
  await client.close()
  if (list.length !== expect) throw new Error(`listed ${list.length} sessions, expected ${expect}`)
  return ms
}

/** The reference: bare socket conversation + decode of the same bytes, timed together. */
export async function bareListOnce(sim: SimAddress, expect: number): Promise<{ total: number; socket: number }> {
  const t0 = performance.now()
  const reply = await bareListSessions(sim, CLUSTER_ADMIN.user, CLUSTER_ADMIN.password)
  const t1 = performance.now()
  const { buf, start } = listBodyOf(reply)
  const n = decodeSessions({ sessions: expect, buf, start })
  const t2 = performance.now()
  if (n !== expect) throw new Error(`bare list decoded ${n} sessions, expected ${expect}`)
  return { total: t2 - t0, socket: t1 - t0 }
}

export async function benchList(sim: SimAddress, sessions: number, bytes: number, o: RunOptions): Promise<BenchRow> {
  const socketSamples: number[] = []
  const { measured, reference } = await measurePairTimed(
    () => clientListOnce(sim, sessions),
    async () => {
      const r = await bareListOnce(sim, sessions)
      socketSamples.push(r.socket)
      return r.total
    },
    o,
  )
  const ratio = measured.median / reference.median
  const ratioOk = ratio <= LIST_TARGET_RATIO
  const is10k = sessions === 10_000
  const socketOnly = socketSamples.slice(o.warmup).sort((a, b) => a - b)
  return {
    item: '2',
    what: 'list e2e via RasClient (connect+auth+list+decode)',
    size: `${fmtInt(sessions)} sessions`,
    median: measured.median,
    unit: 'ms',
    throughput: `${fmtRate(sessions / (measured.median / 1000), 'rec')} · ${(bytes / 1e6 / (measured.median / 1000)).toFixed(0)} MB/s`,
    reference: 'bare socket + buffer decode',
    referenceValue: reference.median,
    ratio,
    target: is10k ? `≤ ${LIST_TARGET_MS_10K} ms, ≤ ${LIST_TARGET_RATIO}× ref` : `≤ ${LIST_TARGET_RATIO}× ref`,
    met: is10k ? measured.median <= LIST_TARGET_MS_10K && ratioOk : ratioOk,
    figures: {
      bytes,
      meanMs: measured.mean,
      referenceMeanMs: reference.mean,
      samples: measured.samples,
      referenceSamples: reference.samples,
      bareSocketMedianMs: socketOnly[socketOnly.length >> 1] ?? NaN,
    },
  }
}

/**
 * Item 1: decode a SessionInfo v16 list from a buffer; reference: `JSON.parse` of the same records
 * as JSON text, in the same run (target ≤ 0.4× of it). The copy of the bytes and MB/s stay as figures.
 */
import { Reader } from '../../src-main/ras/codec'
import { decodeList } from '../../src-main/ras/record'
import { decodeListColumns } from '../../src-main/ras/record-columns'
import { LIST_REDUCTIONS } from '../../src-main/services/session-rows'
import { SessionInfo } from '../../src-main/ras/records'
import {
  fmtInt,
  fmtMs,
  fmtRate,
  measure,
  measurePair,
  median,
  ratioOf,
  type BenchRow,
  type RunOptions,
} from './harness'

/** A list body as it comes off the wire: `size` count, then the records. */
export interface ListBytes {
  sessions: number
  buf: Buffer
  start: number
}

/** Decoding may take at most this share of JSON.parse's time for the same records. */
export const DECODE_TARGET_RATIO = 0.4

export function decodeSessions(input: ListBytes): number {
  return decodeList(new Reader(input.buf, input.start), SessionInfo, 16).length
}

/** The app's own path: one array per field, no object per session (src-main/ras/record-columns.ts). */
export function decodeSessionColumns(input: ListBytes): number {
  return decodeListColumns(new Reader(input.buf, input.start), SessionInfo, 16, LIST_REDUCTIONS).count
}

/** Both decoders, each against JSON.parse: into records (the CLI, the API) and into columns (the app). */
export async function benchDecodes(input: ListBytes, o: RunOptions): Promise<BenchRow[]> {
  return [
    await benchDecode(input, o, 'records', decodeSessions),
    await benchDecode(input, o, 'columns, as the app lists sessions', decodeSessionColumns),
  ]
}

async function benchDecode(
  input: ListBytes,
  o: RunOptions,
  into: string,
  decodeSessions: (input: ListBytes) => number,
): Promise<BenchRow> {
  const bytes = input.buf.length - input.start
  const body = input.buf.subarray(input.start)
  let decoded = 0
  const json = JSON.stringify(decodeList(new Reader(input.buf, input.start), SessionInfo, 16))
  let parsed = 0
  // CPU time too (all threads, GC included): on a shared machine it moves less than wall time.
  const cpu: number[] = []
  const referenceCpu: number[] = []
  const { measured, reference } = await measurePair(
    () => {
      const c0 = process.cpuUsage()
      decoded = decodeSessions(input)
      const c = process.cpuUsage(c0)
      cpu.push((c.user + c.system) / 1000)
    },
    () => {
      const c0 = process.cpuUsage()
      parsed = (JSON.parse(json) as unknown[]).length
      const c = process.cpuUsage(c0)
      referenceCpu.push((c.user + c.system) / 1000)
    },
    o,
  )
  // The copy of the same bytes: a floor, kept as a figure.
  const copy = await measure(() => Buffer.from(body), { warmup: 1, runs: 3 })
  const cpuMedian = median(cpu.slice(o.warmup))
  const referenceCpuMedian = median(referenceCpu.slice(o.warmup))
  if (decoded !== input.sessions) throw new Error(`decoded ${decoded} sessions, expected ${input.sessions}`)
  if (parsed !== input.sessions) throw new Error(`JSON.parse gave ${parsed} sessions, expected ${input.sessions}`)
  const ratio = ratioOf(measured.median, reference.median)
  const mbps = bytes / 1e6 / (measured.median / 1000)
  const recs = input.sessions / (measured.median / 1000)
  return {
    item: '1',
    what: `decode SessionInfo v16 from a buffer into ${into}`,
    size: `${fmtInt(input.sessions)} sessions (${(bytes / 1e6).toFixed(2)} MB)`,
    median: measured.median,
    unit: 'ms',
    // The CPU ratio moves less than the wall one on a shared machine: both are shown.
    throughput: `${mbps.toFixed(0)} MB/s · ${fmtRate(recs, 'rec')} · cpu ${fmtMs(cpuMedian)} ms vs ${fmtMs(referenceCpuMedian)} ms (${(cpuMedian / referenceCpuMedian).toFixed(2)}×)`,
    reference: `JSON.parse of the same records (${(json.length / 1e6).toFixed(1)} MB)`,
    referenceValue: reference.median,
    ratio,
    target: `≤ ${DECODE_TARGET_RATIO}× JSON.parse`,
    met: ratio !== null && ratio <= DECODE_TARGET_RATIO,
    figures: {
      bytes,
      bytesPerSession: bytes / input.sessions,
      mbPerSecond: mbps,
      recordsPerSecond: recs,
      cpuMedianMs: cpuMedian,
      referenceCpuMedianMs: referenceCpuMedian,
      cpuRatio: cpuMedian / referenceCpuMedian,
      cpuMbPerSecond: bytes / 1e6 / (cpuMedian / 1000),
      meanMs: measured.mean,
      referenceMeanMs: reference.mean,
      samples: measured.samples,
      referenceSamples: reference.samples,
      jsonChars: json.length,
      jsonParseMs: reference.median,
      copyMs: copy.median,
      copyMbPerSecond: bytes / 1e6 / (copy.median / 1000),
    },
  }
}

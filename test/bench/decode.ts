/** Item 1: decode a SessionInfo v16 list from a buffer; reference: copying the same bytes. */
import { Reader } from '../../src-main/ras/codec'
import { decodeList } from '../../src-main/ras/record'
import { SessionInfo } from '../../src-main/ras/records'
import { fmtInt, fmtMs, fmtRate, measurePair, median, ratioOf, type BenchRow, type RunOptions } from './harness'

/** A list body as it comes off the wire: `size` count, then the records. */
export interface ListBytes {
  sessions: number
  buf: Buffer
  start: number
}

/** 150 MB/s is the target (10,000 sessions of ≈ 536 bytes in ≤ 35 ms). */
export const DECODE_TARGET_MBPS = 150

export function decodeSessions(input: ListBytes): number {
  return decodeList(new Reader(input.buf, input.start), SessionInfo, 16).length
}

export async function benchDecode(input: ListBytes, o: RunOptions): Promise<BenchRow> {
  const bytes = input.buf.length - input.start
  const body = input.buf.subarray(input.start)
  let decoded = 0
  // CPU time too (all threads, GC included): on a shared machine it moves less than wall time.
  const cpu: number[] = []
  const { measured, reference } = await measurePair(
    () => {
      const c0 = process.cpuUsage()
      decoded = decodeSessions(input)
      const c = process.cpuUsage(c0)
      cpu.push((c.user + c.system) / 1000)
    },
    () => Buffer.from(body),
    o,
  )
  const cpuMedian = median(cpu.slice(o.warmup))
  if (decoded !== input.sessions) throw new Error(`decoded ${decoded} sessions, expected ${input.sessions}`)
  const mbps = bytes / 1e6 / (measured.median / 1000)
  const recs = input.sessions / (measured.median / 1000)
  return {
    item: '1',
    what: 'decode SessionInfo v16 from a buffer',
    size: `${fmtInt(input.sessions)} sessions (${(bytes / 1e6).toFixed(2)} MB)`,
    median: measured.median,
    unit: 'ms',
    throughput: `${mbps.toFixed(0)} MB/s · ${fmtRate(recs, 'rec')} · cpu ${fmtMs(cpuMedian)} ms`,
    reference: 'copy of the bytes',
    referenceValue: reference.median,
    ratio: ratioOf(measured.median, reference.median),
    target: `≥ ${DECODE_TARGET_MBPS} MB/s`,
    met: mbps >= DECODE_TARGET_MBPS,
    figures: {
      bytes,
      bytesPerSession: bytes / input.sessions,
      mbPerSecond: mbps,
      recordsPerSecond: recs,
      cpuMedianMs: cpuMedian,
      cpuMbPerSecond: bytes / 1e6 / (cpuMedian / 1000),
      meanMs: measured.mean,
      referenceMeanMs: reference.mean,
      samples: measured.samples,
      referenceSamples: reference.samples,
      copyMbPerSecond: bytes / 1e6 / (reference.median / 1000),
    },
  }
}

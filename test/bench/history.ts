/**
 * Item 9: the history database (issue 17). (9a) recording one sample of N sessions — building it
 * from the session list and writing it in one transaction, all on the main thread — against
 * `api.listSessions` of the same sessions on a warm pool, measured in the same run; (9b) the file
 * size per day for a cluster of N sessions sampled every 60 s, extrapolated from recorded samples.
 */
import { statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SessionList } from '../../src-shared/contract'
import type { ClusterSample } from '../../src-main/history/history-port'
import { buildSample } from '../../src-main/history/sample'
import { openHistory } from '../../src-main/history/history-file'
import { fmtInt, measurePair, type BenchRow, type RunOptions } from './harness'
import { benchServices } from './services'
import type { SimAddress } from './sim-host'

export const RECORD_TARGET_MS = 30
/** 30 ms against the 80 ms the issue allows a warm 10,000-session list (item 2): the ratio travels between machines. */
export const RECORD_TARGET_RATIO = 30 / 80
export const SIZE_BUDGET_MB_PER_DAY = 300

/** The next minute of a cluster: a `share` of the sessions changed their 5-minute counters. */
function nextMinute(s: ClusterSample, minute: number, share: number): ClusterSample {
  const x = s.sessions
  const step = Math.max(1, Math.round(1 / share))
  for (let i = minute % step; i < x.session.length; i += step) {
    x.cpu[i] = (x.cpu[i]! + 1_000 + minute * 7) % 300_000
    x.memory[i] = (x.memory[i]! + 65_536 * (minute + 1)) % 4e9
    x.dbms[i] = (x.dbms[i]! + 500 + minute) % 300_000
    x.calls[i] = (x.calls[i]! + 3) % 1_000
  }
  return { ...s, at: s.at + 60_000 }
}

function fileBytes(file: string): number {
  let n = 0
  for (const f of [file, `${file}-wal`]) {
    try {
      n += statSync(f).size
    } catch {
      // no WAL after a clean close
    }
  }
  return n
}

export async function benchHistory(
  sim: SimAddress,
  sessions: number,
  o: RunOptions,
  daySamples: number,
): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'clusterdesk-bench-history-'))
  const env = await benchServices()
  try {
    const profile = await env.addProfile(sim, 'history')
    const list = async (): Promise<SessionList> => {
      const r = await env.api.listSessions(profile, sim.cluster)
      if (!r.ok) throw new Error(`listSessions failed: ${r.error.code} ${r.error.message}`)
      if (r.value.sessions.count !== sessions) throw new Error(`listed ${r.value.sessions.count}, expected ${sessions}`)
      return r.value
    }
    const first = await list()
    const where = { cluster: sim.cluster, server: `${sim.host}:${sim.port}`, clusterName: 'bench' }
    const at0 = first.serverNow ?? Date.now()

    // 9a: build + record, every session's counters changed since the previous sample (the worst
    // minute short of a keyframe); a fresh file's first sample (every session new) timed on its own.
    const { store, keptAside } = openHistory(join(dir, 'record.sqlite'))
    if (keptAside) throw new Error('a fresh bench file was kept aside')
    let minute = 0
    let table = first.sessions
    const recordOnce = () => {
      const sample = buildSample(where, at0 + minute * 60_000, table)
      minute++
      nextMinute(sample, minute, 1)
      store.record(sample)
    }
    recordOnce() // the first sample is a keyframe
    const keyframes: number[] = []
    for (let i = 0; i < Math.max(1, o.runs >> 1); i++) {
      const fresh = openHistory(join(dir, `keyframe-${i}.sqlite`)).store
      const t0 = performance.now()
      fresh.record(buildSample(where, at0, table))
      keyframes.push(performance.now() - t0)
      fresh.close()
    }
    const { measured, reference } = await measurePair(
      recordOnce,
      async () => {
        table = (await list()).sessions
      },
      o,
    )
    store.close()

    // 9b: N samples a minute apart, all sessions changing (worst) and 30 % changing.
    const perDay = async (share: number) => {
      const file = join(dir, `day-${share}.sqlite`)
      const day = openHistory(file).store
      let sample = buildSample(where, at0, first.sessions)
      const before = fileBytes(file)
      for (let i = 0; i < daySamples; i++) {
        day.record(sample) // copies the counters: the next minute may change the arrays in place
        sample = nextMinute(sample, i + 1, share)
      }
      day.close()
      const bytes = fileBytes(file) - before
      return (bytes / daySamples) * 1440
    }
    const worst = await perDay(1)
    const typical = await perDay(0.3)

    const ratio = measured.median / reference.median
    const keyframeMedian = [...keyframes].sort((a, b) => a - b)[keyframes.length >> 1]!
    return [
      {
        item: '9',
        what: 'history: build + record one sample (all counters changed)',
        size: `${fmtInt(sessions)} sessions`,
        median: measured.median,
        unit: 'ms',
        throughput: `first sample (all sessions new) ${keyframeMedian.toFixed(0)} ms`,
        reference: 'api.listSessions, warm pool',
        referenceValue: reference.median,
        ratio,
        target: `≤ ${RECORD_TARGET_MS} ms = ≤ ${RECORD_TARGET_RATIO.toFixed(3)}× ref`,
        met: ratio <= RECORD_TARGET_RATIO,
        figures: {
          samples: measured.samples,
          referenceSamples: reference.samples,
          keyframeSamples: keyframes,
          meanMs: measured.mean,
        },
      },
      {
        item: '9',
        what: 'history: database size per day, 1 sample/min',
        size: `${fmtInt(sessions)} sessions × ${daySamples} samples`,
        median: worst / 1e6,
        unit: 'MB',
        throughput: `30 % changing: ${(typical / 1e6).toFixed(0)} MB/day`,
        reference: '',
        referenceValue: null,
        ratio: null,
        target: `≤ ${SIZE_BUDGET_MB_PER_DAY} MB/day (10,000 sessions)`,
        met: sessions === 10_000 ? worst / 1e6 <= SIZE_BUDGET_MB_PER_DAY : null,
        figures: { bytesPerDayAllChanging: worst, bytesPerDay30PercentChanging: typical, daySamples },
      },
    ]
  } finally {
    await env.dispose()
    await rm(dir, { recursive: true, force: true })
  }
}

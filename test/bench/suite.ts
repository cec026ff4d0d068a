/**
 * The node-side items (1–6 and the main half of 8) with their sizes as parameters: run.ts calls
 * it with the sizes, the smoke test with tiny ones.
 */
import { benchBridge } from './bridge'
import { benchCli } from './cli'
import { benchDecodes, type ListBytes } from './decode'
import { benchFleet } from './fleet'
import { benchHistory } from './history'
import { benchHistoryQueries } from './history-queries'
import { blankRow, gc, withDeadline, type BenchRow, type RunOptions } from './harness'
import { benchList, fetchListBytes } from './list'
import { benchMainMemory } from './memory-main'
import { startSims, type SimSpec } from './sim-host'
import { benchTerminate, terminateSessionsNeeded } from './terminate'

export interface SuiteConfig {
  /** Item 2 sizes; item 1 decodes those ≥ `decodeFrom`. */
  listSizes: number[]
  decodeFrom: number
  cliSessions: number
  bridgeSessions: number
  fleet: { profiles: number; perCluster: number }
  terminateBatch: number
  memorySessions: number
  /** Item 9: sessions of the recorded cluster, and samples recorded for the size per day. */
  history: { sessions: number; daySamples: number }
  /** Item 10: samples of the top-consumers day (of `history.sessions`) and of the timeline's month. */
  historyQueries: { topSamples: number; timelineSamples: number }
  /** Warm-up and runs for fast items; slow ones (50k lists, fleet) use `slow`. */
  runs: RunOptions
  slow: RunOptions
  /** Simulators in this process (smoke test) instead of a child. */
  inProcess: boolean
  /** Items to run ("1".."6", "8".."10"); default all. */
  only?: ReadonlySet<string>
  /** Per-item limit, ms. */
  deadlineMs: number
  log?: (line: string) => void
}

export const FULL: SuiteConfig = {
  listSizes: [1_000, 10_000, 50_000],
  decodeFrom: 10_000,
  cliSessions: 10_000,
  bridgeSessions: 10_000,
  fleet: { profiles: 50, perCluster: 1_000 },
  terminateBatch: 1_000,
  memorySessions: 50_000,
  history: { sessions: 10_000, daySamples: 120 },
  historyQueries: { topSamples: 1_440, timelineSamples: 30 * 1_440 },
  runs: { warmup: 3, runs: 11 },
  slow: { warmup: 2, runs: 5 },
  inProcess: false,
  deadlineMs: 120_000,
}

/** A failed item still yields a row, with the reason. */
export function failedRow(item: string, what: string, e: unknown): BenchRow {
  return blankRow(item, what, { met: false, note: `failed: ${e instanceof Error ? e.message : String(e)}` })
}

export async function runSuite(cfg: SuiteConfig): Promise<BenchRow[]> {
  const log = cfg.log ?? (() => undefined)
  const wants = (item: string) => !cfg.only || cfg.only.has(item)
  const rows: BenchRow[] = []
  const step = async (
    item: string,
    what: string,
    fn: () => Promise<BenchRow | BenchRow[]>,
    deadlineMs = cfg.deadlineMs,
  ) => {
    if (!wants(item)) return
    log(`item ${item}: ${what} …`)
    gc()
    const t0 = performance.now()
    try {
      const r = await withDeadline(fn(), deadlineMs, `item ${item} ${what}`)
      rows.push(...(Array.isArray(r) ? r : [r]))
    } catch (e) {
      rows.push(failedRow(item, what, e))
    }
    log(`item ${item}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  }

  const needed = new Set([
    ...cfg.listSizes,
    cfg.cliSessions,
    cfg.bridgeSessions,
    cfg.memorySessions,
    cfg.history.sessions,
  ])
  const sizes = [...needed].sort((a, b) => a - b)
  const terminateSessions = terminateSessionsNeeded(cfg.terminateBatch, cfg.runs)
  const specs: SimSpec[] = [
    ...sizes.map((sessions) => ({ sessions })),
    { sessions: terminateSessions, seed: 7 },
    { sessions: cfg.fleet.perCluster, seed: 999, faults: { stallAfterRequests: 0 } },
    ...Array.from({ length: cfg.fleet.profiles }, (_, i) => ({ sessions: cfg.fleet.perCluster, seed: 100 + i })),
  ]
  log(`starting ${specs.length} simulators (${cfg.inProcess ? 'in process' : 'child process'}) …`)
  const host = await startSims(specs, { inProcess: cfg.inProcess })
  try {
    const simOf = (n: number) => host.sims[sizes.indexOf(n)]!
    const terminateSim = host.sims[sizes.length]!
    const stalledSim = host.sims[sizes.length + 1]!
    const fleetSims = host.sims.slice(sizes.length + 2)

    const bytes = new Map<number, ListBytes>()
    for (const n of sizes) bytes.set(n, await fetchListBytes(simOf(n), n))
    const wire = (n: number) => bytes.get(n)!.buf.length - bytes.get(n)!.start

    for (const n of cfg.listSizes.filter((s) => s >= cfg.decodeFrom)) {
      await step('1', `decode ${n}`, () => benchDecodes(bytes.get(n)!, n > cfg.decodeFrom ? cfg.slow : cfg.runs))
    }
    for (const n of cfg.listSizes) {
      const o = n > cfg.decodeFrom ? cfg.slow : cfg.runs
      await step('2', `list ${n}`, () => benchList(simOf(n), n, wire(n), o))
    }
    await step('3', 'cli', () => benchCli(simOf(cfg.cliSessions), cfg.cliSessions, cfg.slow))
    await step('4', 'bridge', () => benchBridge(simOf(cfg.bridgeSessions), cfg.bridgeSessions, cfg.runs))
    await step('5', 'fleet', () => benchFleet(fleetSims, stalledSim, cfg.fleet.perCluster, cfg.slow))
    await step('6', 'terminate', () => benchTerminate(terminateSim, cfg.terminateBatch, cfg.runs))
    await step('8', 'main heap', () =>
      benchMainMemory(simOf(cfg.memorySessions), cfg.memorySessions, wire(cfg.memorySessions)),
    )
    await step('9', 'history', () =>
      benchHistory(simOf(cfg.history.sessions), cfg.history.sessions, cfg.runs, cfg.history.daySamples),
    )
    await step(
      '10',
      'history queries',
      () =>
        benchHistoryQueries(simOf(cfg.history.sessions), cfg.history.sessions, cfg.runs, {
          top: cfg.historyQueries.topSamples,
          timeline: cfg.historyQueries.timelineSamples,
        }),
      // Writing a day of 10,000 sessions and a month of totals first takes a while (not timed).
      cfg.deadlineMs * 4,
    )
  } finally {
    await host.stop()
  }
  return rows
}

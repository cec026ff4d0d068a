/**
 * `npm run bench`: every benchmark item, printed as a table and written to reports/bench.json
 * with the machine it ran on. Options: `--only=1,2,7` (items), `--quick` (fewer runs).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { benchGrid } from './grid'
import { benchHistoryTimeline } from './history-chart'
import { gc, printTable, type BenchRow } from './harness'
import { failedRow, FULL, runSuite, type SuiteConfig } from './suite'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function option(name: string): string | undefined {
  const hit = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))
  if (!hit) return undefined
  return hit.includes('=') ? hit.slice(hit.indexOf('=') + 1) : ''
}

export function machine() {
  const cpus = os.cpus()
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1e9),
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    v8: process.versions.v8,
    date: new Date().toISOString(),
  }
}

async function main(): Promise<void> {
  const started = performance.now()
  const only = option('only')
  const quick = option('quick') !== undefined
  const cfg: SuiteConfig = {
    ...FULL,
    ...(quick ? { runs: { warmup: 1, runs: 3 }, slow: { warmup: 1, runs: 3 } } : {}),
    only: only ? new Set(only.split(',').map((s) => s.trim())) : undefined,
    log: (line) => process.stderr.write(`bench: ${line}\n`),
  }
  const info = machine()
  process.stderr.write(
    `bench: ${info.cpuModel}, ${info.cores} cores, Node ${info.node}, load ${info.loadAverage.join(' ')}\n`,
  )
  gc() // exposes gc early (see harness.ts) and starts from a clean heap
  const rows: BenchRow[] = await runSuite(cfg)
  if (!cfg.only || cfg.only.has('7') || cfg.only.has('8')) {
    cfg.log!('item 7: grid in Chromium …')
    try {
      rows.push(...(await benchGrid({ root: ROOT, sessions: 10_000, runs: quick ? 3 : 5, log: cfg.log })))
    } catch (e) {
      rows.push(failedRow('7', 'grid in Chromium', e))
    }
  }
  if (!cfg.only || cfg.only.has('11')) {
    cfg.log!('item 11: 30-day history timeline in Chromium …')
    try {
      rows.push(...(await benchHistoryTimeline({ root: ROOT, runs: quick ? 3 : 5, log: cfg.log })))
    } catch (e) {
      rows.push(failedRow('11', 'history timeline in Chromium', e))
    }
  }
  const order = (r: BenchRow) => Number.parseInt(r.item, 10)
  rows.sort((a, b) => order(a) - order(b))
  const table = printTable(rows)
  process.stdout.write(`\n${table}\n`)
  for (const r of rows.filter((x) => x.note)) process.stdout.write(`note: item ${r.item} ${r.what}: ${r.note}\n`)
  const missed = rows.filter((r) => r.met === false)
  const elapsed = (performance.now() - started) / 1000
  process.stdout.write(
    `\n${rows.filter((r) => r.met === true).length} targets met, ${missed.length} missed; ` +
      `${info.cpuModel}, ${info.cores} cores, Node ${info.node}; ${elapsed.toFixed(0)} s; ` +
      `load average ${info.loadAverage.join(' ')} at start, ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} at end\n`,
  )
  mkdirSync(`${ROOT}/reports`, { recursive: true })
  const report = { machine: { ...info, loadAverageAtEnd: os.loadavg() }, elapsedSeconds: elapsed, rows, table }
  writeFileSync(`${ROOT}/reports/bench.json`, `${JSON.stringify(report, null, 2)}\n`)
  process.stdout.write('written: reports/bench.json\n')
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    process.exit(1)
  },
)

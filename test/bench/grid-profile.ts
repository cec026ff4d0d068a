/**
 * Where the grid's time goes (`npx tsx test/bench/grid-profile.ts [sessions]`, after a build): the
 * bench's page steps (first rows, filter as you type, sort) under Chromium's CPU profiler over CDP,
 * each printed as its wall time, the list call's network timing, and the functions with the most
 * self time (GRID_PROFILE_DIR=dir also keeps each CPU profile there, to open in DevTools). A tool
 * for finding the cause, not a measurement: item 7 of `npm run bench` is that.
 */
import { fileURLToPath } from 'node:url'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type CDPSession, type Page } from '@playwright/test'
import { CLEAR_QUERY, FIRST_ROWS, PAGE_HELPERS, QUERY, SORT_BY, SORT_COLUMN, startBackend, TYPE_QUERY } from './grid'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const PROFILE_NAME = 'Бухгалтерия (прод)'

function topSelf(p: Profile, n = 18): string {
  const byId = new Map(p.nodes.map((x) => [x.id, x]))
  const self = new Map<string, number>()
  let total = 0
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i]!)!
    const f = node.callFrame
    const file = f.url.split('/').pop() ?? ''
    const name = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`
    const dt = (p.timeDeltas[i] ?? 0) / 1000
    total += dt
    self.set(name, (self.get(name) ?? 0) + dt)
  }
  const idle = (self.get('(idle) :0') ?? 0) + (self.get('(program) :0') ?? 0)
  const lines = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `  ${v.toFixed(1).padStart(7)} ms  ${k}`)
  return `  profiled ${total.toFixed(0)} ms (idle+program ${idle.toFixed(0)} ms)\n${lines.join('\n')}`
}

interface TraceEvent {
  name: string
  ph: string
  dur?: number
  tid: number
  pid: number
}

/** Main-thread CPU time (wall time where the trace has none) by event name (style, layout, paint, script…), from a Chromium trace. */
function traceSummary(buffer: Buffer, n = 12): string {
  const events = (JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents
  const main = events.find(
    (e) => e.name === 'thread_name' && (e as unknown as { args: { name: string } }).args.name === 'CrRendererMain',
  )
  const by = new Map<string, number>()
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur || !main || e.tid !== main.tid || e.pid !== main.pid) continue
    by.set(e.name, (by.get(e.name) ?? 0) + ((e as unknown as { tdur?: number }).tdur ?? e.dur) / 1000)
  }
  const layouts = events
    .filter((e) => e.name === 'Layout' && e.ph === 'X' && main && e.tid === main.tid)
    .map((e) => {
      const a = e as unknown as { dur: number; args: { beginData?: { dirtyObjects: number; totalObjects: number } } }
      return `${(a.dur / 1000).toFixed(1)} ms (${a.args.beginData?.dirtyObjects}/${a.args.beginData?.totalObjects} objects)`
    })
  by.set(`layouts: ${layouts.join(', ')}`, 0)
  return [...by.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .concat([...by.entries()].filter(([k]) => k.startsWith('layouts')))
    .map(([k, v]) => `  ${v.toFixed(1).padStart(7)} ms  ${k}`)
    .join('\n')
}

async function traced<T>(page: Page, what: string, script: string): Promise<T> {
  const browser = page.context().browser()!
  await browser.startTracing(page, { categories: ['devtools.timeline', 'blink', 'v8.execute'] })
  const result = (await page.evaluate(script)) as T
  const buffer = await browser.stopTracing()
  process.stdout.write(`\n${what} (trace): ${JSON.stringify(result)}\n${traceSummary(buffer)}\n`)
  return result
}

async function profiled<T>(cdp: CDPSession, page: Page, what: string, script: string): Promise<T> {
  await cdp.send('Profiler.start')
  const result = (await page.evaluate(script)) as T
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile }
  // GRID_PROFILE_DIR=dir keeps each profile as a .cpuprofile (for DevTools, or callers by script).
  const dir = process.env.GRID_PROFILE_DIR
  if (dir) writeFileSync(join(dir, `${what.replace(/\W+/g, '-')}-${Date.now()}.cpuprofile`), JSON.stringify(profile))
  process.stdout.write(`\n${what}: ${JSON.stringify(result)}\n${topSelf(profile)}\n`)
  return result
}

async function main(): Promise<void> {
  const sessions = Number(process.argv[2] ?? 10_000)
  const backend = await startBackend(join(ROOT, 'out/renderer'), sessions)
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--disable-gpu', '--no-sandbox'],
  })
  try {
    for (let round = 0; round < 2; round++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' })
      await context.addInitScript({ content: PAGE_HELPERS })
      const page = await context.newPage()
      await page.goto(backend.url)
      await page.waitForSelector('[data-testid="profile-item"]')
      await page.evaluate('new Promise((r) => setTimeout(r, 300))')
      const cdp = await context.newCDPSession(page)
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
      process.stdout.write(`\n=== round ${round + 1} (${sessions} sessions${round === 0 ? ', warm-up' : ''})\n`)
      await profiled(
        cdp,
        page,
        'first rows',
        FIRST_ROWS(sessions)
          .replace(JSON.stringify('Бухгалтерия (прод)'), JSON.stringify(PROFILE_NAME))
          .replace('const t0 = performance.now()', 'const t0 = (window.__t0 = performance.now())'),
      )
      // From the click: when the list call was sent, how long the server took, the download, and
      // what is left after the response arrived (parse, rows, the grid, layout, paint).
      const calls = (await page.evaluate(
        `performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/call/listSessions')).map((e) => ({ sentAfterClick: Math.round(e.requestStart - window.__t0), serverWait: Math.round(e.responseStart - e.requestStart), download: Math.round(e.responseEnd - e.responseStart), responseEndAfterClick: Math.round(e.responseEnd - window.__t0), bytes: e.encodedBodySize }))`,
      )) as unknown[]
      process.stdout.write(`list call: ${JSON.stringify(calls)}\n`)
      await page.evaluate('new Promise((r) => setTimeout(r, 200))')
      await profiled(cdp, page, `typing "${QUERY.slice(0, 1)}"`, TYPE_QUERY(QUERY.slice(0, 1)))
      await page.evaluate(CLEAR_QUERY)
      await profiled(cdp, page, `typing "${QUERY}"`, TYPE_QUERY(QUERY))
      await page.evaluate(CLEAR_QUERY)
      await profiled(cdp, page, `sort by ${SORT_COLUMN}`, SORT_BY(SORT_COLUMN))
      if (round === 1) {
        await page.evaluate(SORT_BY(SORT_COLUMN)) // back to unsorted: descending, ascending, none
        await page.evaluate(SORT_BY(SORT_COLUMN))
        await traced(page, `typing "${QUERY.slice(0, 1)}"`, TYPE_QUERY(QUERY.slice(0, 1)))
        await page.evaluate(CLEAR_QUERY)
        await traced(page, `sort by ${SORT_COLUMN}`, SORT_BY(SORT_COLUMN))
      }
      await context.close()
    }
  } finally {
    await browser.close()
    await backend.stop()
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${String(e)}\n`)
    process.exit(1)
  },
)

/**
 * Where the preview server's time goes while the page opens a tab (`npx tsx
 * test/bench/grid-server-profile.ts [sessions]`, after a build): the bench's first-rows step with the
 * backend (same process) under the V8 CPU profiler, printed as the api calls the page made (from
 * the click: sent, server wait, download, bytes) and the server's functions with the most self time.
 */
import { Session } from 'node:inspector/promises'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { FIRST_ROWS, PAGE_HELPERS, startBackend } from './grid'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function top(p: Profile, n = 40): string {
  const byId = new Map(p.nodes.map((x) => [x.id, x]))
  const parent = new Map<number, number>()
  for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id)
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  const name = (x: ProfileNode) =>
    `${x.callFrame.functionName || '(anonymous)'} ${x.callFrame.url.split('/').slice(-2).join('/')}:${x.callFrame.lineNumber + 1}`
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i] ?? 0) / 1000
    let id: number | undefined = p.samples[i]!
    const k = name(byId.get(id)!)
    self.set(k, (self.get(k) ?? 0) + dt)
    const seen = new Set<string>()
    while (id !== undefined) {
      const kk = name(byId.get(id)!)
      if (!seen.has(kk)) total.set(kk, (total.get(kk) ?? 0) + dt)
      seen.add(kk)
      id = parent.get(id)
    }
  }
  const fmt = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${v.toFixed(1).padStart(7)} ms  ${k}`)
      .join('\n')
  return `self:\n${fmt(self)}\ntotal:\n${fmt(total)}`
}

async function main(): Promise<void> {
  const sessions = Number(process.argv[2] ?? 10_000)
  const backend = await startBackend(join(ROOT, 'out/renderer'), sessions)
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--disable-gpu', '--no-sandbox'],
  })
  const inspector = new Session()
  inspector.connect()
  await inspector.post('Profiler.enable')
  await inspector.post('Profiler.setSamplingInterval', { interval: 200 })
  try {
    for (let round = 0; round < 3; round++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' })
      await context.addInitScript({ content: PAGE_HELPERS })
      const page = await context.newPage()
      await page.goto(backend.url)
      await page.waitForSelector('[data-testid="profile-item"]')
      await page.evaluate('new Promise((r) => setTimeout(r, 300))')
      await page.evaluate('performance.clearResourceTimings()')
      await inspector.post('Profiler.start')
      const result = await page.evaluate(
        FIRST_ROWS(sessions).replace('const t0 = performance.now()', 'const t0 = (window.__t0 = performance.now())'),
      )
      const { profile } = await inspector.post('Profiler.stop')
      const calls = await page.evaluate(
        `performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/call/')).map((e) => ({ call: e.name.split('/').pop(), sent: Math.round(e.requestStart - window.__t0), wait: Math.round(e.responseStart - e.requestStart), download: Math.round(e.responseEnd - e.responseStart), end: Math.round(e.responseEnd - window.__t0), bytes: e.encodedBodySize }))`,
      )
      process.stdout.write(`\n=== round ${round + 1}: ${JSON.stringify(result)}\n`)
      for (const c of calls as unknown[]) process.stdout.write(`  ${JSON.stringify(c)}\n`)
      if (round > 0) process.stdout.write(`${top(profile as unknown as Profile)}\n`)
      await context.close()
    }
  } finally {
    inspector.disconnect()
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

/**
 * Item 7 and the renderer half of item 8: the built renderer (out/renderer) in Debian Chromium,
 * served by the web preview over the real services and a simulator (not living, so every run sees
 * the same cluster). First rows therefore include the real list call (RAS, decoding, HTTP), as in
 * the app. Every timing is taken IN THE PAGE with performance.now():
 * from the user's action (click, keystroke, scroll) until the DOM shows the result and the next
 * frame has been produced — never through the Playwright bridge, which costs ~1 s per 10k rows.
 * Reference: the same steps with a 30-session cluster in the same browser, so the ratio is
 * what the size costs. Renderer heap: CDP Runtime.getHeapUsage after a forced GC.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { createApi } from '../../src-main/api'
import { createServices, openConfStore } from '../../src-main/services'
import { startSimulator } from '../../src-main/simulator'
import { MemorySecretBox } from '../../src-main/web/memory-secret-box'
import { startPreviewServer, type PreviewServer } from '../../src-main/web/server'
import { blankRow, fmtInt, MB, median, ratioOf, withDeadline, type BenchRow } from './harness'

/** Ratios to the same steps with REFERENCE_SESSIONS: what 10,000 sessions may cost over 30. */
export const FIRST_ROWS_TARGET_RATIO = 1.3
export const FILTER_TARGET_RATIO = 1.5
export const SORT_TARGET_RATIO = 1.3
export const RENDERER_HEAP_TARGET_MB = 200
/** Sessions of the reference cluster. */
export const REFERENCE_SESSIONS = 30

export interface GridOptions {
  root: string
  sessions: number
  runs: number
  log?: (line: string) => void
  executablePath?: string
}

/** One backend of the page: the web preview, exactly as `npm run web` runs it. */
interface Backend {
  url: string
  stop(): Promise<void>
}

/**
 * A simulator holding `sessions` sessions (not living: every run sees the same cluster), the real
 * services with a profile file in a temp folder, the real api and the preview server carrying it
 * to the page; the profile is saved through the api.
 */
export async function startBackend(rendererDir: string, sessions: number): Promise<Backend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clusterdesk-bench-grid-'))
  const sim = await startSimulator({ clusters: 1, infobases: 8, sessions, seed: 7, live: false })
  const services = createServices({
    openStore: openConfStore(dataDir),
    secretBox: new MemorySecretBox(),
    auditFile: join(dataDir, 'audit.jsonl'),
  })
  let server: PreviewServer | null = null
  const api = createApi(services, (event) => server?.emit(event))
  server = await startPreviewServer({ api, staticDir: rendererDir })
  const running = server
  const stop = async () => {
    await running.close()
    await services.dispose()
    await sim.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  const saved = await api.saveProfile({
    name: PROFILE,
    group: '',
    host: sim.host,
    port: sim.port,
    clusterUser: '',
    askClusterPassword: false,
    label: 'prod',
    refreshInterval: 0,
    protection: 'normal',
  })
  if (!saved.ok) {
    await stop()
    throw new Error(`bench: saving the profile: ${saved.error.message}`)
  }
  return { url: running.url, stop }
}

/**
 * Page-side helpers (plain JS: the node tsconfig has no DOM types). `whenDom(cond)` resolves
 * with performance.now() at the first DOM mutation after which `cond()` holds; `painted()`
 * resolves after the next frame has been produced (rAF, then a task).
 */
export const PAGE_HELPERS = `
window.__bench = {
  whenDom(cond, timeoutMs = 15000) {
    return new Promise((resolve, reject) => {
      if (cond()) return resolve(performance.now())
      const obs = new MutationObserver(() => {
        if (cond()) { obs.disconnect(); clearTimeout(timer); resolve(performance.now()) }
      })
      obs.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true })
      const timer = setTimeout(() => { obs.disconnect(); reject(new Error('bench: condition not met in ' + timeoutMs + ' ms')) }, timeoutMs)
    })
  },
  painted() {
    return new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)))
  },
  ws() { return document.querySelector('[data-testid="workspace"]') },
  counts() { const ws = this.ws(); return ws && ws.querySelector('[data-testid="session-counts"]') },
  firstRowId() { const ws = this.ws(); const r = ws && ws.querySelector('[data-testid="session-row"]'); return r ? r.getAttribute('data-session') : null },
  rowCount() { const ws = this.ws(); return ws ? ws.querySelectorAll('[data-testid="session-row"]').length : 0 },
}
`

interface StepTimes {
  dom: number
  paint: number
}

interface RunResult {
  firstRows: StepTimes
  /** One entry per keystroke. */
  keystrokes: StepTimes[]
  sort: StepTimes
  scroll: StepTimes
  heapBeforeMb: number
  heapShownMb: number
  rowsInDom: number
}

export const FIRST_ROWS = (n: number) => `(async () => {
  const B = window.__bench
  const item = [...document.querySelectorAll('[data-testid="profile-item"]')]
    .find((p) => p.querySelector('[data-testid="profile-name"]').textContent.trim() === ${JSON.stringify(PROFILE)})
    .querySelector('.cd-profile-main')
  const t0 = performance.now()
  item.click()
  const dom = await B.whenDom(() => {
    const c = B.counts()
    return B.firstRowId() !== null && c !== null && c.getAttribute('data-total') === '${n}'
  })
  const paint = await B.painted()
  return { dom: dom - t0, paint: paint - t0 }
})()`

export const TYPE_QUERY = (query: string) => `(async () => {
  const B = window.__bench
  const input = B.ws().querySelector('[data-testid="search-input"] input')
  const out = []
  let value = ''
  for (const ch of ${JSON.stringify(query)}) {
    value += ch
    const before = B.counts().getAttribute('data-shown') + '/' + B.firstRowId()
    const t0 = performance.now()
    input.value = value
    input.dispatchEvent(new Event('input', { bubbles: true }))
    // Typing on after the list has narrowed may change nothing on screen: then the keystroke
    // costs until the next frame; otherwise until the frame after the change.
    const changed = B.whenDom(() => B.counts().getAttribute('data-shown') + '/' + B.firstRowId() !== before, 400)
      .then((t) => t, () => null)
    const firstFrame = await B.painted()
    const dom = await changed
    const paint = dom === null || dom <= firstFrame ? firstFrame : await B.painted()
    out.push({ dom: dom === null ? null : dom - t0, paint: paint - t0 })
    await new Promise((r) => setTimeout(r, 30))
  }
  return out
})()`

export const CLEAR_QUERY = `(async () => {
  const B = window.__bench
  const input = B.ws().querySelector('[data-testid="search-input"] input')
  const total = B.counts().getAttribute('data-total')
  input.value = ''
  input.dispatchEvent(new Event('input', { bubbles: true }))
  await B.whenDom(() => B.counts().getAttribute('data-shown') === total)
  await B.painted()
})()`

export const SORT_BY = (key: string) => `(async () => {
  const B = window.__bench
  const th = B.ws().querySelector('[role=columnheader][data-col-key="${key}"]')
  if (!th) throw new Error('bench: no header for column ${key}')
  const before = B.firstRowId()
  const t0 = performance.now()
  th.click()
  const dom = await B.whenDom(() => B.firstRowId() !== before)
  const paint = await B.painted()
  return { dom: dom - t0, paint: paint - t0 }
})()`

export const SCROLL_TO_END = `(async () => {
  const B = window.__bench
  const scroller = B.ws().querySelector('[data-testid="grid-scroller"]')
  if (!scroller) throw new Error('bench: no grid scroller')
  const before = B.firstRowId()
  const t0 = performance.now()
  scroller.scrollTop = scroller.scrollHeight
  const dom = await B.whenDom(() => B.firstRowId() !== before)
  const paint = await B.painted()
  return { dom: dom - t0, paint: paint - t0 }
})()`

/** The one saved profile; its cluster holds the sessions (auto-refresh off). */
const PROFILE = 'Бухгалтерия (прод)'

/** A query a user types: a surname of the simulated users, narrowing 10,000 rows to a few hundred. */
export const QUERY = 'петрова'
/** A counter column (server calls, total). */
export const SORT_COLUMN = 'callsAll'

async function heapMb(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page)
  try {
    await cdp.send('HeapProfiler.collectGarbage')
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
    return usage.usedSize / MB
  } finally {
    await cdp.detach()
  }
}

async function onePage(browser: Browser, url: string, sessions: number): Promise<RunResult> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' })
  const errors: string[] = []
  try {
    await context.addInitScript({ content: PAGE_HELPERS })
    const page = await context.newPage()
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(url)
    await page.waitForSelector('[data-testid="profile-item"]')
    await page.evaluate('new Promise((r) => setTimeout(r, 300))') // let start-up settle
    const heapBeforeMb = await heapMb(context, page)
    const firstRows = (await page.evaluate(FIRST_ROWS(sessions))) as StepTimes
    await page.evaluate('new Promise((r) => setTimeout(r, 200))')
    const heapShownMb = await heapMb(context, page)
    const rowsInDom = (await page.evaluate('window.__bench.rowCount()')) as number
    const keystrokes = (await page.evaluate(TYPE_QUERY(QUERY))) as StepTimes[]
    await page.evaluate(CLEAR_QUERY)
    const sort = (await page.evaluate(SORT_BY(SORT_COLUMN))) as StepTimes
    const scroll = (await page.evaluate(SCROLL_TO_END)) as StepTimes
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`)
    return { firstRows, keystrokes, sort, scroll, heapBeforeMb, heapShownMb, rowsInDom }
  } finally {
    await context.close()
  }
}

function row(
  what: string,
  size: string,
  value: number,
  reference: number,
  /** For timings a ratio to the reference; for heaps an absolute MB figure. */
  target: number,
  unit: 'ms' | 'MB',
  figures: Record<string, unknown>,
): BenchRow {
  const ratio = ratioOf(value, reference)
  return {
    item: unit === 'MB' ? '8' : '7',
    what,
    size,
    median: value,
    unit,
    throughput: '',
    reference: `same with ${REFERENCE_SESSIONS} sessions`,
    referenceValue: reference,
    ratio,
    target: unit === 'ms' ? `≤ ${target}× ref` : `≤ ${target} ${unit}`,
    met: unit === 'ms' ? ratio !== null && ratio <= target : value <= target,
    figures,
  }
}

export async function benchGrid(o: GridOptions): Promise<BenchRow[]> {
  const log = o.log ?? (() => undefined)
  const rendererDir = join(o.root, 'out/renderer')
  const base = blankRow('7', 'grid in Chromium', { size: `${fmtInt(o.sessions)} sessions` })
  const executablePath = o.executablePath ?? '/usr/bin/chromium'
  if (!existsSync(join(rendererDir, 'index.html'))) return [{ ...base, note: 'out/renderer missing: npm run build' }]
  if (!existsSync(executablePath)) return [{ ...base, note: `${executablePath} missing` }]
  const backends = new Map<number, Backend>()
  const browser = await chromium.launch({ executablePath, args: ['--disable-gpu', '--no-sandbox'] })
  try {
    for (const n of [o.sessions, REFERENCE_SESSIONS]) backends.set(n, await startBackend(rendererDir, n))
    const urlFor = (n: number) => backends.get(n)!.url
    const big: RunResult[] = []
    const small: RunResult[] = []
    // Warm-up (browser caches, first launch, the backends' first list) then alternate sizes, ABBA.
    for (const n of [REFERENCE_SESSIONS, o.sessions]) {
      await withDeadline(onePage(browser, urlFor(n), n), 60_000, `grid warm-up with ${n} sessions`)
    }
    for (let i = 0; i < o.runs; i++) {
      const order = i % 2 === 0 ? [o.sessions, REFERENCE_SESSIONS] : [REFERENCE_SESSIONS, o.sessions]
      for (const n of order) {
        const r = await withDeadline(onePage(browser, urlFor(n), n), 60_000, `grid run with ${n} sessions`)
        ;(n === o.sessions ? big : small).push(r)
      }
      log(`grid run ${i + 1}/${o.runs}: first rows ${big.at(-1)!.firstRows.paint.toFixed(0)} ms`)
    }
    const med = (rs: RunResult[], f: (r: RunResult) => number) => median(rs.map(f))
    const worstKey = (r: RunResult) => Math.max(...r.keystrokes.map((k) => k.paint))
    const size = `${fmtInt(o.sessions)} sessions`
    const samples = (rs: RunResult[], f: (r: RunResult) => number) => rs.map(f)
    const firstRows = (r: RunResult) => r.firstRows.paint
    const sort = (r: RunResult) => r.sort.paint
    const scroll = (r: RunResult) => r.scroll.paint
    return [
      row(
        'grid: first rows visible (click → painted)',
        size,
        med(big, firstRows),
        med(small, firstRows),
        FIRST_ROWS_TARGET_RATIO,
        'ms',
        {
          samples: samples(big, firstRows),
          referenceSamples: samples(small, firstRows),
          domMs: med(big, (r) => r.firstRows.dom),
          rowsInDom: med(big, (r) => r.rowsInDom),
        },
      ),
      row(
        `grid: filter as you type "${QUERY}", worst keystroke`,
        size,
        med(big, worstKey),
        med(small, worstKey),
        FILTER_TARGET_RATIO,
        'ms',
        {
          samples: samples(big, worstKey),
          referenceSamples: samples(small, worstKey),
          perKeystrokeMedianMs: QUERY.split('').map((_, k) => med(big, (r) => r.keystrokes[k]!.paint)),
          perKeystrokeDomMs: QUERY.split('').map((_, k) => med(big, (r) => r.keystrokes[k]!.dom)),
        },
      ),
      row(
        `grid: sort by a counter column (${SORT_COLUMN})`,
        size,
        med(big, sort),
        med(small, sort),
        SORT_TARGET_RATIO,
        'ms',
        {
          samples: samples(big, sort),
          referenceSamples: samples(small, sort),
          domMs: med(big, (r) => r.sort.dom),
        },
      ),
      {
        ...row('grid: scroll to the end', size, med(big, scroll), med(small, scroll), Infinity, 'ms', {
          samples: samples(big, scroll),
          referenceSamples: samples(small, scroll),
          domMs: med(big, (r) => r.scroll.dom),
        }),
        target: '(context)',
        met: null,
      },
      row(
        'renderer heap with the rows shown',
        size,
        med(big, (r) => r.heapShownMb),
        med(small, (r) => r.heapShownMb),
        RENDERER_HEAP_TARGET_MB,
        'MB',
        {
          samples: samples(big, (r) => r.heapShownMb),
          referenceSamples: samples(small, (r) => r.heapShownMb),
          heapBeforeSessionsMb: med(big, (r) => r.heapBeforeMb),
          deltaForSessionsMb: med(big, (r) => r.heapShownMb - r.heapBeforeMb),
        },
      ),
    ]
  } finally {
    await browser.close()
    await Promise.all([...backends.values()].map((b) => b.stop()))
  }
}

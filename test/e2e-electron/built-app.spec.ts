/**
 * The BUILT desktop app without an Electron binary: out/main/index.js starts in Node under a
 * recording stub of `electron` (stub/electron.mjs), and out/preload runs the way a sandboxed
 * renderer runs it — a classic script whose `require` knows only `electron`, `events`, `timers`
 * and `url`. Catches what unit tests over the sources cannot: a preload built as ESM or split into
 * chunks, a channel with no handler, a file main loads that the build did not write.
 */
import { test, expect } from '@playwright/test'
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { API_METHODS, CHANNELS, EVENT_CHANNEL } from '../../src-shared/contract'

const root = resolve(import.meta.dirname, '../..')
const out = join(root, 'out')
const driver = join(import.meta.dirname, 'stub/run-main.mjs')
const run = promisify(execFile)

// The report is JSON written by the driver; only the fields read below are typed.
interface StubReport {
  errors: string[]
  consoleErrors: string[]
  main: { exists: boolean; imported?: boolean; importError?: string }
  app: { listenersBeforeReady: string[]; listenersAfterReady: string[]; menuSet: boolean; menuLabels: string[] }
  windows: Array<{
    webPreferences: Record<string, unknown>
    loads: Array<{ file?: string; url?: string }>
    webContentsEvents: string[]
    hasWindowOpenHandler: boolean
  }>
  handlers: string[]
  renderer: { file: string | null; exists: boolean; missingAssets: string[] }
  preload: PreloadReport & { exposed: Record<string, string[] | string>; invoked: string[]; listened: string[] }
  roundTrip: Record<string, { ok?: boolean; error?: unknown; clusters?: number } | undefined> & {
    events: string[]
    alertsFired: number
  }
  permissions: {
    request: Record<string, unknown>
    check: Record<string, unknown>
    elsewhere: { request: unknown; check: unknown }
  }
  windowOpen: { https: string | null; file: string | null; openedExternally: string[] }
  navigation: { elsewherePrevented: boolean; appPrevented: boolean }
  webviewPrevented: boolean
  quit: { heldFor: string | null; ended: boolean; exitCode: number }
  unknown: string[]
  tray: {
    before: Array<{
      image: { width: number; height: number; bytes: number } | null
      tooltip: string | null
      menu: string[]
    }>
    notifications: Array<{ title: string; body: string; shown: boolean }>
    destroyedOnQuit: boolean
  }
}
interface PreloadReport {
  file: string | null
  exists: boolean
  required: string[]
  refused: string[]
  ran?: boolean
  compileError?: string
  runError?: string
}

async function drive(...args: string[]): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'clusterdesk-stub-report-'))
  const reportFile = join(dir, 'report.json')
  const env = { ...process.env }
  delete env.ELECTRON_RENDERER_URL // dev-server mode would load a URL instead of the built file
  try {
    await run(process.execPath, [driver, ...args, reportFile], { cwd: root, env, timeout: 60_000 })
    return JSON.parse(readFileSync(reportFile, 'utf8'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

test.describe('built main and preload under a stub electron', () => {
  let report: StubReport

  test.beforeAll(async () => {
    test.setTimeout(90_000)
    expect(existsSync(join(out, 'main/index.js')), 'out/main/index.js: run the build first').toBe(true)
    report = (await drive(out)) as StubReport
  })

  test('the watch has its tray icon in the OS language, toasts for the alerts of the round trip, and gives the icon back on quit', () => {
    expect(report.tray.before).toHaveLength(1)
    const tray = report.tray.before[0]!
    expect(tray.image).toEqual({ width: 16, height: 16, bytes: 16 * 16 * 4 })
    // The stub's OS speaks Russian. The round trip listed the demo cluster: its living world's
    // long calls and locks fired alerts, told by shown toasts — several fired together in one
    // that says how many; the tooltip counts those still open.
    expect(tray.menu).toEqual(['Показать ClusterDesk', '(separator)', 'Выход'])
    const toasts = report.tray.notifications
    expect(toasts.every((n) => n.shown && n.title.length > 0)).toBe(true)
    const told = toasts.reduce((n, t) => n + Number(/^Новых тревог: (\d+)$/.exec(t.title)?.[1] ?? 1), 0)
    expect(told).toBeGreaterThanOrEqual(report.roundTrip.alertsFired)
    expect(toasts.length).toBeLessThanOrEqual(told)
    // Open alerts may have cleared again within the round trip: the count is at most those told.
    const open = /^ClusterDesk: открытых тревог — (\d+)$/.exec(tray.tooltip ?? '')
    const count = tray.tooltip === 'ClusterDesk: тревог нет' ? 0 : open ? Number(open[1]) : NaN
    expect(count, tray.tooltip ?? '').toBeGreaterThanOrEqual(0)
    expect(count).toBeLessThanOrEqual(told)
    expect(report.tray.destroyedOnQuit).toBe(true)
    expect(report.unknown.filter((u) => /Tray|Notification|nativeImage/.test(u))).toEqual([])
  })

  test('main starts without errors and opens one window', () => {
    expect(report.main.importError ?? null).toBeNull()
    expect(report.main.imported).toBe(true)
    expect(report.errors).toEqual([])
    expect(report.consoleErrors).toEqual([])
    expect(report.windows).toHaveLength(1)
    expect(report.app.listenersBeforeReady).toEqual(expect.arrayContaining(['second-instance', 'window-all-closed']))
    expect(report.app.menuSet).toBe(true)
    expect(report.app.menuLabels.length).toBeGreaterThan(0)
  })

  test('the window is isolated and sandboxed, with no Node in the page', () => {
    const prefs = report.windows[0]!.webPreferences
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true })
    expect(prefs.nodeIntegrationInWorker ?? false).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames ?? false).toBe(false)
    expect(prefs.webviewTag ?? false).toBe(false)
  })

  test('the files main loads exist: preload, renderer page and its assets', () => {
    const win = report.windows[0]!
    expect(win.loads).toHaveLength(1)
    expect(win.loads[0]!.url, 'a built app loads its file, not a dev-server URL').toBeUndefined()
    expect(report.renderer.file).toBe(join(out, 'renderer/index.html'))
    expect(report.renderer.exists).toBe(true)
    expect(report.renderer.missingAssets).toEqual([])
    expect(report.preload.file).toMatch(/[\\/]out[\\/]preload[\\/]/)
    expect(report.preload.exists).toBe(true)
  })

  test('the preload runs in a sandbox: a classic script needing nothing but electron', () => {
    expect(report.preload.compileError ?? null).toBeNull()
    expect(report.preload.runError ?? null).toBeNull()
    expect(report.preload.refused).toEqual([])
    expect(report.preload.ran).toBe(true)
    expect(Object.keys(report.preload.exposed)).toEqual(['api'])
    expect([...(report.preload.exposed.api as string[])].sort()).toEqual([...API_METHODS, 'onEvent'].sort())
  })

  test('every channel the preload invokes has a main handler; calls and events go through', () => {
    expect(report.preload.invoked.length).toBe(API_METHODS.length)
    for (const channel of report.preload.invoked) expect(report.handlers, channel).toContain(channel)
    expect([...report.handlers].sort()).toEqual(Object.values(CHANNELS).sort())
    expect(report.preload.listened).toEqual([EVENT_CHANNEL])
    // Real round trips through the preload's api, the handlers and the services (demo cluster).
    expect(report.roundTrip.listProfiles).toMatchObject({ ok: true })
    expect(report.roundTrip.createDemoProfile).toMatchObject({ ok: true })
    expect(report.roundTrip.connect).toMatchObject({ ok: true })
    expect(report.roundTrip.connect!.clusters).toBeGreaterThan(0)
    expect(report.roundTrip.listSessions).toMatchObject({ ok: true })
    expect(report.roundTrip.terminateSessions).toMatchObject({ ok: true })
    expect(report.roundTrip.events).toContain('terminate-progress')
  })

  test('permissions, new windows, navigation away and webviews are refused; clipboard writes allowed', () => {
    for (const p of ['geolocation', 'media', 'notifications', 'openExternal', 'clipboard-read']) {
      expect(report.permissions.request[p], `request ${p}`).toBe(false)
      expect(report.permissions.check[p], `check ${p}`).toBe(false)
    }
    // "Copy selected rows" writes with navigator.clipboard: refused, the copy fails in the app.
    expect(report.permissions.request['clipboard-sanitized-write'], 'request clipboard-sanitized-write').toBe(true)
    expect(report.permissions.check['clipboard-sanitized-write'], 'check clipboard-sanitized-write').toBe(true)
    expect(report.permissions.elsewhere, 'another page gets nothing').toEqual({ request: false, check: false })
    expect(report.windowOpen).toEqual({ https: 'deny', file: 'deny', openedExternally: ['https://example.com/docs'] })
    expect(report.navigation).toEqual({ elsewherePrevented: true, appPrevented: false })
    expect(report.webviewPrevented).toBe(true)
  })

  test('quitting is held while the services are disposed, then the app ends', () => {
    expect(report.quit.heldFor, 'the first quit waits for the services').not.toBeNull()
    expect(report.quit.ended).toBe(true)
    expect(report.quit.exitCode).toBe(0)
  })
})

test('the sandbox check itself catches an ESM preload and one split into chunks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clusterdesk-bad-preload-'))
  const cases = {
    'esm.mjs': 'import { contextBridge } from "electron"\ncontextBridge.exposeInMainWorld("api", {})\n',
    'chunk.cjs': 'const shared = require("./chunk-abc123.cjs")\n',
    'node.cjs': 'const fs = require("node:fs")\n',
  }
  const results: Record<string, PreloadReport> = {}
  for (const [name, source] of Object.entries(cases)) {
    writeFileSync(join(dir, name), source)
    results[name] = ((await drive('--preload-only', join(dir, name))) as { preload: PreloadReport }).preload
  }
  expect(results['esm.mjs']!.compileError).toMatch(/import statement outside a module/)
  expect(results['chunk.cjs']!.refused).toEqual(['./chunk-abc123.cjs'])
  expect(results['node.cjs']!.refused).toEqual(['node:fs'])
  rmSync(dir, { recursive: true, force: true })
})

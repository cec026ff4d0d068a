/**
 * Runs the BUILT Electron entry (out/main/index.js) in plain Node with `electron` stubbed, then
 * loads the BUILT preload the way a sandboxed renderer does, and writes what it saw as JSON:
 *
 *   node test/e2e-electron/stub/run-main.mjs <out dir> <report.json>
 *
 * Its own process, because module hooks cannot be removed once registered.
 */
import { createRequire, register } from 'node:module'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import vm from 'node:vm'

const args = process.argv.slice(2)
// `--preload-only <file> <report.json>`: just the sandbox check, for the harness's own self-test.
const preloadOnly = args[0] === '--preload-only' ? resolve(args[1]) : null
const [outDir, reportPath] = (preloadOnly ? [null, args[2]] : args).map((p) => p && resolve(p))
const nodeRequire = createRequire(import.meta.url)
const report = { errors: [], consoleErrors: [] }
const save = () => writeFileSync(reportPath, JSON.stringify(report, null, 2))
const wait = (ms) => new Promise((r) => setTimeout(r, ms))
async function until(check, ms = 10_000) {
  for (const end = Date.now() + ms; Date.now() < end; await wait(20)) if (check()) return true
  return check()
}
const describe = (e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))

process.on('uncaughtException', (e) => report.errors.push(`uncaught: ${describe(e)}`))
process.on('unhandledRejection', (e) => report.errors.push(`unhandled rejection: ${describe(e)}`))
const consoleError = console.error
console.error = (...args) => {
  report.consoleErrors.push(args.map(String).join(' '))
  consoleError(...args)
}

const stubUserData = mkdtempSync(join(tmpdir(), 'clusterdesk-stub-'))
process.env.CLUSTERDESK_STUB_USER_DATA = stubUserData
// The stub app's data folder goes with the run (best effort: a file still open on Windows stays).
process.on('exit', () => {
  try {
    rmSync(stubUserData, { recursive: true, force: true })
  } catch {
    // left for the system's temp cleaning
  }
})
register('./hooks.mjs', import.meta.url)

// --- the preload, as a sandboxed renderer runs it ---------------------------------------------
// Electron's sandboxed preload gets a `require` that knows only these (lib/sandboxed_renderer):
// no other file, no npm package, no other Node built-in; and it runs as a classic script, never ESM.
const SANDBOX_MODULES = ['electron', 'electron/common', 'electron/renderer', 'events', 'node:events', 'timers', 'node:timers', 'url', 'node:url']

function loadSandboxedPreload(file, rendererElectron) {
  const out = { file: file ?? null, exists: !!file && existsSync(file), required: [], refused: [] }
  if (!out.exists) return out
  const source = readFileSync(file, 'utf8')
  const preloadRequire = (id) => {
    if (!SANDBOX_MODULES.includes(id)) {
      out.refused.push(id)
      throw new Error(`module not found: ${id}`)
    }
    out.required.push(id)
    return id.startsWith('electron') ? rendererElectron : nodeRequire(id)
  }
  const preloadProcess = { platform: process.platform, type: 'renderer', sandboxed: true, contextIsolated: true, versions: { ...process.versions }, env: {}, argv: [] }
  const context = vm.createContext({ console })
  context.window = context
  const params = ['exports', 'require', 'module', 'process', 'Buffer', 'global', 'setImmediate', 'clearImmediate']
  let fn
  try {
    fn = vm.compileFunction(source, params, { filename: file, parsingContext: context })
  } catch (e) {
    out.compileError = describe(e) // e.g. ESM syntax: a sandbox runs the preload as a classic script
    return out
  }
  const module = { exports: {} }
  try {
    fn(module.exports, preloadRequire, module, preloadProcess, Buffer, context, setImmediate, clearImmediate)
    out.ran = true
  } catch (e) {
    out.runError = describe(e)
  }
  return out
}

if (preloadOnly) {
  const exposeInMainWorld = () => {}
  const inert = { invoke: async () => undefined, on() {}, removeListener() {}, send() {}, sendSync() {} }
  Object.assign(report, { preload: loadSandboxedPreload(preloadOnly, { contextBridge: { exposeInMainWorld }, ipcRenderer: inert }) })
  save()
  process.exit(0)
}

// --- main -----------------------------------------------------------------------------------
const mainFile = join(outDir, 'main/index.js')
report.main = { file: mainFile, exists: existsSync(mainFile) }
try {
  await import(pathToFileURL(mainFile).href)
  report.main.imported = true
} catch (e) {
  report.main.importError = describe(e)
  save()
  process.exit(0)
}
const rec = globalThis.__electronStub
const app = (await import('./electron.mjs')).app
report.app = { listenersBeforeReady: app.eventNames().map(String) }
rec.ready.resolve()
await until(() => rec.windows.length > 0 && rec.windows[0].loads.length > 0)
report.app.listenersAfterReady = app.eventNames().map(String)
report.app.menuSet = rec.appMenu !== undefined && rec.appMenu !== null
report.app.menuLabels = (rec.appMenu?.items ?? []).map((i) => i.label ?? i.role ?? null)

report.windows = rec.windows.map((w) => ({
  webPreferences: w.options.webPreferences ?? {},
  loads: w.loads,
  webContentsEvents: w.webContents.eventNames().map(String),
  hasWindowOpenHandler: typeof w.webContents.windowOpenHandler === 'function',
}))
report.handlers = [...rec.handlers.keys()]

// --- renderer file ------------------------------------------------------------------------------
const win = rec.windows[0]
if (win) {
  const load = win.loads[0] ?? {}
  const file = load.file ?? (load.url?.startsWith('file:') ? new URL(load.url).pathname : null)
  report.renderer = { file, exists: file ? existsSync(file) : false, missingAssets: [] }
  if (report.renderer.exists) {
    const html = readFileSync(file, 'utf8')
    for (const [, ref] of html.matchAll(/(?:src|href)="(\.?\/?assets\/[^"]+)"/g)) {
      if (!existsSync(join(file, '..', ref))) report.renderer.missingAssets.push(ref)
    }
    report.renderer.csp = /Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? null
  }
}

// --- the preload, in the sandbox -------------------------------------------------------------
const preloadFile = win?.options.webPreferences?.preload
const listeners = new Map()
const exposedInMainWorld = {}
const probed = []
let forward = false
const rendererElectron = {
  contextBridge: {
    exposeInMainWorld(key, value) {
      exposedInMainWorld[key] = value
    },
  },
  ipcRenderer: {
    invoke(channel, ...args) {
      if (!forward) {
        probed.push(channel)
        return Promise.resolve(undefined)
      }
      const handler = rec.handlers.get(channel)
      if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`))
      // IPC carries structured clones both ways.
      return Promise.resolve(handler({ sender: win.webContents }, ...structuredClone(args))).then((r) => structuredClone(r))
    },
    on(channel, fn) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), fn])
    },
    removeListener(channel, fn) {
      listeners.set(channel, (listeners.get(channel) ?? []).filter((f) => f !== fn))
    },
    send(channel) {
      probed.push(channel)
    },
    sendSync(channel) {
      probed.push(channel)
    },
  },
}
rec.deliverToRenderer = (channel, args) => {
  for (const fn of listeners.get(channel) ?? []) fn({ senderId: 0 }, ...structuredClone(args))
}
report.preload = loadSandboxedPreload(preloadFile, rendererElectron)
report.preload.exposed = Object.fromEntries(
  Object.entries(exposedInMainWorld).map(([k, v]) => [k, typeof v === 'object' && v ? Object.keys(v) : typeof v]),
)

// Every exposed function, called once without forwarding, says which channel it uses.
const api = exposedInMainWorld.api
if (api && typeof api === 'object') {
  for (const [name, value] of Object.entries(api)) {
    if (typeof value !== 'function' || name === 'onEvent') continue
    try {
      await value()
    } catch (e) {
      report.errors.push(`api.${name}() without forwarding: ${describe(e)}`)
    }
  }
  // Then real round trips: page → preload → handler → services → back, cloned like IPC.
  forward = true
  const events = []
  if (typeof api.onEvent === 'function') api.onEvent((e) => events.push(e))
  const call = async (name, ...args) => {
    try {
      return await api[name](...args)
    } catch (e) {
      return { thrown: describe(e) }
    }
  }
  report.roundTrip = { listProfiles: await call('listProfiles') }
  const demo = await call('createDemoProfile')
  report.roundTrip.createDemoProfile = { ok: demo?.ok, error: demo?.error ?? null }
  if (demo?.ok) {
    const connected = await call('connect', demo.value.id)
    report.roundTrip.connect = { ok: connected?.ok, clusters: connected?.value?.clusters?.length ?? 0, error: connected?.error ?? null }
    const cluster = connected?.value?.clusters?.[0]?.id ?? connected?.value?.clusters?.[0]?.cluster
    if (cluster) {
      const list = await call('listSessions', demo.value.id, cluster)
      report.roundTrip.listSessions = { ok: list?.ok, error: list?.error ?? null }
      const gone = await call('terminateSessions', demo.value.id, cluster, ['00000000-0000-0000-0000-000000000001'], 'stub')
      report.roundTrip.terminateSessions = { ok: gone?.ok, error: gone?.error ?? null }
      await until(() => events.length > 0, 2000)
    }
  }
  report.roundTrip.events = events.map((e) => e?.type ?? typeof e)
  report.roundTrip.alertsFired = events.filter((e) => e?.type === 'watch-alert' && e.alert?.state === 'fired').length
}
report.preload.invoked = [...new Set(probed)]
report.preload.listened = [...listeners.keys()]

// --- what main refuses ----------------------------------------------------------------------
// Asked as Electron asks: from the main frame, by the page main loaded (or by another page).
const appUrl = win ? (win.loads[0]?.url ?? pathToFileURL(win.loads[0]?.file ?? '/').href) : 'file:///'
const ask = (permission, requestingUrl = appUrl) =>
  new Promise((res) => {
    const h = rec.permissionRequestHandler
    if (!h) return res('no handler')
    let settled = false
    h(win?.webContents, permission, (granted) => ((settled = true), res(granted)), { requestingUrl, isMainFrame: true })
    setTimeout(() => !settled && res('no answer'), 500)
  })
const check = (permission, requestingUrl = appUrl) =>
  rec.permissionCheckHandler
    ? rec.permissionCheckHandler(win?.webContents, permission, new URL(requestingUrl).origin, { requestingUrl, isMainFrame: true })
    : 'no handler'
report.permissions = { request: {}, check: {} }
for (const p of ['geolocation', 'media', 'notifications', 'openExternal', 'clipboard-read', 'clipboard-sanitized-write']) {
  report.permissions.request[p] = await ask(p)
  report.permissions.check[p] = check(p)
}
report.permissions.elsewhere = {
  request: await ask('clipboard-sanitized-write', 'https://evil.example/'),
  check: check('clipboard-sanitized-write', 'https://evil.example/'),
}
if (win) {
  const openHandler = win.webContents.windowOpenHandler
  report.windowOpen = {
    https: openHandler?.({ url: 'https://example.com/docs' })?.action ?? null,
    file: openHandler?.({ url: 'file:///etc/passwd' })?.action ?? null,
    openedExternally: rec.openedExternally,
  }
  const navigate = (url) => {
    let prevented = false
    win.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url)
    return prevented
  }
  report.navigation = { elsewherePrevented: navigate('https://evil.example/'), appPrevented: navigate(appUrl) }
  let webviewPrevented = false
  const contents = new (await import('node:events')).EventEmitter()
  app.emit('web-contents-created', {}, contents)
  contents.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) }, {}, {})
  report.webviewPrevented = webviewPrevented
}

// Main tells alerts a burst at a time (src-shared/alert-burst.ts): a toast for several says how many.
const toldByToasts = () =>
  rec.notifications.reduce((n, t) => n + Number(/^Новых тревог: (\d+)$/.exec(t.title ?? '')?.[1] ?? 1), 0)
await until(() => toldByToasts() >= (report.roundTrip?.alertsFired ?? 0), 5000)
report.tray = { before: structuredClone(rec.trays), notifications: structuredClone(rec.notifications) }

// --- quitting: the first quit is held while the services are disposed, then the app ends -------
app.quit()
report.quit = { heldFor: rec.quitHeld, ended: await until(() => rec.exited, 10_000), exitCode: rec.exitCode ?? 0 }
report.tray.destroyedOnQuit = rec.trays.every((t) => t.destroyed)
report.unknown = [...new Set(rec.unknown)]
save()
process.exit(0) // sockets of a demo cluster that failed to stop must not hang the test

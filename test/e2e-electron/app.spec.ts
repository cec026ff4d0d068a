/**
 * The real desktop app, where an Electron binary exists: launches the built app and checks the
 * window, the bridge, and that Node is unreachable from the page. Machines without the binary
 * (no internet to download it) skip it and print why.
 */
import { test, expect, _electron as electron } from '@playwright/test'
import { existsSync, readFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '../..')

/** Finds the binary without require('electron'), which would try to download it. */
function electronBinary(): { path: string | null; why: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) {
    const candidates = ['electron', 'electron.exe', 'Electron.app/Contents/MacOS/Electron'].map((f) =>
      join(override, f),
    )
    const found = candidates.find((p) => existsSync(p))
    return found
      ? { path: found, why: '' }
      : { path: null, why: `ELECTRON_OVERRIDE_DIST_PATH=${override} holds no electron binary` }
  }
  const pathTxt = join(root, 'node_modules/electron/path.txt')
  if (!existsSync(pathTxt)) {
    return {
      path: null,
      why: `Electron binary not installed (${pathTxt} missing; run "npx install-electron" with internet access, or set ELECTRON_OVERRIDE_DIST_PATH)`,
    }
  }
  const binary = join(root, 'node_modules/electron/dist', readFileSync(pathTxt, 'utf8').trim())
  return existsSync(binary) ? { path: binary, why: '' } : { path: null, why: `Electron binary missing at ${binary}` }
}

const binary = electronBinary()
if (!binary.path) console.log(`[electron e2e] SKIPPED: ${binary.why}`)

test('the desktop app opens a secure window with the bridge', async () => {
  test.skip(!binary.path, binary.why)
  const userData = mkdtempSync(join(tmpdir(), 'clusterdesk-electron-'))
  const app = await electron.launch({
    executablePath: binary.path!,
    args: [root, `--user-data-dir=${userData}`],
    env: { ...process.env, CLUSTERDESK_E2E: '1' },
  })
  try {
    const page = await app.firstWindow()
    await expect(page).toHaveTitle(/ClusterDesk/)
    const exposure = await page.evaluate(() => ({
      api: typeof (window as unknown as { api?: unknown }).api,
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }))
    expect(exposure).toEqual({ api: 'object', require: 'undefined', process: 'undefined' })
    const profiles = await page.evaluate(() => window.api.listProfiles())
    expect(profiles.ok).toBe(true)
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]!
      // getLastWebPreferences() exists at run time but not in every typings version.
      const wc = w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> | null }
      const p = wc.getLastWebPreferences()
      return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration }
    })
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false })
  } finally {
    await app.close()
  }
})

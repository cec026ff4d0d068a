#!/usr/bin/env node
/**
 * Runs @doyensec/electronegativity over the Electron-facing code (main entry, electron adapters,
 * preload and the src-shared code it imports, the renderer's index.html with its CSP) and fails on
 * any finding that is not in the accepted list below. Each accepted finding says why; the README
 * repeats them.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')

/** check id + file suffix → reason. */
const ACCEPTED = [
  ['PRELOAD_JS_CHECK', 'electron/window.ts', 'the preload exposes only the typed contract (src-preload/index.ts), no ipcRenderer'],
  ['CSP_GLOBAL_CHECK', 'src-renderer/index.html', "style-src needs 'unsafe-inline': naive-ui injects its styles at run time; scripts stay 'self' only"],
  ['OPEN_EXTERNAL_JS_CHECK', 'electron/window.ts', 'only https URLs without credentials pass isSafeExternalUrl (unit-tested)'],
]

const stage = mkdtempSync(join(tmpdir(), 'clusterdesk-electronegativity-'))
try {
  mkdirSync(join(stage, 'src-main'), { recursive: true })
  cpSync(join(root, 'src-main/index.ts'), join(stage, 'src-main/index.ts'))
  cpSync(join(root, 'src-main/electron'), join(stage, 'src-main/electron'), { recursive: true })
  cpSync(join(root, 'src-preload'), join(stage, 'src-preload'), { recursive: true })
  cpSync(join(root, 'src-shared'), join(stage, 'src-shared'), { recursive: true }) // what the preload imports
  mkdirSync(join(stage, 'src-renderer'))
  cpSync(join(root, 'src-renderer/index.html'), join(stage, 'src-renderer/index.html'))
  const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version
  // SARIF (JSON), not CSV: a code sample with a line break would split a CSV row.
  const report = join(stage, 'findings.sarif')
  const run = spawnSync(
    process.execPath,
    [join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'), '-i', stage, '-r', '-e', electronVersion, '-v', 'false', '-o', report],
    { encoding: 'utf8' },
  )
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr)
    process.exit(1)
  }
  const results = JSON.parse(readFileSync(report, 'utf8')).runs.flatMap((r) => r.results ?? [])
  const findings = results.map((r) => {
    const where = r.locations?.[0]?.physicalLocation ?? {}
    return {
      check: r.ruleId,
      severity: r.level,
      file: where.artifactLocation?.uri ?? '',
      location: `${where.region?.startLine ?? '?'}:${where.region?.startColumn ?? '?'}`,
      sample: r.message?.text ?? '',
    }
  })
  let failed = 0
  for (const f of findings) {
    const accepted = ACCEPTED.find(([check, file]) => f.check === check && f.file.endsWith(file))
    if (accepted) console.log(`accepted  ${f.check} ${f.file}:${f.location} — ${accepted[2]}`)
    else {
      failed++
      console.log(`FINDING   ${f.check} (${f.severity}) ${f.file}:${f.location} ${f.sample}`)
    }
  }
  console.log(`electronegativity: ${findings.length} finding(s), ${failed} not accepted`)
  process.exit(failed ? 1 : 0)
} finally {
  rmSync(stage, { recursive: true, force: true })
}

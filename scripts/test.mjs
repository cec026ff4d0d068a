#!/usr/bin/env node
/**
 * `npm test`: type-check, lint, unit and component tests, build, browser tests — in that order,
 * stopping at the first failing step. Test counts go to reports/*.json; `.ci/summary.mjs` reads them.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const reports = resolve(root, 'reports')
mkdirSync(reports, { recursive: true })
rmSync(resolve(reports, 'vitest.json'), { force: true })
rmSync(resolve(reports, 'playwright.json'), { force: true })

const steps = [
  ['type-check', 'npx', ['vue-tsc', '-b']],
  ['lint', 'npx', ['eslint', '.']],
  ['format', 'npx', ['prettier', '--check', 'src-*/**/*.{ts,vue}', 'test/**/*.ts']],
  ['electronegativity', 'node', ['scripts/electronegativity.mjs']],
  [
    'unit and component tests',
    'npx',
    ['vitest', 'run', '--config', 'test/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${reports}/vitest.json`],
  ],
  ['build', 'npm', ['run', '--silent', 'build']],
  [
    'browser tests',
    'npx',
    ['playwright', 'test', '-c', 'test/playwright.config.ts', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/playwright.json` },
  ],
]

const only = process.argv.slice(2)
for (const [name, cmd, args, env] of steps) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue
  const started = Date.now()
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  const secs = ((Date.now() - started) / 1000).toFixed(1)
  if (r.status !== 0) {
    console.error(`\n=== ${name} FAILED after ${secs}s (exit ${r.status ?? r.signal})`)
    process.exit(1)
  }
  console.log(`=== ${name} ok in ${secs}s`)
}

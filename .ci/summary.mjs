#!/usr/bin/env node
// Sums vitest's and Playwright's JSON reports into the one line CI reads:
// "tests: N passed, N failed, N skipped". Exits 1 when a test failed or none ran.
import { existsSync, readFileSync } from 'node:fs'

let passed = 0
let failed = 0
let skipped = 0
const [vitestPath, playwrightPath] = process.argv.slice(2)

if (vitestPath && existsSync(vitestPath)) {
  const v = JSON.parse(readFileSync(vitestPath, 'utf8'))
  passed += v.numPassedTests ?? 0
  failed += (v.numFailedTests ?? 0) + (v.numRuntimeErrors ?? 0)
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0)
  if (v.success === false && (v.numFailedTests ?? 0) === 0) failed += 1 // a suite failed to load
} else {
  console.log('no vitest report (the run stopped before the unit tests)')
}
if (playwrightPath && existsSync(playwrightPath)) {
  const s = JSON.parse(readFileSync(playwrightPath, 'utf8')).stats ?? {}
  passed += (s.expected ?? 0) + (s.flaky ?? 0)
  failed += s.unexpected ?? 0
  skipped += s.skipped ?? 0
} else {
  console.log('no Playwright report (the run stopped before the browser tests)')
}

console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)

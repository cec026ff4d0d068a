import { defineConfig } from '@playwright/test'

export default defineConfig({
  // A loaded 2-core CI machine renders slower than a desk; waiting longer never hides a failure.
  // The runbook flow (lock, countdown, terminate, wait, unlock, audit, export) takes ~50 s idle.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  workers: 2,
  reporter: 'list',
  outputDir: './test-results',
  // The simulated server keeps Moscow's wall clock (UTC+3); the desktop is never in its zone here:
  // every spec runs 3 hours west of it, and those where server time meets the desktop clock (locks,
  // the runbook, export/copy, the history's charts) run again 7 hours east of it.
  projects: [
    { name: 'chromium', testDir: './e2e', use: { timezoneId: 'UTC' } },
    {
      name: 'chromium-vladivostok',
      testDir: './e2e',
      testMatch: /\/(lock|runbook|export|history)\.spec\.ts$/,
      use: { timezoneId: 'Asia/Vladivostok' },
    },
    { name: 'electron', testDir: './e2e-electron' },
  ],
  use: {
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--disable-gpu', '--disable-quic', '--disable-sync'],
    },
  },
})

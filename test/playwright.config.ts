import { defineConfig } from '@playwright/test'

export default defineConfig({
  timeout: 60_000,
  // A loaded 2-core CI machine renders slower than a desk; waiting longer never hides a failure.
  expect: { timeout: 10_000 },
  workers: 2,
  reporter: 'list',
  outputDir: './test-results',
  projects: [
    { name: 'chromium', testDir: './e2e' },
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

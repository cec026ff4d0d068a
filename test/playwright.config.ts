import { defineConfig } from '@playwright/test'

export default defineConfig({
  timeout: 60_000,
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

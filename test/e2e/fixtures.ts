/**
 * Playwright fixtures: `app` starts a harness (test.use({ harness: {...} }) configures it) and
 * opens the page; any console error or page error fails the test. `ui` is that page as the
 * user sees it (page objects, ./pages).
 */
import { test as base, expect, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { startHarness, type Harness, type HarnessOptions } from './harness'
import { ClusterDesk } from './pages'

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../reports/screenshots')

interface Fixtures {
  harness: HarnessOptions
  language: 'ru' | 'en'
  app: Harness & { page: Page; shot(name: string): Promise<void> }
  ui: ClusterDesk
}

export const test = base.extend<Fixtures>({
  harness: [{}, { option: true }],
  language: ['en', { option: true }],
  app: async ({ page, harness: options, language }, use, testInfo) => {
    const problems: string[] = []
    // What the page says while the test runs; once the harness is stopping, a request still on its
    // way (a refresh, the event stream) meets a closed server, which is the test ending, not a fault.
    let stopping = false
    page.on('pageerror', (e) => stopping || problems.push(`page error: ${e.message}`))
    page.on('console', (m) => {
      if (!stopping && m.type() === 'error') problems.push(`console error: ${m.text()}`)
    })
    const harness = await startHarness(options)
    await page.addInitScript((lang) => {
      if (!localStorage.getItem('clusterdesk.locale')) localStorage.setItem('clusterdesk.locale', lang)
    }, language)
    await page.goto(harness.url)
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    const shot = async (name: string) => {
      // Specs that run in several zones keep one screenshot per zone.
      const project = testInfo.project.name
      const path = resolve(SCREENSHOT_DIR, `${project === 'chromium' ? name : `${name}-${project}`}.png`)
      await page.screenshot({ path })
      await testInfo.attach(name, { path, contentType: 'image/png' })
    }
    try {
      await use({ ...harness, page, shot })
    } finally {
      stopping = true
      await harness.stop()
    }
    expect(problems, 'console and page errors').toEqual([])
  },
  ui: async ({ app }, use) => {
    await use(new ClusterDesk(app.page))
  },
})

export { expect }

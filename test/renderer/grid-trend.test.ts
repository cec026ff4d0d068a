/**
 * The grid's Trend column (issue 17) over the real api (createServices + createApi, a real
 * history file in a temp folder the world filled with 40 minutes): off until chosen, then each
 * row in view draws its session's CPU and memory of the last 30 minutes, named by their latest
 * values; historyTrends is asked only for the rows drawn, once per tab refresh (not per redraw).
 */
import { h, render } from 'vue'
import { describe, expect, it, vi } from 'vitest'
import { setLocale } from '../../src-renderer/src/i18n'
import { renderTrendCell } from '../../src-renderer/src/grid/trend-cell'
import { formatMetric } from '../../src-renderer/src/history/metrics'
import { openProfile, settle, startApp, stopWorldAfterEach } from './app-world'
import { q, qa } from './mount'

const WAIT = { timeout: 15_000 }
stopWorldAfterEach()

const trendCells = () => qa('session-row').map((r) => r.querySelector<HTMLElement>('[data-col-key="trend"]'))

async function showTrendColumn() {
  q('column-chooser')!.click()
  await vi.waitFor(() => expect(q('column-toggle-trend')).not.toBeNull(), WAIT)
  q('column-toggle-trend')!.querySelector<HTMLElement>('.n-checkbox-box')!.click()
  await settle()
}

describe('grid trend column', () => {
  it('is off by default; chosen, draws CPU and memory of the rows in view, asking only for them', async () => {
    const { world } = await startApp({ profiles: ['test'], historyMinutes: 40, sessions: 120 })
    await openProfile('Тестовый')
    expect(document.querySelector('[data-col-key="trend"]')).toBeNull()
    await settle()
    expect(world.calls('historyTrends')).toHaveLength(0)

    await showTrendColumn()
    expect(document.querySelector('[role="columnheader"][data-col-key="trend"]')!.textContent).toContain(
      'Trend (30 min)',
    )
    await vi.waitFor(() => expect(qa('grid-trend').length).toBe(qa('session-row').length), WAIT)

    const rows = qa('session-row')
    expect(rows.length).toBeLessThan(120)
    const drawn = new Set(rows.map((r) => r.dataset.session!))
    const calls = world.calls('historyTrends')
    expect(calls).toHaveLength(1)
    const asked = calls[0]!.args[2] as string[]
    expect(asked.length).toBeLessThanOrEqual(drawn.size)
    for (const id of asked) expect(drawn.has(id)).toBe(true)
    expect(calls[0]!.args[1]).toBe(world.clusterId('test'))

    for (const cell of trendCells()) {
      const svg = cell!.querySelector<SVGElement>('[data-testid="grid-trend"]')!
      // 30 minutes of one sample a minute, up to the newest.
      expect(Number(svg.dataset.points)).toBeGreaterThanOrEqual(25)
      expect(svg.getAttribute('role')).toBe('img')
      const label = svg.getAttribute('aria-label')!
      expect(label).toMatch(/^CPU [\d.,]+ s, memory [\d.,]+\s?(B|KB|MB|GB) over 30 min \(latest values\)$/)
      expect(svg.querySelector('title')!.textContent).toBe(label)
      for (const metric of ['cpu', 'memory']) {
        const d = svg.querySelector(`path[data-metric="${metric}"]`)!.getAttribute('d')!
        expect(d).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){20,}$/)
      }
    }
    // The figures named are the session's latest samples in the history, in the grid's units.
    const first = rows[0]!.dataset.session!
    const r = await world.api.historyTrends(world.id('test'), world.clusterId('test'), [first])
    if (!r.ok) throw new Error(r.error.message)
    const s = r.value.trends[0]!
    expect(trendCells()[0]!.querySelector('svg')!.getAttribute('aria-label')).toBe(
      `CPU ${formatMetric('cpu', s.cpu.at(-1)!, 'en')}, memory ${formatMetric('memory', s.memory.at(-1)!, 'en')} over 30 min (latest values)`,
    )
  })

  it('redraws from what it has (another language) and asks again after the tab refreshes', async () => {
    const { world } = await startApp({ profiles: ['test'], historyMinutes: 35 })
    await openProfile('Тестовый')
    await showTrendColumn()
    await vi.waitFor(() => expect(qa('grid-trend').length).toBeGreaterThan(0), WAIT)
    expect(world.calls('historyTrends')).toHaveLength(1)

    setLocale('ru')
    await settle()
    expect(q('grid-trend')!.getAttribute('aria-label')).toMatch(/^Процессор .+, память .+ за 30 мин/)
    await new Promise((r) => setTimeout(r, 400))
    expect(world.calls('historyTrends')).toHaveLength(1)
    setLocale('en')

    q('refresh')!.click()
    await vi.waitFor(() => expect(world.calls('historyTrends')).toHaveLength(2), WAIT)
    const drawn = new Set(qa('session-row').map((r) => r.dataset.session!))
    for (const id of world.calls('historyTrends')[1]!.args[2] as string[]) expect(drawn.has(id)).toBe(true)
  })

  it('a session with no history: an empty cell named so', () => {
    const el = document.createElement('div')
    const none = 'No history of this session in the last 30 minutes'
    render(h('div', [renderTrendCell('s1', { lookup: () => null, label: '{cpu} {memory}', none }, 'en')]), el)
    const mark = el.querySelector('[data-testid="grid-trend-none"]')!
    expect(mark.getAttribute('aria-label')).toBe(none)
    expect(mark.getAttribute('role')).toBe('img')
    expect(mark.textContent).toBe('')
    render(null, el)
  })
})

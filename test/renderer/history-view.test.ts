/**
 * The history tab over the real api (createServices + createApi, a real history file in a temp
 * folder, the simulators living on a clock the world starts 90 minutes ago): opened from a cluster
 * tab, it shows the timeline's summary and "who consumed it", follows the metric and the range,
 * opens a user's timeline, exports CSV, and speaks Russian. The charts themselves need a canvas
 * (Chromium: test/e2e/history.spec.ts); here their text alternative is what is read.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TimelineQuery } from '../../src-shared/history-contract'
import { setLocale } from '../../src-renderer/src/i18n'
import { formatMetric } from '../../src-renderer/src/history/metrics'
import { openProfile, settle, startApp, stopWorldAfterEach } from './app-world'
import { q, qa } from './mount'

const WAIT = { timeout: 15_000 }

/** A sample of one session that used `cpu` — more than any the simulator's world records. */
function oneSessionSample(o: {
  cluster: string
  at: number
  session: string
  sessionId: number
  userName: string
  appId: string
  cpu: number
}) {
  return {
    cluster: o.cluster,
    server: 'test',
    clusterName: 'test',
    at: o.at,
    totals: {
      sessions: 1,
      active: 1,
      sleeping: 0,
      byAppId: { [o.appId]: 1 },
      cpu: o.cpu,
      memory: 0,
      dbms: 0,
      calls: 1,
    },
    sessions: {
      session: [o.session],
      sessionId: [o.sessionId],
      userName: [o.userName],
      infobaseName: ['ib'],
      host: ['srv'],
      appId: [o.appId],
      cpu: [o.cpu],
      memory: [0],
      dbms: [0],
      calls: [1],
    },
  }
}
stopWorldAfterEach()
afterEach(() => vi.restoreAllMocks())

async function openHistory() {
  await openProfile('Тестовый')
  q('history-open')!.click()
  await vi.waitFor(() => expect(q('history-summary')?.textContent).toMatch(/\d+ samples/), WAIT)
  await vi.waitFor(() => expect(qa('history-top-user').length).toBeGreaterThan(0), WAIT)
}

describe('history tab', () => {
  it('shows the last 24 h up to the newest sample, who consumed it, and follows metric and range', async () => {
    const { world } = await startApp({ profiles: ['test'], historyMinutes: 90 })
    await openHistory()
    expect(q('history-view')!.getAttribute('aria-label')).toContain('History of')
    expect(document.querySelector('[role="tab"][aria-selected="true"]')!.textContent).toContain('History ·')

    const timelines = world.calls('historyTimeline')
    const asked = timelines.at(-1)!.args[2] as { from: number; to: number; points?: number }
    expect(asked.to - asked.from).toBe(24 * 3_600_000)
    // Two points per pixel column of a window-wide chart: main folds longer periods to that.
    expect(asked.points).toBe(2 * window.innerWidth)
    const newest = world.services.history.store()!.newest()!
    expect(asked.to).toBe(newest + 1)
    // 90 minutes recorded, and the refresh that opened the tab: about 91 samples.
    const samples = Number(q('history-summary')!.textContent!.match(/(\d+) samples/)![1])
    expect(samples).toBeGreaterThanOrEqual(90)
    expect(q('history-shown')!.textContent).toContain('(server time)')

    // The metric drives the lists: asked again by memory, values in the grid's units.
    expect(q('history-top')!.dataset.by).toBe('cpu')
    q('history-metric-memory')!.click()
    await vi.waitFor(() => expect(q('history-top')!.dataset.by).toBe('memory'), WAIT)
    expect(q('history-metric-memory')!.getAttribute('aria-pressed')).toBe('true')
    expect(q('history-top-value')!.textContent).toMatch(/\d\s?(B|KB|MB|GB)$/)

    // The last hour: a period one hour long, the lists follow it.
    q('history-range-hour')!.click()
    await vi.waitFor(() => {
      const p = world.calls('historyTop').at(-1)!.args[2] as { from: number; to: number; by: string }
      expect(p.to - p.from).toBe(3_600_000)
      expect(p.by).toBe('memory')
    }, WAIT)
  })

  it('opens a user’s timeline from the top users: sessions per infobase and computer, a session’s counters', async () => {
    const { world } = await startApp({ profiles: ['test'], historyMinutes: 60 })
    await openHistory()
    const first = qa('history-top-user')[0]!
    const user = first.dataset.user!
    first.querySelector<HTMLButtonElement>('[data-testid="history-open-user"]')!.click()
    await vi.waitFor(() => expect(qa('history-span').length).toBeGreaterThan(0), WAIT)
    expect(q('history-user')!.dataset.user).toBe(user)
    expect(world.calls('historyUser').at(-1)!.args[2]).toBe(user)
    const span = qa('history-span')[0]!
    expect(span.getAttribute('aria-label')).toMatch(/^Session \d+, .+ on .+: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d – /)
    // The first session is chosen: its series is below.
    expect(q('history-session-series')!.dataset.session).toBe(span.dataset.session)
    q('history-user-close')!.click()
    await settle()
    expect(q('history-user')).toBeNull()
  })

  it('opens the timeline of sessions without a user (system background jobs) like any other', async () => {
    const { world } = await startApp({ profiles: ['test'], historyMinutes: 20 })
    await openHistory()
    const cluster = world.calls('historyTimeline').at(-1)!.args[1] as string
    const store = world.services.history.store()!
    const at = store.newest()! + 60_000
    // A sample with one system background job (no user) that used more CPU than anyone.
    store.record(
      oneSessionSample({
        cluster,
        at,
        session: '00000000-0000-4000-8000-00000000bbbb',
        sessionId: 9999,
        userName: '',
        appId: 'SystemBackgroundJob',
        cpu: 9e8,
      }),
    )
    q('history-range-day')!.click()
    await vi.waitFor(() => expect(qa('history-top-user')[0]?.dataset.user).toBe(''), WAIT)
    qa('history-top-user')[0]!.querySelector<HTMLButtonElement>('[data-testid="history-open-user"]')!.click()
    await vi.waitFor(() => expect(q('history-user')?.dataset.user).toBe(''), WAIT)
    expect(q('history-user')!.textContent).toContain('(no user)')
    await vi.waitFor(
      () =>
        expect(qa('history-span').some((b) => b.getAttribute('aria-label')!.startsWith('Session 9999,'))).toBe(true),
      WAIT,
    )
  })

  it('30 days, folded per column: the summary’s peak is the moment of the sample that had it, in server time', async () => {
    const zone = process.env.TZ
    process.env.TZ = 'America/Los_Angeles' // neither the simulator's Moscow nor UTC
    try {
      const { world } = await startApp({ profiles: ['test'], historyMinutes: 60 })
      await openHistory()
      const cluster = world.calls('historyTimeline').at(-1)!.args[1] as string
      const store = world.services.history.store()!
      // 4 min 20 s into a 10-minute row half an hour back: samples before and after it in its row.
      const row = Math.floor(store.newest()! / 600_000) * 600_000 - 30 * 60_000
      const at = row + 4 * 60_000 + 20_345
      store.record(
        oneSessionSample({
          cluster,
          at,
          session: '00000000-0000-4000-8000-00000000cccc',
          sessionId: 9998,
          userName: 'Пиков',
          appId: '1CV8C',
          cpu: 9e9,
        }),
      )
      q('history-range-month')!.click()
      await vi.waitFor(() => expect(q('history-folded')?.textContent).toMatch(/lowest and highest/), WAIT)
      const serverTime = new Date(at).toISOString().slice(0, 19).replace('T', ' ')
      await vi.waitFor(
        () =>
          expect(q('history-summary')!.textContent).toContain(
            `CPU peaked at ${formatMetric('cpu', 9e9, 'en')} at ${serverTime}.`,
          ),
        WAIT,
      )
      // The columns alone put it at another moment: the last of the peak's column.
      const [profile, , query] = world.calls('historyTimeline').at(-1)!.args as [string, string, TimelineQuery]
      const r = await world.api.historyTimeline(profile, cluster, query)
      if (!r.ok) throw new Error(r.error.message)
      expect(r.value.step).toBeGreaterThanOrEqual(10 * 60_000)
      const { at: times, cpu } = r.value.totals
      expect(times[cpu.indexOf(Math.max(...cpu))]).toBeGreaterThan(at + 60_000)
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })

  it('exports the timeline as CSV with the server-time column labelled, and shows a table instead of the chart', async () => {
    await startApp({ profiles: ['test'], historyMinutes: 30 })
    await openHistory()
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b: Blob | MediaSource) => {
      blobs.push(b as Blob)
      return 'blob:history'
    })
    q('history-timeline-export-csv')!.click()
    await vi.waitFor(() => expect(blobs).toHaveLength(1), WAIT)
    const csv = await blobs[0]!.text()
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFF"Time \(server time\)","Sessions","Active","Sleeping",/)
    expect(csv.split('\r\n')[1]).toMatch(/^"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d","\d+"/)

    q('history-table-toggle')!.click()
    await settle()
    expect(q('history-table-toggle')!.getAttribute('aria-pressed')).toBe('true')
    expect(qa('chart-table-row').length).toBeGreaterThanOrEqual(30)
    expect(q('history-sessions-chart')).toBeNull()
  })

  it('speaks Russian at run time: server time labelled so, metrics named', async () => {
    await startApp({ profiles: ['test'], historyMinutes: 20 })
    await openHistory()
    setLocale('ru')
    await settle()
    expect(q('history-shown')!.textContent).toContain('(время сервера)')
    expect(q('history-summary')!.textContent).toMatch(/\d замер(а|ов)? с \d\d\.\d\d\.\d{4}/)
    expect(q('history-metric-dbms')!.textContent).toBe('Время СУБД')
    setLocale('en')
  })

  it('settings: the file, its size and the retention; saved through setHistorySettings', async () => {
    const { world } = await startApp({ profiles: ['test'], historyMinutes: 5 })
    await openHistory()
    q('history-settings-open')!.click()
    await vi.waitFor(() => expect(q('history-file')?.textContent).toContain('history.sqlite'), WAIT)
    expect(Number(q('history-size')!.dataset.bytes)).toBeGreaterThan(0)
    const input = q('history-setting-rawHours')!.querySelector('input')!
    expect(input.value).toBe('48')
    input.value = '24'
    input.dispatchEvent(new Event('input', { bubbles: true }))
    input.dispatchEvent(new Event('blur'))
    await settle()
    q('history-settings-save')!.click()
    await vi.waitFor(() => expect(world.calls('setHistorySettings')).toHaveLength(1), WAIT)
    await vi.waitFor(() => expect(world.services.history.settings().rawHours).toBe(24), WAIT)
  })

  it('marks the app’s terminate on the timeline and opens its audit log entry', async () => {
    const { world } = await startApp({ profiles: ['test'], historyMinutes: 10 })
    const victim = world.rows('test')[0]!
    const r = await world.api.terminateSessions(world.id('test'), world.clusterId('test'), [victim.session], 'bye')
    expect(r.ok).toBe(true)
    await openHistory()
    const mark = await vi.waitFor(() => {
      const m = qa('history-mark').find((x) => x.dataset.kind === 'terminate')
      expect(m).toBeDefined()
      return m!
    }, WAIT)
    expect(mark.textContent).toContain('Terminated')
    mark.querySelector<HTMLElement>('[data-testid="history-mark-audit"]')!.click()
    await vi.waitFor(
      () => expect(document.querySelector('[data-testid="audit-row"][data-focused="true"]')).not.toBeNull(),
      WAIT,
    )
    const focused = document.querySelector<HTMLElement>('[data-testid="audit-row"][data-focused="true"]')!
    expect(focused.dataset.action).toBe('terminate')
  })

  it('session details: CPU and memory of the last 30 minutes as sparklines with their values named', async () => {
    await startApp({ profiles: ['test'], historyMinutes: 40 })
    await openProfile('Тестовый')
    qa('session-row')[0]!.click()
    await settle()
    q('selection-bar-details')!.click()
    await vi.waitFor(() => expect(Number(q('session-trend')?.dataset.points)).toBeGreaterThan(20), WAIT)
    const sparks = qa('sparkline', q('session-trend')!)
    expect(sparks).toHaveLength(2)
    expect(sparks[0]!.getAttribute('aria-label')).toMatch(/^CPU over the last 30 minutes: from .+ to .+, peak .+ s$/)
    expect(sparks[1]!.getAttribute('aria-label')).toMatch(/^Memory over the last 30 minutes: .+(B|KB|MB|GB)$/)
    expect(sparks[0]!.querySelector('path')!.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){20,}/)
  })

  it('a damaged history file: moved aside, and the history tab and its settings say so', async () => {
    const { world } = await startApp({ profiles: ['test'], historyMinutes: 0 })
    // Before the first list opens the history: not SQLite at all.
    writeFileSync(join(world.dataDir, 'history.sqlite'), 'not a database, just text '.repeat(400))
    await openProfile('Тестовый')
    q('history-open')!.click()
    await vi.waitFor(() => expect(q('history-kept-aside')).not.toBeNull(), WAIT)
    expect(q('history-kept-aside')!.textContent).toContain('history.sqlite.corrupt-')
    q('history-settings-open')!.click()
    await vi.waitFor(() => expect(qa('history-kept-aside')).toHaveLength(2), WAIT)
  })
})

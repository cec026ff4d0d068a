/**
 * The notification centre over the real api (issue 19): a refresh that finds a long call turns
 * the bell amber with a count; the centre lists the alert with its time on the server's clock;
 * "Open the cluster" selects the session in its tab; the all-clear moves it out of "open now".
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { formatServerTime } from '../../src-renderer/src/format/server-time'
import { useAlertsStore } from '../../src-renderer/src/stores/alerts'
import { openProfile, reloadApp, settle, startApp, stopWorldAfterEach } from './app-world'
import { commitNumber, q, qa } from './mount'

const WAIT = { timeout: 10_000 }
beforeAll(() => vi.stubEnv('TZ', 'America/Sao_Paulo')) // six hours behind the simulated server
afterAll(() => vi.unstubAllEnvs())
stopWorldAfterEach()

/** The app over one 30-session cluster with no call running or blocked, its tab open. */
async function quietClusterOpen() {
  const { world } = await startApp({ profiles: ['test'], sessions: 30 }, 1)
  const sim = world.sim('test')
  const c = sim.world.requireCluster(sim.clusters[0]!.id)
  for (const s of c.sessions.values()) {
    s.durationCurrent = 0
    s.blockedByDbms = 0
    s.blockedByLs = 0
  }
  sim.world.touch(c)
  await openProfile('Тестовый контур')
  return { world, sim, c }
}

describe('notification centre', () => {
  it('a long call found by a refresh: amber bell, the alert in server time, and a way to its session', async () => {
    const { world, sim, c } = await quietClusterOpen()
    const victim = [...c.sessions.values()].find((s) => s.appId === '1CV8C')!
    victim.durationCurrent = 185_000
    sim.world.sessionsChanged(c, [victim])
    q('refresh')!.click()
    // The world's furnished cluster may raise others too (a spare server, a locked infobase):
    // the bell is at least amber, and the long call is among the open alerts.
    await vi.waitFor(() => expect(['warning', 'critical']).toContain(q('alerts-open')!.dataset.level), WAIT)
    expect(Number(q('alerts-unseen')!.textContent)).toBeGreaterThanOrEqual(1)

    q('alerts-open')!.click()
    const longCall = () =>
      qa('alert-item', q('alerts-now') ?? document.body).find(
        (el) => el.dataset.rule === 'long-call' && el.textContent!.includes(victim.userName),
      )
    await vi.waitFor(() => expect(longCall()).toBeDefined(), WAIT)
    const item = longCall()!
    expect(item.textContent).toContain('Long server call: 185 s')
    const at = Number(item.dataset.at)
    expect(Math.abs(at - world.serverNow())).toBeLessThan(60_000) // the server's clock, not this desktop's
    expect(item.querySelector('[data-testid="alert-time"]')!.textContent).toBe(
      `${formatServerTime(at, 'en')} (server time)`,
    )

    item.querySelector<HTMLElement>('[data-testid="alert-go"]')!.click()
    await vi.waitFor(() => {
      const row = qa('session-row').find((r) => r.dataset.session === victim.session)
      expect(row?.dataset.selected).toBe('true')
    }, WAIT)

    victim.durationCurrent = 0
    sim.world.sessionsChanged(c, [victim])
    q('refresh')!.click()
    const cleared = () =>
      qa('alert-item').filter((el) => el.dataset.rule === 'long-call' && el.textContent!.includes(victim.userName))
    await vi.waitFor(() => expect(cleared().map((el) => el.dataset.state)).toEqual(['cleared', 'fired']), WAIT)
    await settle()
    const now = q('alerts-now')
    expect(now ? qa('alert-item', now).filter((el) => el.dataset.rule === 'long-call') : []).toEqual([])
  })
})

describe('browser notifications (the web preview, once allowed)', () => {
  it('alerts fired together are one notification: how many and the worst; its click opens the centre', async () => {
    // happy-dom has no Notification: a stand-in for the browser's, which records what it is asked.
    const shown: Array<{ title: string; options: NotificationOptions; onclick: (() => void) | null }> = []
    let asked = 0
    vi.stubGlobal(
      'Notification',
      class {
        onclick: (() => void) | null = null
        static get permission() {
          asked++
          return 'granted'
        }
        constructor(title: string, options: NotificationOptions) {
          shown.push(Object.assign(this, { title, options }))
        }
      },
    )
    try {
      const { sim, c } = await quietClusterOpen()
      await settle()
      shown.length = 0
      asked = 0
      const victims = [...c.sessions.values()].filter((s) => s.appId === '1CV8C').slice(0, 3)
      for (const s of victims) s.durationCurrent = 185_000
      sim.world.sessionsChanged(c, victims)
      q('refresh')!.click()
      const burst = () => shown.find((n) => /^\d+ new alerts$/.test(n.title))
      await vi.waitFor(() => expect(burst()).toBeDefined(), WAIT)
      const n = burst()!
      expect(Number(/^\d+/.exec(n.title)![0])).toBeGreaterThanOrEqual(3)
      expect(n.options.body).toMatch(/^.+ · and \d+ more$/)
      // No notification of its own for any of the long calls, and one permission check per burst.
      expect(shown.filter((x) => x.title === 'Long server call: 185 s')).toEqual([])
      expect(asked).toBe(shown.length)
      n.onclick!()
      await vi.waitFor(() => expect(q('alerts-now')).not.toBeNull(), WAIT)
      const open = qa('alert-item', q('alerts-now')!).filter((el) => el.dataset.rule === 'long-call')
      expect(open.length).toBeGreaterThanOrEqual(3)
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('the bell’s count', () => {
  it('counts what fired since the centre was last opened, across a reload of the window', async () => {
    const { world, sim, c } = await quietClusterOpen()
    const [first, second] = [...c.sessions.values()].filter((s) => s.appId === '1CV8C')
    const longCall = async (s: typeof first) => {
      s!.durationCurrent = 185_000
      sim.world.sessionsChanged(c, [s!])
      q('refresh')!.click()
      await vi.waitFor(
        () => expect(qa('session-row').find((r) => r.dataset.session === s!.session)).toBeDefined(),
        WAIT,
      )
    }
    const unseen = () => Number(q('alerts-open')!.dataset.unseen)
    // Waits until the long call of `s` is among the latest alerts, then lets the rest of that look land.
    const firedFor = async (s: typeof first) => {
      await vi.waitFor(
        () =>
          expect(useAlertsStore().recent.some((a) => a.rule === 'long-call' && a.subject.session === s!.session)).toBe(
            true,
          ),
        WAIT,
      )
      await settle()
    }
    await longCall(first)
    await firedFor(first)
    expect(unseen()).toBeGreaterThanOrEqual(1)
    q('alerts-open')!.click()
    await vi.waitFor(() => expect(unseen()).toBe(0), WAIT)

    // Reloaded: what was seen stays seen; what fires next counts.
    await reloadApp(1)
    await vi.waitFor(() => expect(useAlertsStore().recent.length).toBeGreaterThan(0), WAIT)
    expect(unseen()).toBe(0)
    await openProfile('Тестовый контур')
    await longCall(second)
    await firedFor(second)
    expect(unseen()).toBe(1)

    // A window that never opened the centre (storage cleared): every fired alert of the latest counts.
    const fired = (await world.api.watchState()) as { ok: true; value: { recent: Array<{ state: string }> } }
    localStorage.clear()
    await reloadApp(1)
    await vi.waitFor(() => expect(unseen()).toBe(fired.value.recent.filter((a) => a.state === 'fired').length), WAIT)
    expect(unseen()).toBeGreaterThanOrEqual(2)
  })
})

describe('watching a user from the grid', () => {
  it('the row menu pins the user: their rows stand out, the profile keeps it, their new session raises an alert', async () => {
    const { world } = await startApp({ profiles: ['test'], sessions: 20 }, 1)
    await openProfile('Тестовый контур')
    const row = qa('session-row')[2]!
    const user = world.rows('test').find((r) => r.session === row.dataset.session)!.userName
    row.querySelector<HTMLElement>('[data-testid="row-actions"]')!.click()
    await vi.waitFor(() => expect(q('row-menu-watchUser')).not.toBeNull(), WAIT)
    q('row-menu-watchUser')!.click()
    await vi.waitFor(() => expect(world.calls('setProfileWatch')).toHaveLength(1), WAIT)
    expect(world.calls('setProfileWatch')[0]!.args[1]).toEqual({ rules: {}, pins: [{ userName: user }] })
    const theirs = () =>
      world
        .rows('test')
        .filter((r) => r.userName === user)
        .map((r) => r.session)
    await vi.waitFor(() => {
      const marked = qa('session-row').filter((r) => r.dataset.pinned === 'true')
      expect(marked.map((r) => r.dataset.session).sort()).toEqual(
        qa('session-row')
          .map((r) => r.dataset.session!)
          .filter((s) => theirs().includes(s))
          .sort(),
      )
      expect(marked.length).toBeGreaterThan(0)
      expect(marked[0]!.getAttribute('aria-description')).toBe('Watched')
    }, WAIT)

    // A new session of theirs: the watch says so.
    const sim = world.sim('test')
    sim.world.addSession(sim.clusters[0]!.id, { userName: user })
    q('refresh')!.click()
    await vi.waitFor(() => {
      q('alerts-open')!.click()
      const pinAlerts = qa('alert-item').filter((el) => el.dataset.rule === 'pin')
      expect(pinAlerts.length).toBeGreaterThan(0)
      expect(pinAlerts[0]!.textContent).toContain(user)
    }, WAIT)
  })
})

describe('watch rules settings', () => {
  it('rules for all and a profile’s own are edited in the centre, saved with the profiles, and judge the next refresh', async () => {
    const { world } = await startApp({ profiles: ['test'], sessions: 20 }, 1)
    await openProfile('Тестовый контур')
    q('alerts-open')!.click()
    await vi.waitFor(() => expect(q('watch-rules-open')).not.toBeNull(), WAIT)
    q('watch-rules-open')!.click()
    await vi.waitFor(() => expect(q('watch-rule-longCallSeconds')).not.toBeNull(), WAIT)
    const input = (key: string) => q(`watch-rule-${key}`)!.querySelector('input')!
    expect(input('longCallSeconds').value).toBe('60')
    await commitNumber('watch-rule-longCallSeconds', '300')
    q('watch-rule-idleServer')!.querySelector<HTMLElement>('.n-checkbox-box, input')!.click()
    q('watch-rules-save')!.click()
    await vi.waitFor(() => expect(world.calls('setWatchRules')).toHaveLength(1), WAIT)
    expect(world.calls('setWatchRules')[0]!.args[0]).toMatchObject({ longCallSeconds: 300, idleServer: false })
    const saved = await world.api.watchSettings()
    expect(saved.ok && saved.value.rules).toMatchObject({ longCallSeconds: 300, idleServer: false })

    // The profile's own: only what differs from the rules for all is kept.
    const profile = world.profile('test')
    const select = q('watch-rules-scope')!
    expect(select).not.toBeNull()
    // naive-ui's select is driven through its component here: the option list is virtual.
    const { useProfilesStore } = await import('../../src-renderer/src/stores/profiles')
    expect(useProfilesStore().byId.get(profile.id)!.watch.rules).toEqual({})
    await world.api.setProfileWatch(profile.id, { rules: { longCallSeconds: 20 }, pins: [] })
    // The watch now judges this profile by 20 s: a 25 s call fires.
    const sim = world.sim('test')
    const c = sim.world.requireCluster(sim.clusters[0]!.id)
    for (const s of c.sessions.values()) s.durationCurrent = 0
    const s = [...c.sessions.values()].find((x) => x.appId === '1CV8C')!
    s.durationCurrent = 25_000
    sim.world.touch(c)
    q('refresh')!.click()
    await vi.waitFor(() => {
      const items = qa('alert-item').filter((el) => el.dataset.rule === 'long-call' && el.dataset.session === s.session)
      expect(items.length).toBeGreaterThan(0)
    }, WAIT)
  })
})

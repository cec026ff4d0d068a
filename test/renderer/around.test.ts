/**
 * Around a session (issue 18) in the app over the real backend: the cluster tab's processes and
 * servers, licences (this cluster and every saved server), blocking chains with the head's
 * interrupt through the one confirmation, and a session's surroundings in its details with the
 * way from its process back to its sessions. Expectations come from the simulated world.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { formatServerTime } from '../../src-renderer/src/format/server-time'
import { setLocale } from '../../src-renderer/src/i18n'
import { ASK_PASSWORD, type RendererWorld } from '../support/renderer-world'
import { openProfile, settle, startApp, stopWorld, stopWorldAfterEach } from './app-world'
import { q, qa } from './mount'

const WAIT = { timeout: 15_000 }
let world: RendererWorld

beforeEach(async () => {
  ;({ world } = await startApp({ sessions: 60, profiles: ['test', 'old'] }))
  await openProfile('Тестовый')
})
stopWorldAfterEach()

const cluster = () => world.sim('test').world.requireCluster(world.clusterId('test'))
const sessions = () => world.sim('test').world.sessions(world.clusterId('test'))
/** A simulated session (test/support builds the world; the renderer tests never import src-main). */
type SessionRecord = ReturnType<typeof sessions>[number]
const blockerOf = (s: SessionRecord) => s.blockedByDbms || s.blockedByLs
/** The numbers from a session up to its head blocker, from the world itself. */
function worldChain(s: SessionRecord): number[] {
  const byNumber = new Map(sessions().map((x) => [x.sessionId, x]))
  const chain = [s.sessionId]
  for (let at = byNumber.get(blockerOf(s)); at; at = byNumber.get(blockerOf(at))) chain.push(at.sessionId)
  return chain
}

async function openAround(view: 'machinery' | 'licenses' | 'chains', loaded: string) {
  q(`around-open-${view}`)!.click()
  await vi.waitFor(() => expect(q(loaded)?.dataset.loaded).toBe('true'), WAIT)
  await settle()
}

describe('blocking chains', () => {
  it('every chain up to its head; the head is interrupted through the confirmation', async () => {
    // Furnished worlds start with a chain two deep (docs/protocol.md §11); the world is not live.
    const tail = sessions().find((s) => worldChain(s).length >= 3)!
    const numbers = worldChain(tail)
    const head = sessions().find((s) => s.sessionId === numbers.at(-1))!
    await openAround('chains', 'blocking-chains')
    const chain = qa('chain').find((el) => el.dataset.session === tail.session)!
    expect(chain.dataset.chain).toBe(numbers.join(' → '))
    const card = qa('chain-head').find((el) => el.dataset.session === head.session)!
    expect(card.textContent).toContain(head.userName)
    const blocked = sessions().filter((s) => blockerOf(s) && worldChain(s).at(-1) === head.sessionId)
    expect(Number(card.dataset.blocked)).toBe(blocked.length)
    // Interrupt first, then terminate: the softer fix comes first in the card.
    const buttons = [...card.querySelectorAll('button')].map((b) => b.dataset.testid)
    expect(buttons.indexOf('chain-interrupt')).toBeLessThan(buttons.indexOf('chain-terminate'))

    ;(card.querySelector('[data-testid="chain-interrupt"]') as HTMLElement).click()
    await vi.waitFor(() => expect(q('interrupt-dialog')).not.toBeNull(), WAIT)
    expect(q('interrupt-dialog')!.textContent).toContain(String(head.sessionId))
    q('interrupt-confirm')!.click()
    await vi.waitFor(() => expect(world.calls('interruptCurrentCall')).toHaveLength(1), WAIT)
    expect(world.calls('interruptCurrentCall')[0]!.args[2]).toBe(head.session)
    await vi.waitFor(() => expect(head.durationCurrent).toBe(0), WAIT)
    // Read again: the interrupted head heads no chain any more.
    await vi.waitFor(() => expect(qa('chain-head').map((el) => el.dataset.session)).not.toContain(head.session), WAIT)
  }, 60_000)

  it('terminate on the head opens the one terminate confirmation for that session', async () => {
    const tail = sessions().find((s) => worldChain(s).length >= 3)!
    const head = sessions().find((s) => s.sessionId === worldChain(tail).at(-1))!
    await openAround('chains', 'blocking-chains')
    const card = qa('chain-head').find((el) => el.dataset.session === head.session)!
    ;(card.querySelector('[data-testid="chain-terminate"]') as HTMLElement).click()
    await vi.waitFor(() => expect(q('terminate-dialog')).not.toBeNull(), WAIT)
    expect(q('terminate-dialog')!.textContent).toContain(head.userName)
    expect(world.calls('terminateSessions')).toHaveLength(0)
  }, 60_000)

  it('Hotspots lists each wait with its chain up to the head', async () => {
    const tail = sessions().find((s) => worldChain(s).length >= 3)!
    q('tools-menu')!.click()
    await settle()
    q('hotspots-open')!.click()
    await vi.waitFor(() => expect(qa('hotspot-blocked').length).toBeGreaterThan(0), WAIT)
    const row = qa('hotspot-blocked').find((el) => el.dataset.session === tail.session)!
    expect(row.dataset.chain).toBe(worldChain(tail).join(' → '))
    expect(row.dataset.head).toBe(String(worldChain(tail).at(-1)))
  }, 60_000)

  it('a read-only profile sees the chains; interrupt and terminate are disabled', async () => {
    await stopWorld()
    ;({ world } = await startApp({ sessions: 60, profiles: ['audit'] }))
    await openProfile('Аудит', ASK_PASSWORD)
    await openAround('chains', 'blocking-chains')
    expect(qa('chain-head').length).toBeGreaterThan(0)
    for (const id of ['chain-interrupt', 'chain-terminate'])
      expect(qa<HTMLButtonElement>(id).every((b) => b.disabled)).toBe(true)
  }, 60_000)
})

describe('a session and what surrounds it', () => {
  it('from a chain to the session details: chain, process, connection, DBMS, locks, licence, back-links', async () => {
    const tail = sessions().find((s) => worldChain(s).length >= 3)!
    await openAround('chains', 'blocking-chains')
    const link = qa('chain-link').find((el) => el.dataset.session === tail.session)!
    link.click()
    await vi.waitFor(() => expect(q('session-surroundings')?.dataset.loaded).toBe('true'), WAIT)
    const around = q('session-surroundings')!
    expect(around.dataset.session).toBe(tail.session)
    expect(q('chain', around)!.dataset.chain).toBe(worldChain(tail).join(' → '))

    const proc = cluster().processes.find((p) => p.process === tail.process)!
    expect(q('around-process-pid', around)!.textContent!.trim()).toBe(proc.pid)
    expect(q('around-process-port', around)!.textContent!.trim()).toBe(String(proc.port))
    const started = q('around-process-startedAt', around)!
    expect(started.textContent!.trim()).toBe(formatServerTime(proc.startedAt, 'en'))
    expect(started.previousElementSibling!.textContent).toContain('server time')
    const conn = cluster().connections.get(tail.connection)!
    expect(q('around-connection-connId', around)!.textContent!.trim()).toBe(String(conn.connId))
    const blocker = sessions().find((s) => s.sessionId === blockerOf(tail))!
    const waited = cluster().locks.filter((l) => l.session === blocker.session)
    expect(Number(q('around-locks-waited', around)!.dataset.count)).toBe(waited.length)
    expect(qa('around-license-series', around).map((el) => el.textContent!.trim())).toEqual(
      tail.licenses.map((l) => l.series),
    )

    // From its process back to the sessions on it, and into one of them.
    const onProcess = sessions().filter((s) => s.process === tail.process)
    const toggle = qa('sessions-on', around).find((el) => el.dataset.kind === 'process')!
    ;(toggle.querySelector('[data-testid="sessions-on-toggle"]') as HTMLElement).click()
    await vi.waitFor(() => expect(qa('sessions-on-item', toggle).length).toBe(Math.min(30, onProcess.length)), WAIT)
    const other = qa('sessions-on-item', toggle).find((el) => el.dataset.session !== tail.session)!
    const otherId = other.dataset.session!
    other.click()
    await vi.waitFor(() => expect(q('session-surroundings')!.dataset.session).toBe(otherId), WAIT)
    await vi.waitFor(() => expect(q('session-surroundings')!.dataset.loaded).toBe('true'), WAIT)
    q('around-back')!.click()
    await vi.waitFor(() => expect(q('session-surroundings')!.dataset.session).toBe(tail.session), WAIT)
  }, 60_000)
})

describe('processes and servers, licences', () => {
  it('an idle server and a turned-off process say so in words, in English and Russian', async () => {
    await openAround('machinery', 'machinery')
    const idle = qa('machinery-server').filter((el) => el.dataset.receives === 'false')
    expect(idle.length).toBeGreaterThan(0)
    expect(idle[0]!.textContent).toContain('stopped receiving sessions')
    const off = qa('machinery-process').filter((el) => el.dataset.state === 'off')
    expect(off).toHaveLength(cluster().processes.filter((p) => !p.enable).length)
    expect(off[0]!.textContent).toContain('turned off')
    expect(qa('machinery-process')).toHaveLength(cluster().processes.length)
    setLocale('ru')
    await settle()
    expect(idle[0]!.textContent).toContain('перестал получать сеансы')
    expect(off[0]!.textContent).toContain('выключен')
    setLocale('en')
    await settle()
    // The drawer's views are a tablist: → moves to the next view (focus: e2e/around.spec.ts).
    const tab = q('around-tab-machinery')!
    expect(tab.getAttribute('aria-selected')).toBe('true')
    tab.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }))
    await vi.waitFor(() => expect(q('around-drawer')!.dataset.view).toBe('licenses'), WAIT)
    expect(q('around-tab-licenses')!.getAttribute('aria-selected')).toBe('true')
  }, 60_000)

  it('licences of the cluster, then of every saved server with the unreachable one listed', async () => {
    await openAround('licenses', 'licenses')
    const holding = sessions().filter((s) => s.licenses.length > 0)
    const summary = q('license-summary')!
    expect(Number(summary.dataset.sessions)).toBe(sessions().length)
    expect(Number(summary.dataset.withLicense)).toBe(holding.length)
    expect(Number(summary.dataset.sleeping)).toBe(holding.filter((s) => s.hibernate).length)
    expect(Number(summary.dataset.users)).toBe(new Set(holding.map((s) => s.userName)).size)
    expect(summary.textContent).toContain(
      `Licence held by ${holding.length} of ${sessions().length} sessions · unique users: `,
    )
    const groups = qa('license-group')
    expect(new Set(groups.map((g) => g.dataset.kind))).toEqual(new Set(['software', 'hasp']))
    expect(groups.reduce((n, g) => n + Number(g.dataset.sessions), 0)).toBe(
      holding.reduce((n, s) => n + s.licenses.length, 0),
    )

    ;(q('licenses-scope-fleet')!.querySelector('input') as HTMLInputElement).click()
    await vi.waitFor(() => expect(q('licenses-failure')).not.toBeNull(), WAIT)
    expect(q('licenses-failure')!.dataset.profile).toBe(world.profile('old').name)
    expect(q('licenses')!.dataset.scope).toBe('fleet')
  }, 60_000)
})

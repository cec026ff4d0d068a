/**
 * The demo's 24 hours of history: the embedded simulator fast-forwards its living world from 24 h
 * back to the server's now, a sample a minute, through a real history file — the same for a seed
 * and a start time, with a lock period and terminate marks — and the API answers the timeline and
 * "who consumed it" from it as soon as the demo profile is created. The base clock is the only thing
 * fixed (so two runs can be compared).
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApi } from '../../../src-main/api'
import { createEmbeddedDemo } from '../../../src-main/demo'
import { openHistory, openHistoryForApp } from '../../../src-main/history/history-file'
import type { HistoryStore } from '../../../src-main/history/history-port'
import { createServices, openConfStore } from '../../../src-main/services'
import { SERVER_ZONE_OFFSET_MS } from '../../../src-main/simulator'
import type { Result } from '../../../src-shared/contract'
import { MAX_SERVER_TIME } from '../../../src-shared/server-time'
import { fakeSecretBox, tempDirEachTest } from '../services/support'

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}

let dir = ''
tempDirEachTest((d) => (dir = d))

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0)
const fixed = { now: () => NOW }
const DAY = 24 * 3_600_000
const SMALL = { sessions: 80, infobases: 4, clusters: 1 }

/** Starts a demo with history into `file`, and returns the store (still open) and its cluster. */
async function demoInto(
  file: string,
  seed: number,
): Promise<{ store: HistoryStore; cluster: string; stop: () => Promise<void> }> {
  const { store } = openHistory(file)
  const demo = createEmbeddedDemo({ ...SMALL, seed, clock: fixed, history: () => store })
  await demo.start()
  const cluster = (store as unknown as { db: { prepare(s: string): { get(): { uuid: string } } } }).db
    .prepare('SELECT uuid FROM clusters')
    .get().uuid
  return { store, cluster, stop: () => demo.stop() }
}

function picture(store: HistoryStore, cluster: string) {
  const period = { from: 0, to: NOW + SERVER_ZONE_OFFSET_MS + 1 }
  return {
    totals: store.totalsColumns(cluster, period).totals,
    top: store.top({ ...period, cluster, by: 'cpu', limit: 20 }),
    locks: store.locks(cluster, period),
    // The demo's port differs run to run; everything else must not.
    events: store.events(cluster, period).map(({ server: _server, ...e }) => e),
  }
}

describe('demo history', () => {
  it('is the same for a seed and a start time, and another seed makes another', async () => {
    const runs = []
    for (const [name, seed] of [
      ['a', 7],
      ['b', 7],
      ['c', 8],
    ] as const) {
      const d = await demoInto(join(dir, `${name}.sqlite`), seed)
      runs.push({ cluster: d.cluster, picture: picture(d.store, d.cluster) })
      d.store.close()
      await d.stop()
    }
    expect(runs[1]).toEqual(runs[0])
    expect(runs[2]!.picture.totals.cpu).not.toEqual(runs[0]!.picture.totals.cpu)
  })

  it('holds 24 h a minute apart up to the server now, a lock period and terminate marks', async () => {
    const d = await demoInto(join(dir, 'h.sqlite'), 42)
    try {
      const serverNow = NOW + SERVER_ZONE_OFFSET_MS
      const { totals, top, locks, events } = picture(d.store, d.cluster)
      expect(totals.at).toHaveLength(DAY / 60_000)
      expect(totals.at.at(-1)).toBe(serverNow)
      expect(totals.at[0]).toBe(serverNow - DAY + 60_000)
      expect(new Set(totals.at.slice(1).map((t, i) => t - totals.at[i]!))).toEqual(new Set([60_000]))
      expect(Math.min(...totals.sessions)).toBeGreaterThan(40)
      // The world has settled before the first sample: its first hour is an ordinary hour, not a
      // spike of the generator's 5-minute counters decaying (3× the day's median before).
      const median = [...totals.cpu].sort((a, b) => a - b)[totals.cpu.length >> 1]!
      expect(Math.max(...totals.cpu.slice(0, 60))).toBeLessThan(1.6 * median)
      expect(top.samples).toBe(totals.at.length)
      expect(top.users.length).toBeGreaterThan(5)
      expect(top.infobases.length).toBeGreaterThan(1)
      expect(locks).toHaveLength(1)
      expect(locks[0]!.to! - locks[0]!.from).toBe(45 * 60_000)
      expect(locks[0]!.message).toBe('Обновление конфигурации')
      expect(events.map((e) => e.kind)).toEqual(['terminate', 'terminate', 'lock-seen', 'unlock-seen', 'terminate'])
      expect(events[0]!.detail).toMatch(/#\d+, .* #\d+; terminated 2/)
      // No new session of the locked infobase started while it was locked.
      const during = d.store.sessionHistory({
        cluster: d.cluster,
        from: locks[0]!.from,
        to: locks[0]!.to!,
        userName: '',
      })
      expect(
        during.sessions.every((s) => s.appeared <= locks[0]!.from || s.infobaseName !== locks[0]!.infobaseName),
      ).toBe(true)
    } finally {
      d.store.close()
      await d.stop()
    }
  })

  it('comes with the demo profile through the API, once: a second run adds no past', async () => {
    const file = join(dir, 'history.sqlite')
    const run = async () => {
      let services: ReturnType<typeof createServices> | null = null
      const demo = createEmbeddedDemo({ ...SMALL, seed: 3, history: () => services!.history.store() })
      services = createServices({
        openStore: openConfStore(dir),
        secretBox: fakeSecretBox(),
        auditFile: join(dir, 'audit.jsonl'),
        demo,
        openHistory: () => openHistoryForApp(file, () => undefined),
      })
      const api = createApi(services, () => undefined)
      try {
        const profile = value(await api.createDemoProfile())
        expect(profile.recordHistory).toBe(true)
        const cluster = value(await api.connect(profile.id)).clusters[0]!.cluster
        const timeline = value(await api.historyTimeline(profile.id, cluster, { from: 0, to: MAX_SERVER_TIME }))
        const newest = timeline.newest!
        const top = value(
          await api.historyTop(profile.id, cluster, { from: newest - DAY, to: newest + 1, by: 'memory' }),
        )
        return { samples: timeline.totals.at.length, first: timeline.totals.at[0], top, events: timeline.events.length }
      } finally {
        await services.dispose()
      }
    }
    const one = await run()
    expect(one.samples).toBe(DAY / 60_000)
    expect(one.top.users.length).toBeGreaterThan(0)
    expect(one.top.samples).toBe(one.samples)
    expect(one.events).toBe(5)
    const two = await run()
    expect(two.first).toBe(one.first)
    expect(two.samples).toBe(one.samples)
    expect(two.events).toBe(5)
  })
})

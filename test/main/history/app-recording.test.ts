/**
 * The app keeps history of what it lists anyway: services given a history store record a full
 * session list of a cluster as a sample, at most one per cluster a minute (the clock is the only
 * thing faked here), and a failing store never gets in the way of a list. A sample is written just
 * after its list has been answered, and closing the services writes the last ones.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openHistory } from '../../../src-main/history/history-file'
import { createServices, openConfStore, type Clock } from '../../../src-main/services'
import { startSimulator } from '../../../src-main/simulator'
import { fakeSecretBox, profileInput, tempDirEachTest } from '../services/support'

let dir = ''
tempDirEachTest((d) => (dir = d))

describe('history recorded by the app', () => {
  it('a full list becomes a sample, one per cluster a minute; an infobase list does not', async () => {
    const sim = await startSimulator({ port: 0, sessions: 60, infobases: 3, seed: 9, live: false })
    let now = Date.now()
    const clock: Clock = { now: () => now }
    const file = join(dir, 'history.sqlite')
    const { store } = openHistory(file)
    let opened = 0
    const services = createServices({
      openStore: openConfStore(dir),
      secretBox: fakeSecretBox(),
      auditFile: join(dir, 'audit.jsonl'),
      clock,
      openHistory: () => {
        opened++
        return { file, store, keptAside: null, unavailable: null }
      },
    })
    try {
      const saved = await services.profiles.save(
        profileInput({ host: sim.host, port: sim.port, clusterPassword: null }),
      )
      const cluster = sim.clusters[0]!.id
      const infobase = sim.world.requireCluster(cluster).infobases[0]!.infobase
      // Opened at the first list, not when the services start (opening checks the whole file).
      expect(opened).toBe(0)
      await services.sessions.listSessions(saved.id, cluster)
      // The list is answered first; its sample (here the first, which opens the file) comes after.
      expect(opened).toBe(0)
      await services.history.written()
      expect(opened).toBe(1)
      now += 20_000
      await services.sessions.listSessions(saved.id, cluster) // within the minute: not recorded
      await services.sessions.listSessions(saved.id, cluster, infobase) // one infobase: not a cluster sample
      now += 45_000
      const list = await services.sessions.listSessions(saved.id, cluster)
      await services.history.written()
      const check = openHistory(file).store
      const totals = check.totals(cluster, { from: 0, to: Infinity })
      expect(totals).toHaveLength(2)
      expect(totals.map((t) => t.sessions)).toEqual([60, 60])
      expect(totals[1]!.at).toBe(list.serverNow)
      expect(opened).toBe(1)
      check.close()
    } finally {
      await services.dispose()
      await sim.stop()
    }
  })

  it('closing the services right after a list still writes its sample', async () => {
    const sim = await startSimulator({ port: 0, sessions: 40, infobases: 2, seed: 4, live: false })
    const file = join(dir, 'history.sqlite')
    const services = createServices({
      openStore: openConfStore(dir),
      secretBox: fakeSecretBox(),
      auditFile: join(dir, 'audit.jsonl'),
      openHistory: () => ({ file, store: openHistory(file).store, keptAside: null, unavailable: null }),
    })
    const cluster = sim.clusters[0]!.id
    try {
      const saved = await services.profiles.save(
        profileInput({ host: sim.host, port: sim.port, clusterPassword: null }),
      )
      await services.sessions.listSessions(saved.id, cluster)
    } finally {
      await services.dispose()
      await sim.stop()
    }
    const check = openHistory(file).store
    expect(check.totals(cluster, { from: 0, to: Infinity }).map((t) => t.sessions)).toEqual([40])
    check.close()
  })

  it('a store that fails, or fails to open, is logged after the list and never in its way', async () => {
    const sim = await startSimulator({ port: 0, sessions: 20, infobases: 2, seed: 5, live: false })
    const file = join(dir, 'history.sqlite')
    const real = openHistory(file).store
    const logged: string[] = []
    let opens = 0
    let now = Date.now()
    const services = createServices({
      openStore: openConfStore(dir),
      secretBox: fakeSecretBox(),
      auditFile: join(dir, 'audit.jsonl'),
      clock: { now: () => now },
      log: (line) => logged.push(line),
      openHistory: () => {
        if (++opens === 1) throw new Error('the disk went away')
        const failing = Object.create(real) as typeof real
        failing.record = () => {
          throw new Error('disk full')
        }
        return { file, store: failing, keptAside: null, unavailable: null }
      },
    })
    const cluster = sim.clusters[0]!.id
    try {
      const saved = await services.profiles.save(
        profileInput({ host: sim.host, port: sim.port, clusterPassword: null }),
      )
      expect((await services.sessions.listSessions(saved.id, cluster)).sessions.count).toBe(20)
      await services.history.written()
      expect(logged.some((l) => l.includes('the disk went away'))).toBe(true)
      now += 65_000
      expect((await services.sessions.listSessions(saved.id, cluster)).sessions.count).toBe(20)
      await services.history.written()
      expect(logged.some((l) => l.includes('disk full'))).toBe(true)
    } finally {
      await services.dispose()
      await sim.stop()
      real.close()
    }
  })
})

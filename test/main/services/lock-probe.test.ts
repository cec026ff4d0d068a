/**
 * The infobase list carries lock badges without the user opening each infobase: listInfobases
 * reads every infobase's lock state (at most once a minute) with remembered or empty infobase
 * credentials, and leaves it unknown where the server wants other credentials. A distant server
 * pays a round trip per request: the probes share the pool's connections but one, and send the
 * infobase login once per connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi } from '../../../src-main/api'
import { RasClient } from '../../../src-main/ras/client'
import type { Services } from '../../../src-main/services'
import { SERVER_ZONE_OFFSET_MS, startSimulator, type RunningSimulator } from '../../../src-main/simulator'
import type { ClusterApi, InfobaseDto, LockStanding } from '../../../src-shared/contract'
import { profileInput } from './support'
import { code, startTempServices } from './world'

let now = Date.UTC(2026, 10, 25, 9, 0, 0)
const clock = { now: () => now }
let open: RunningSimulator
let guarded: RunningSimulator
let services: Services
let api: ClusterApi
let stop: () => Promise<void>
const ids: Record<'open' | 'guarded', string> = { open: '', guarded: '' }

beforeAll(async () => {
  open = await startSimulator({ clusters: 1, infobases: 4, sessions: 20, seed: 3, live: false, clock })
  guarded = await startSimulator({
    clusters: 1,
    infobases: 3,
    sessions: 10,
    seed: 4,
    live: false,
    infobaseAdmin: { user: 'Администратор', password: 'secret' },
  })
  ;({ services, stop } = await startTempServices({ clock }))
  api = createApi(services, () => undefined)
  for (const [key, sim] of [
    ['open', open],
    ['guarded', guarded],
  ] as const) {
    const saved = await services.profiles.save(
      profileInput({ name: key, host: sim.host, port: sim.port, clusterUser: '', clusterPassword: null }),
    )
    ids[key] = saved.id
  }
})

afterAll(async () => {
  await stop?.()
  await Promise.all([open?.stop(), guarded?.stop()])
})

function lock(sim: RunningSimulator, index: number, from: number | null = null, to: number | null = null): string {
  const cluster = sim.world.requireCluster()
  const ib = cluster.infobases[index]!
  ib.sessionsDeny = true
  ib.deniedFrom = from
  ib.deniedTo = to
  sim.world.touch(cluster)
  return ib.infobase
}

async function standings(
  profile: string,
  sim: RunningSimulator,
  through: ClusterApi = api,
): Promise<Map<string, LockStanding | null>> {
  const r = await through.listInfobases(profile, sim.clusters[0]!.id)
  if (!r.ok) throw new Error(r.error.message)
  return new Map(r.value.map((ib: InfobaseDto) => [ib.infobase, ib.lock]))
}

async function badges(profile: string, sim: RunningSimulator): Promise<Map<string, boolean | null>> {
  const r = await api.listInfobases(profile, sim.clusters[0]!.id)
  if (!r.ok) throw new Error(r.error.message)
  return new Map(r.value.map((ib: InfobaseDto) => [ib.infobase, ib.locked]))
}

describe('lock badges in the infobase list', () => {
  it('shows which infobases deny sessions, read without opening them', async () => {
    const locked = lock(open, 1)
    const states = await badges(ids.open, open)
    expect(states.size).toBe(4)
    for (const [infobase, state] of states) expect(state).toBe(infobase === locked)
  })

  it('reads them again at most once a minute', async () => {
    const second = lock(open, 2)
    expect((await badges(ids.open, open)).get(second)).toBe(false) // still the state read a moment ago
    now += 61_000
    expect((await badges(ids.open, open)).get(second)).toBe(true)
  })

  it("says whether a lock is in effect, scheduled or expired, on the server's clock", async () => {
    now += 61_000
    const serverNow = now + SERVER_ZONE_OFFSET_MS
    const scheduled = lock(open, 3, serverNow + 30_000, serverNow + 3_600_000)
    const expired = lock(open, 0, serverNow - 3_600_000, serverNow - 60_000)
    const read = await standings(ids.open, open)
    expect(read.get(scheduled)).toEqual({ phase: 'scheduled', from: serverNow + 30_000, to: serverNow + 3_600_000 })
    expect(read.get(expired)).toEqual({ phase: 'expired', from: serverNow - 3_600_000, to: serverNow - 60_000 })
    expect((await badges(ids.open, open)).get(scheduled)).toBe(false)
    // the start passes on the server's clock: active without reading the lock again
    now += 40_000
    expect((await standings(ids.open, open)).get(scheduled)?.phase).toBe('active')
    expect((await badges(ids.open, open)).get(scheduled)).toBe(true)
  })

  it('leaves the state unknown where the server wants infobase credentials, without failing the list', async () => {
    lock(guarded, 0)
    const states = await badges(ids.guarded, guarded)
    expect(states.size).toBe(3)
    expect([...states.values()]).toEqual([null, null, null])
    expect([...(await standings(ids.guarded, guarded)).values()]).toEqual([null, null, null])
  })
})

describe('the probes on a distant server', () => {
  it('run on all connections but one and send the infobase login once per connection', async () => {
    await onServer(
      { infobases: 7, sessions: 10, seed: 6, latencyMs: 30 },
      async ({ api: farApi, profileId, cluster, sent }) => {
        const list = await farApi.listInfobases(profileId, cluster)
        expect(list.ok && list.value.every((ib) => ib.locked === false)).toBe(true)
        expect(sent.reads).toBe(7)
        expect(sent.mostAtOnce).toBe(3) // the fourth connection stays free for the session list
        expect(sent.logins).toBeLessThanOrEqual(sent.connections) // once per connection, not per read
        // A minute later: the same connections, no login sent again.
        now += 61_000
        const logins = sent.logins
        expect((await farApi.listInfobases(profileId, cluster)).ok).toBe(true)
        expect(sent.reads).toBe(14)
        expect(sent.logins).toBe(logins)
      },
    )
  })

  it('list the infobases once when a new tab asks for them with its first sessions', async () => {
    await onServer(
      { infobases: 5, sessions: 40, seed: 9, latencyMs: 30 },
      async ({ api: farApi, profileId, cluster, sent }) => {
        // As a tab's first load sends them: the sessions, then the infobases, without waiting.
        const [sessions, infobases] = await Promise.all([
          farApi.listSessions(profileId, cluster),
          farApi.listInfobases(profileId, cluster),
        ])
        expect(infobases.ok && infobases.value.length).toBe(5)
        // The rows still carry their infobases' names, from the one list both waited for.
        expect(sessions.ok && sessions.value.sessions.columns.infobaseName.every((n) => n !== '')).toBe(true)
        expect(sent.infobaseListings).toBe(1)
        // Asked again later, the list is read again: only a list in flight is shared.
        expect((await farApi.listInfobases(profileId, cluster)).ok).toBe(true)
        expect(sent.infobaseListings).toBe(2)
      },
    )
  })

  it("learn the server's clock from the probed infobase's sessions, not the whole cluster's, when there are enough", async () => {
    await onServer(
      { infobases: 3, sessions: 600, seed: 8, latencyMs: 0 },
      async ({ api: bigApi, sim: big, profileId, sent }) => {
        // A lock that starts in a minute on the server's clock, while this desktop's is hours away.
        const serverNow = now + SERVER_ZONE_OFFSET_MS
        const soon = lock(big, 2, serverNow + 60_000, serverNow + 3_600_000)
        const read = await standings(profileId, big, bigApi)
        expect(read.get(soon)?.phase).toBe('scheduled')
        // Each lock read running before the clock was known listed its infobase's sessions; none the cluster's.
        expect(sent.infobaseLists).toBeGreaterThanOrEqual(1)
        expect(sent.lists).toBe(0)
      },
    )
  })

  it('send the login again after it failed, and a corrected one at once', async () => {
    const sent = counted()
    const temp = await startTempServices({ clock, pool: { maxConnections: 1, connect: sent.connect } })
    try {
      const p = await temp.services.profiles.save(
        profileInput({ name: 'one', host: guarded.host, port: guarded.port, clusterUser: '', clusterPassword: null }),
      )
      const cluster = guarded.clusters[0]!.id
      const infobase = guarded.world.requireCluster().infobases[0]!.infobase
      const read = (password: string) =>
        code(temp.services.locks.getLock(p.id, cluster, infobase, { user: 'Администратор', password, remember: false }))
      expect(await read('wrong')).toBe('INFOBASE_AUTH_REQUIRED')
      expect(await read('wrong')).toBe('INFOBASE_AUTH_REQUIRED')
      expect(sent.logins).toBe(2) // the same login, sent again: the first one failed
      expect(await read('secret')).toBe('no error')
      expect(await read('secret')).toBe('no error')
      expect([sent.logins, sent.connections]).toEqual([3, 1])
    } finally {
      await temp.stop()
    }
  })
})

/**
 * A simulator answering each request after `latencyMs`, a profile of it in fresh services whose
 * pool (4 connections) counts what is sent, and `body` run against them; everything is stopped after.
 */
async function onServer(
  o: { infobases: number; sessions: number; seed: number; latencyMs: number },
  body: (w: {
    api: ClusterApi
    sim: RunningSimulator
    profileId: string
    cluster: string
    sent: ReturnType<typeof counted>
  }) => Promise<void>,
): Promise<void> {
  const sim = await startSimulator({
    clusters: 1,
    infobases: o.infobases,
    sessions: o.sessions,
    seed: o.seed,
    live: false,
    clock,
  })
  sim.faults.latencyMs = o.latencyMs
  const sent = counted()
  const temp = await startTempServices({ clock, pool: { maxConnections: 4, connect: sent.connect } })
  try {
    const p = await temp.services.profiles.save(
      profileInput({ name: 'far', host: sim.host, port: sim.port, clusterUser: '', clusterPassword: null }),
    )
    const cluster = sim.clusters[0]!.id
    await body({ api: createApi(temp.services, () => undefined), sim, profileId: p.id, cluster, sent })
  } finally {
    await temp.stop()
    await sim.stop()
  }
}

/**
 * RasClient.connect, with each client's infobase logins, lock reads (and how many ran at once),
 * session lists and infobase lists counted.
 */
function counted() {
  const sent = {
    logins: 0,
    reads: 0,
    running: 0,
    mostAtOnce: 0,
    connections: 0,
    lists: 0,
    infobaseLists: 0,
    infobaseListings: 0,
  }
  const connect = async (t: { host: string; port: number }, o: object) => {
    const client = await RasClient.connect({ host: t.host, port: t.port, ...o })
    sent.connections++
    const login = client.authenticateInfobase.bind(client)
    const read = client.getInfobase.bind(client)
    const list = client.listSessions.bind(client)
    const listOne = client.listInfobaseSessions.bind(client)
    const listInfobases = client.listInfobases.bind(client)
    client.authenticateInfobase = (...a) => (sent.logins++, login(...a))
    client.listSessions = (...a) => (sent.lists++, list(...a))
    client.listInfobaseSessions = (...a) => (sent.infobaseLists++, listOne(...a))
    client.listInfobases = (...a) => (sent.infobaseListings++, listInfobases(...a))
    client.getInfobase = async (...a) => {
      sent.reads++
      sent.mostAtOnce = Math.max(sent.mostAtOnce, ++sent.running)
      try {
        return await read(...a)
      } finally {
        sent.running--
      }
    }
    return client
  }
  return Object.assign(sent, { connect })
}

/**
 * The watch's once-a-minute look around a cluster (issue 19) is one read: the working processes
 * and servers and one session list — no infobases, connections, locks or cluster info — and it
 * gives the same servers and licences as the screens' `machinery` and `licenses`. The real
 * services and client over the simulator on loopback; the client's connection is wrapped only to
 * log each request's message and to fail chosen ones as a server would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProfileDto } from '../../../src-shared/contract'
import { RasClient } from '../../../src-main/ras/client'
import { RasError } from '../../../src-main/ras/errors'
import type { MessageDef } from '../../../src-main/ras/messages'
import { startSimulator, type RunningSimulator } from '../../../src-main/simulator'
import { aroundLook, aroundParts, licenceUse } from '../../../src-main/watch'
import { profileInput } from './support'
import { NOW, clock, startTempServices, type TempServices } from './world'

const ADMIN = { user: 'admin', password: 'pw' }
let sim: RunningSimulator
let temp: TempServices
let profile: ProfileDto
let cluster: string
/** The message name of every request sent, in order. */
const requests: string[] = []
/** Message names the wrapped connection fails with a server exception. */
const failing = new Set<string>()

/** Logs every request of the real connection, and fails those named in `failing`. */
function wrapConnection(client: RasClient): RasClient {
  const conn = client.connection
  for (const method of ['call', 'callColumns', 'callReadEach'] as const) {
    const real = conn[method].bind(conn) as (message: MessageDef, ...rest: unknown[]) => Promise<unknown>
    ;(conn as unknown as Record<string, unknown>)[method] = (message: MessageDef, ...rest: unknown[]) => {
      requests.push(message.name)
      if (failing.has(message.name))
        return Promise.reject(
          new RasError('server', `${message.name} failed`, {
            serverClass: 'swp.UnknownThrowable',
            serverMessage: 'Ошибка сервера',
          }),
        )
      return real(message, ...rest)
    }
  }
  return client
}

/** The requests of `run`, authentication (once per pooled connection) left aside. */
async function requestsOf(run: () => Promise<unknown>): Promise<string[]> {
  requests.length = 0
  await run()
  return requests.filter((name) => name !== 'AUTHENTICATE')
}

beforeAll(async () => {
  sim = await startSimulator({
    clusters: 2,
    infobases: 3,
    sessions: 60,
    seed: 5,
    live: false,
    clock,
    clusterAdmin: ADMIN,
  })
  temp = await startTempServices({
    clock,
    pool: {
      connectTimeoutMs: 2000,
      requestTimeoutMs: 3000,
      connect: async (t, o) => wrapConnection(await RasClient.connect({ host: t.host, port: t.port, ...o })),
    },
  })
  profile = await temp.services.profiles.save(
    profileInput({ host: sim.host, port: sim.port, clusterUser: ADMIN.user, clusterPassword: ADMIN.password }),
  )
  cluster = sim.clusters[0]!.id
})

afterAll(async () => {
  await temp.stop()
  await sim.stop()
})

describe("the watch's look around a cluster", () => {
  it('reads the processes, the servers and the session list once each — no connections, locks or infobases', async () => {
    const sent = await requestsOf(() => aroundParts(temp.services.around, profile.id, cluster))
    expect(sent).toEqual(['GET_WORKING_PROCESSES', 'GET_WORKING_SERVERS', 'GET_SESSIONS'])
    // What it replaces: the screens' two reads list every session twice, with connections and locks.
    const before = await requestsOf(async () => {
      await temp.services.around.machinery(profile.id, cluster)
      await temp.services.around.licenses(profile.id, cluster)
    })
    expect(before.filter((name) => name === 'GET_SESSIONS')).toHaveLength(2)
    expect(before).toContain('GET_CONNECTIONS_SHORT')
    expect(before).toContain('GET_LOCKS')
  })

  it("gives the servers and licences the screens' machinery and licenses give", async () => {
    const machinery = await temp.services.around.machinery(profile.id, cluster)
    const licenses = await temp.services.around.licenses(profile.id, cluster)
    const load = await temp.services.around.load(profile.id, cluster)
    expect(load.servers).toEqual(machinery.servers)
    const { profileId: _p, profileName: _n, cluster: _c, clusterName: _cn, ...summary } = licenses
    expect(load.licences).toEqual(summary)

    const parts = await aroundParts(temp.services.around, profile.id, cluster)
    expect(parts).toEqual({
      servers: machinery.servers.map((s) => ({ name: s.name, sessions: s.sessions })),
      licences: licenceUse(licenses),
    })
    // Worth comparing: sessions on some servers but not all, licences with a limit in use.
    expect(parts.servers!.some((s) => s.sessions > 0)).toBe(true)
    expect(parts.servers!.some((s) => s.sessions === 0)).toBe(true)
    expect(parts.licences!.used).toBeGreaterThan(0)
    expect(parts.licences!.available).toBeGreaterThan(0)
  })

  it('a failed processes or servers read leaves the servers out and the licences in', async () => {
    const whole = await aroundParts(temp.services.around, profile.id, cluster)
    for (const message of ['GET_WORKING_PROCESSES', 'GET_WORKING_SERVERS']) {
      failing.add(message)
      try {
        const sent = await requestsOf(async () =>
          expect(await aroundParts(temp.services.around, profile.id, cluster)).toEqual({ licences: whole.licences }),
        )
        expect(sent.filter((name) => name === 'GET_SESSIONS')).toHaveLength(1)
      } finally {
        failing.delete(message)
      }
    }
    expect(await aroundParts(temp.services.around, profile.id, cluster)).toEqual(whole)
  })

  it('a failed session list leaves both out: servers without their sessions would all look idle', async () => {
    failing.add('GET_SESSIONS')
    try {
      expect(await aroundParts(temp.services.around, profile.id, cluster)).toEqual({})
      expect(await aroundLook(temp.services.around, profile.id, cluster, () => NOW)).toBeNull()
    } finally {
      failing.delete('GET_SESSIONS')
    }
    const look = await aroundLook(temp.services.around, profile.id, cluster, () => NOW)
    expect(look).toMatchObject({ profileId: profile.id, cluster, at: NOW, reach: { ok: true } })
    expect(look!.servers!.length).toBeGreaterThan(0)
  })

  it("the app's watch takes it once after a refresh: one session list of its own, and the spare server is idle", async () => {
    const other = sim.clusters[1]!.id
    const list = await temp.services.sessions.listSessions(profile.id, other)
    expect(list.sessions.count).toBeGreaterThan(0)
    // The refresh (which fed the watch) is done; what follows is the watch's own look.
    const sent = await requestsOf(() => temp.services.watch.idle())
    expect(sent).toEqual(['GET_WORKING_PROCESSES', 'GET_WORKING_SERVERS', 'GET_SESSIONS'])
    const idle = temp.services.watch.state().current.filter((a) => a.cluster === other && a.rule === 'idle-server')
    const machinery = await temp.services.around.machinery(profile.id, other)
    expect(idle.map((a) => a.subject.server)).toEqual(
      machinery.servers.filter((s) => s.sessions === 0).map((s) => s.name),
    )
    expect(idle.length).toBeGreaterThan(0)
  })
})

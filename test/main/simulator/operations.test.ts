/** Terminate, interrupt, disconnect and the not-found answers (docs/protocol.md §3.3, §11.6, §11.7). */
import { beforeEach, describe, expect, it } from 'vitest'
import type { RasClient } from '../../../src-main/ras/client'
import { EMPTY_UUID } from '../../../src-main/ras/codec'
import { Messages } from '../../../src-main/ras/messages'
import type { RunningSimulator } from '../../../src-main/simulator'
import { rasFailure } from '../../support/ras-failures'
import { simulatorPerTest } from '../../support/simulator-per-test'

const simulator = simulatorPerTest({ sessions: 80, live: false }, { requestTimeoutMs: 2000 })
let sim: RunningSimulator
let client: RasClient
let cluster: string

beforeEach(async () => {
  ;({ client, cluster } = await simulator.connect())
  sim = simulator.sim
  await client.authenticateCluster(cluster)
})

describe('terminate', () => {
  it('removes the session, records the message, and a second terminate is not-found', async () => {
    const target = sim.world.sessions().find((s) => s.appId === '1CV8C')!
    await client.terminateSession(cluster, target.session, 'Сеанс завершён администратором')
    expect(sim.terminated).toEqual([
      { cluster, session: target.session, message: 'Сеанс завершён администратором', userName: target.userName },
    ])
    const sessions = await client.listSessions(cluster)
    expect(sessions).toHaveLength(79)
    expect(sessions.some((s) => s.session === target.session)).toBe(false)
    expect((await client.listConnections(cluster)).some((c) => c.connection === target.connection)).toBe(false)

    const again = await rasFailure(client.terminateSession(cluster, target.session))
    expect(again.kind).toBe('not-found')
    expect(again.notFound).toBe('session')
    expect(again.serverClass).toBe('v8.service.Admin.Cluster#SessionNotFound')
    expect(again.serverMessage).toBe('Сеанс с указанным идентификатором не найден')
  })

  it('answers GET_SESSION_INFO for a gone session with #SessionNotFound', async () => {
    const e = await rasFailure(client.getSession(cluster, '11111111-2222-4333-8444-555555555555'))
    expect(e.notFound).toBe('session')
  })
})

describe('interrupt', () => {
  it('ends the current call and records it; the session stays', async () => {
    const busy = sim.world.sessions().find((s) => s.durationCurrent > 0)!
    expect(busy).toBeDefined()
    await client.interruptCurrentServerCall(cluster, busy.session, 'Прервано: долгий отчёт')
    const after = await client.getSession(cluster, busy.session)
    expect(after.durationCurrent).toBe(0)
    expect(after.durationCurrentDbms).toBe(0)
    expect(sim.interrupted).toEqual([{ cluster, session: busy.session, message: 'Прервано: долгий отчёт' }])
    const listed = (await client.listSessions(cluster)).find((s) => s.session === busy.session)!
    expect(listed.durationCurrent).toBe(0) // the cached list was refreshed too
    const e = await rasFailure(client.interruptCurrentServerCall(cluster, EMPTY_UUID))
    expect(e.notFound).toBe('session')
  })

  it('releases the sessions that waited on its locks', async () => {
    const waiter = sim.world.sessions().find((s) => s.blockedByDbms !== 0 || s.blockedByLs !== 0)!
    expect(waiter).toBeDefined()
    const blocker = sim.world.sessions().find((s) => s.sessionId === (waiter.blockedByDbms || waiter.blockedByLs))!
    await client.interruptCurrentServerCall(cluster, blocker.session)
    const after = await client.getSession(cluster, waiter.session)
    expect([after.blockedByDbms, after.blockedByLs]).toEqual([0, 0])
  })
})

describe('not found', () => {
  it('uses the real classes and texts', async () => {
    const ib = await rasFailure(client.listInfobaseSessions(cluster, EMPTY_UUID))
    expect(ib.serverClass).toBe('v8.service.Admin.Cluster#InfoBaseNotFound')
    expect(ib.serverMessage).toBe('Информационная база с указанным идентификатором не найдена')
    expect(ib.notFound).toBe('infobase')
    const conn = await rasFailure(client.connection.call(Messages.connectionInfo, { cluster, connection: EMPTY_UUID }))
    expect(conn.serverClass).toBe('v8.service.Admin.Cluster#ConnectionNotFound')
    expect(conn.serverMessage).toBe('Соединение с указанным идентификатором не найдено')
  })

  it('answers DISCONNECT of an unknown connection with #ClientNotFound', async () => {
    const e = await rasFailure(
      client.connection.call(Messages.disconnect, { cluster, process: EMPTY_UUID, connection: EMPTY_UUID }),
    )
    expect(e.serverClass).toBe('v8.service.Admin.Cluster#ClientNotFound')
    expect(e.serverMessage).toBe(`Соединение ${EMPTY_UUID} не найдено`)
  })
})

describe('world access from tests', () => {
  it('shows direct edits after world.touch, and added sessions at once', async () => {
    await client.listSessions(cluster) // fill the cache
    const target = sim.world.sessions()[3]!
    target.userName = 'Тестовый Пользователь'
    sim.world.touch(sim.world.requireCluster())
    const added = sim.world.addSession(undefined, { appId: 'Designer', userName: 'Разработчик' })
    const sessions = await client.listSessions(cluster)
    expect(sessions.find((s) => s.session === target.session)!.userName).toBe('Тестовый Пользователь')
    expect(sessions.find((s) => s.session === added.session)).toMatchObject({
      appId: 'Designer',
      userName: 'Разработчик',
      sessionId: 81,
    })
  })
})

describe('disconnect', () => {
  it('drops a connection; its session stays without one', async () => {
    const [conn] = await client.listConnections(cluster)
    await client.connection.call(Messages.disconnect, { cluster, process: conn!.process, connection: conn!.connection })
    expect((await client.listConnections(cluster)).some((c) => c.connection === conn!.connection)).toBe(false)
    const session = (await client.listSessions(cluster)).find((s) => s.sessionId === conn!.sessionNumber)!
    expect(session.connection).toBe(EMPTY_UUID)
  })
})

describe('locks', () => {
  it('lists the locks of long calls, per cluster, infobase and connection', async () => {
    const locks = await client.listLocks(cluster)
    expect(locks.length).toBeGreaterThan(0)
    for (const lock of locks) {
      const holder = sim.world.sessions().find((h) => h.session === lock.session)!
      expect(holder.durationCurrent).toBeGreaterThanOrEqual(60_000)
      expect(lock.connection).toBe(holder.connection)
      // A DBMS lock, or a managed one (shared or exclusive) next to it.
      expect(lock.descr).toMatch(/^(БД\(сеанс ,\w+,исключительная\)|Упр\(сеанс ,\w+,(исключительная|разделяемая)\))$/)
      const ofInfobase = await client.listLocks(cluster, holder.infobase)
      expect(ofInfobase).toContainEqual(lock)
      const ofConnection = await client.connection.call(Messages.connectionLocks, {
        cluster,
        connection: lock.connection,
      })
      expect(ofConnection).toContainEqual(lock)
    }
  })
})

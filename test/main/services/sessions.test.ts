/**
 * SessionService against the simulator over real loopback sockets: sessions joined with infobase
 * names, search, bulk terminate with gone and failing sessions (progress and audit), terminate
 * all, interrupt, read-only profiles and a wrong cluster password.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ApiEvent, ProfileDto } from '../../../src-shared/contract'
import { rowsFromTable } from '../../../src-shared/session-table'
import { createApi } from '../../../src-main/api'
import { searchSessions, type Services } from '../../../src-main/services'
import { foldSearchText } from '../../../src-main/services/session-search'
import { SERVER_ZONE_OFFSET_MS, type RunningSimulator } from '../../../src-main/simulator'
import { profileInput } from './support'
import { CLUSTER_ADMIN, NOW, code, withServicesWorld } from './world'

let sim: RunningSimulator
let services: Services
let profile: ProfileDto
let cluster: string
let failing: Set<string>

withServicesWorld((world) => ({ sim, services, profile, cluster, failing } = world))
afterEach(() => failing.clear())

describe('sessions', () => {
  it('connects and lists clusters', async () => {
    const info = await services.pool.connect(profile.id)
    expect(info.protocolVersion).toBe('16.0')
    expect(info.agentVersion).toMatch(/^8\.\d+\.\d+\.\d+$/)
    expect(info.clusters.map((c) => c.cluster)).toEqual(sim.clusters.map((c) => c.id))
  })

  it('lists sessions as rows joined with infobase names', async () => {
    const list = await services.sessions.listSessions(profile.id, cluster)
    expect(list.protocolVersion).toBe('16.0')
    expect(list.fetchedAt).toBe(NOW)
    // The same moment on the server's (Moscow) wall clock, learned from the sessions just read.
    expect(list.serverNow).toBe(NOW + SERVER_ZONE_OFFSET_MS)
    const rows = rowsFromTable(list.sessions)
    const world = sim.world.sessions(cluster)
    expect(rows).toHaveLength(world.length)
    const names = new Map(sim.world.requireCluster(cluster).infobases.map((ib) => [ib.infobase, ib.name]))
    for (const row of rows) {
      expect(row.infobaseName).toBe(names.get(row.infobase))
      const rec = world.find((s) => s.session === row.session)!
      expect(row).toMatchObject({
        sessionId: rec.sessionId,
        userName: rec.userName,
        appId: rec.appId,
        clientIp: rec.clientIp,
        startedAt: rec.startedAt,
        lastActiveAt: rec.lastActiveAt,
        memoryTotal: rec.memoryTotal,
        license: rec.licenses[0]?.shortPresentation ?? '',
        isService: ['BackgroundJob', 'SystemBackgroundJob', 'SrvrConsole'].includes(rec.appId),
      })
    }
    expect(rows.some((r) => r.isService)).toBe(true)
    expect(rows.some((r) => r.license !== '')).toBe(true)

    const infobases = await services.sessions.listInfobases(profile.id, cluster)
    expect(infobases).toHaveLength(5)
    expect(infobases.reduce((n, ib) => n + (ib.sessionCount ?? 0), 0)).toBe(rows.length)
  })

  it('lists the sessions of one infobase and details of one session', async () => {
    const ib = sim.world.requireCluster(cluster).infobases[1]!
    const list = await services.sessions.listSessions(profile.id, cluster, ib.infobase)
    const rows = rowsFromTable(list.sessions)
    expect(rows.length).toBe(sim.world.sessions(cluster).filter((s) => s.infobase === ib.infobase).length)
    expect(new Set(rows.map((r) => r.infobaseName))).toEqual(new Set(rows.length ? [ib.name] : []))
    const one = sim.world.sessions(cluster).find((s) => s.licenses.length > 0)!
    const details = await services.sessions.getSession(profile.id, cluster, one.session)
    expect(details.row.session).toBe(one.session)
    expect(details.licenses[0]?.shortPresentation).toBe(one.licenses[0]!.shortPresentation)
    expect(await code(services.sessions.getSession(profile.id, cluster, '00000000-0000-4000-8000-000000000001'))).toBe(
      'ras:not-found',
    )
  })

  it('refreshes the cached infobase list when an unknown infobase appears', async () => {
    await services.sessions.listSessions(profile.id, cluster)
    const c = sim.world.requireCluster(cluster)
    const fresh = { ...c.infobases[0]!, infobase: '0f0e0d0c-0b0a-4909-8807-060504030201', name: 'Новая_база' }
    c.infobases.push(fresh)
    sim.world.touch(c)
    const s = sim.world.addSession(cluster, { infobase: fresh.infobase, userName: 'Ёлкин Пётр', appId: '1CV8C' })
    const rows = rowsFromTable((await services.sessions.listSessions(profile.id, cluster)).sessions)
    expect(rows.find((r) => r.session === s.session)?.infobaseName).toBe('Новая_база')
  })

  it('searches case-insensitively, Cyrillic-aware, over names, UUIDs, host, IP and app-id', async () => {
    const rows = rowsFromTable((await services.sessions.listSessions(profile.id, cluster)).sessions)
    const sample = rows.find((r) => /^[А-Я]/.test(r.userName))!
    const surname = sample.userName.split(' ')[0]!
    const hits = searchSessions(rows, surname.toUpperCase())
    expect(hits.length).toBeGreaterThan(0)
    expect(hits.every((r) => foldSearchText(JSON.stringify(r)).includes(foldSearchText(surname)))).toBe(true)
    // ё and е match each other, both ways
    expect(searchSessions(rows, 'елкин').map((r) => r.userName)).toContain('Ёлкин Пётр')
    expect(searchSessions(rows, 'ПЁТР').map((r) => r.userName)).toContain('Ёлкин Пётр')
    // infobase UUID (upper case) and infobase name
    const ib = sample.infobase
    expect(searchSessions(rows, ib.toUpperCase())).toEqual(rows.filter((r) => r.infobase === ib))
    expect(searchSessions(rows, 'новая_БАЗА').length).toBe(1)
    // host, client IP, app-id; several words are AND-ed
    expect(
      searchSessions(rows, sample.host).every((r) => r.host.toLowerCase().includes(sample.host.toLowerCase())),
    ).toBe(true)
    if (sample.clientIp) expect(searchSessions(rows, sample.clientIp).map((r) => r.session)).toContain(sample.session)
    expect(searchSessions(rows, 'backgroundjob').every((r) => /backgroundjob/i.test(r.appId))).toBe(true)
    expect(searchSessions(rows, `${surname} ${sample.appId}`).every((r) => r.appId === sample.appId)).toBe(true)
    expect(searchSessions(rows, '   ')).toHaveLength(rows.length)
    expect(searchSessions(rows, 'нет-такого-текста')).toEqual([])
  })

  it('terminates many sessions in parallel: terminated, gone and failed outcomes, progress and audit', async () => {
    const rows = rowsFromTable((await services.sessions.listSessions(profile.id, cluster)).sessions)
    const victims = rows.filter((r) => !r.isService).slice(0, 5)
    const gone = victims[4]!
    sim.world.removeSession(sim.world.requireCluster(cluster), gone.session) // ended meanwhile
    failing.add(victims[3]!.session)
    const unknown = '00000000-0000-4000-8000-0000000000ff'
    const events: ApiEvent[] = []
    const api = createApi(services, (e) => events.push(e))
    const r = await api.terminateSessions(
      profile.id,
      cluster,
      [...victims.map((v) => v.session), unknown],
      'Сеанс завершён администратором',
    )
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const report = r.value
    expect(report).toMatchObject({ terminated: 3, gone: 2, failed: 1 })
    const by = new Map(report.results.map((x) => [x.session, x]))
    for (const v of victims.slice(0, 3)) {
      expect(by.get(v.session)).toEqual({
        session: v.session,
        sessionId: v.sessionId,
        userName: v.userName,
        outcome: 'terminated',
      })
    }
    expect(by.get(gone.session)?.outcome).toBe('gone')
    expect(by.get(unknown)).toMatchObject({ outcome: 'gone', sessionId: 0, userName: '' })
    expect(by.get(victims[3]!.session)).toMatchObject({
      outcome: 'failed',
      error: { code: 'SERVER', serverMessage: 'Сеанс выполняет критическую операцию' },
    })
    const ended = sim.terminated.filter((t) => victims.some((v) => v.session === t.session))
    expect(ended.map((t) => t.message)).toEqual(Array(3).fill('Сеанс завершён администратором'))

    const progress = events.filter((e) => e.type === 'terminate-progress')
    expect(progress.at(-1)).toMatchObject({ done: 6, total: 6 })
    expect(progress[0]).toMatchObject({ done: 0, total: 6 })
    expect(new Set(progress.map((e) => e.operation)).size).toBe(1)

    const audit = await services.audit.read(10)
    const entry = audit.find((a) => a.action === 'terminate')!
    expect(entry).toMatchObject({
      profile: profile.name,
      server: `${sim.host}:${sim.port}`,
      cluster,
      message: 'Сеанс завершён администратором',
      outcome: 'terminated 3, gone 2, failed 1',
    })
    expect(entry.sessions).toContainEqual({ userName: victims[0]!.userName, sessionId: victims[0]!.sessionId })
  })

  it('"terminate all" of an infobase spares service sessions unless asked', async () => {
    const c = sim.world.requireCluster(cluster)
    const ib = c.infobases[0]!
    sim.world.addSession(cluster, { infobase: ib.infobase, appId: 'BackgroundJob', userName: 'Регламентные задания' })
    sim.world.addSession(cluster, { infobase: ib.infobase, appId: '1CV8C', userName: 'Иванов И.И.' })
    const report = await services.sessions.terminateAllSessions(profile.id, cluster, {
      infobase: ib.infobase,
      includeService: false,
      message: '',
    })
    expect(report.failed).toBe(0)
    expect(report.terminated).toBeGreaterThan(0)
    const left = sim.world.sessions(cluster).filter((s) => s.infobase === ib.infobase)
    expect(left.length).toBeGreaterThan(0)
    expect(left.every((s) => ['BackgroundJob', 'SystemBackgroundJob', 'SrvrConsole'].includes(s.appId))).toBe(true)
    const all = await services.sessions.terminateAllSessions(profile.id, cluster, {
      infobase: ib.infobase,
      includeService: true,
      message: '',
    })
    expect(all.terminated).toBe(left.length)
    expect(sim.world.sessions(cluster).filter((s) => s.infobase === ib.infobase)).toEqual([])
  })

  it('interrupts the current server call', async () => {
    const s = sim.world.sessions(cluster)[0]!
    await services.sessions.interruptCurrentCall(profile.id, cluster, s.session, 'Прервано')
    expect(sim.interrupted.at(-1)).toEqual({ cluster, session: s.session, message: 'Прервано' })
    expect(
      await code(
        services.sessions.interruptCurrentCall(profile.id, cluster, '00000000-0000-4000-8000-0000000000aa', ''),
      ),
    ).toBe('ras:not-found')
  })

  it('read-only profiles cannot terminate, interrupt or lock', async () => {
    const ro = await services.profiles.save(
      profileInput({
        name: 'RO',
        host: sim.host,
        port: sim.port,
        clusterUser: CLUSTER_ADMIN.user,
        clusterPassword: CLUSTER_ADMIN.password,
        protection: 'read-only',
      }),
    )
    const s = sim.world.sessions(cluster)[0]!
    const ib = sim.world.requireCluster(cluster).infobases[2]!.infobase
    expect(await code(services.sessions.terminateSessions(ro.id, cluster, [s.session], ''))).toBe('READ_ONLY')
    expect(
      await code(services.sessions.terminateAllSessions(ro.id, cluster, { includeService: false, message: '' })),
    ).toBe('READ_ONLY')
    expect(await code(services.sessions.interruptCurrentCall(ro.id, cluster, s.session, ''))).toBe('READ_ONLY')
    const lock = { message: '', permissionCode: '', from: null, to: null, scheduledJobsDeny: false }
    expect(await code(services.locks.setLock(ro.id, cluster, ib, lock))).toBe('READ_ONLY')
    expect(await code(services.locks.clearLock(ro.id, cluster, ib))).toBe('READ_ONLY')
    // reading is fine
    expect((await services.sessions.listSessions(ro.id, cluster)).sessions.count).toBeGreaterThan(0)
    expect(sim.world.sessions(cluster).some((x) => x.session === s.session)).toBe(true)
    services.profiles.delete(ro.id)
  })

  it('a wrong cluster password is AUTH with the server’s Russian text', async () => {
    const bad = await services.profiles.save(
      profileInput({ name: 'bad', host: sim.host, port: sim.port, clusterUser: 'admin', clusterPassword: 'wrong' }),
    )
    const r = await createApi(services, () => undefined).listSessions(bad.id, cluster)
    expect(r).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'AUTH',
        serverMessage: 'Ошибка операции администрирования\nАдминистратор кластера не аутентифицирован',
      }),
    })
    expect(JSON.stringify(r)).not.toContain('wrong')
    services.profiles.delete(bad.id)
  })
})

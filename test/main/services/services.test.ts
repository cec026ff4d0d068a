/**
 * The services against the simulator over real loopback sockets: sessions joined with names,
 * search, bulk terminate with gone and failing sessions, lock read/modify/write, audit lines, and
 * the pool's behaviour (parallel profiles, idle close, reconnect, dispose).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ApiEvent, ProfileDto, SessionRow } from '../../../src-shared/contract'
import { rowsFromTable } from '../../../src-shared/session-table'
import { createApi } from '../../../src-main/api'
import { RasClient } from '../../../src-main/ras/client'
import { RasError } from '../../../src-main/ras/errors'
import { createServices, openConfStore, searchSessions, ServiceError, type Services } from '../../../src-main/services'
import { foldSearchText } from '../../../src-main/services/session-search'
import { startSimulator, SERVER_ZONE_OFFSET_MS, type RunningSimulator } from '../../../src-main/simulator'
import { fakeSecretBox, profileInput, tempDir } from './support'

const NOW = Date.UTC(2026, 10, 25, 6, 30, 15)
const clock = { now: () => NOW }
const CLUSTER_ADMIN = { user: 'admin', password: 'cluster-pw-Ключ' }
const IB_ADMIN = { user: 'Администратор', password: 'ib-pw-Секрет' }

let sim: RunningSimulator
let dir: string
let remove: () => Promise<void>
let services: Services
let profile: ProfileDto
let cluster: string
/** Sessions whose termination the wrapped client makes fail. */
const failing = new Set<string>()

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    if (e instanceof ServiceError) return e.code
    if (e instanceof RasError) return `ras:${e.kind}`
    throw e
  }
  return 'no error'
}

beforeAll(async () => {
  sim = await startSimulator({
    clusters: 2,
    infobases: 5,
    sessions: 80,
    seed: 7,
    clusterAdmin: CLUSTER_ADMIN,
    infobaseAdmin: IB_ADMIN,
    live: false,
    clock,
  })
  cluster = sim.clusters[0]!.id
  ;({ dir, remove } = await tempDir())
  services = createServices({
    openStore: openConfStore(dir),
    secretBox: fakeSecretBox(),
    auditFile: join(dir, 'audit.jsonl'),
    clock,
    pool: {
      connectTimeoutMs: 2000,
      requestTimeoutMs: 3000,
      connect: async (t, o) => {
        const client = await RasClient.connect({ host: t.host, port: t.port, ...o })
        const terminate = client.terminateSession.bind(client)
        client.terminateSession = async (c, s, m) => {
          if (failing.has(s)) {
            throw new RasError('server', 'cannot end it', {
              serverClass: 'swp.UnknownThrowable',
              serverMessage: 'Сеанс выполняет критическую операцию',
            })
          }
          return terminate(c, s, m)
        }
        return client
      },
    },
  })
  profile = await services.profiles.save(
    profileInput({
      host: sim.host,
      port: sim.port,
      clusterUser: CLUSTER_ADMIN.user,
      clusterPassword: CLUSTER_ADMIN.password,
    }),
  )
})

afterAll(async () => {
  await services?.dispose()
  await sim?.stop()
  await remove?.()
})

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

describe('older servers', () => {
  it.each([
    ['9.0', ''],
    ['10.0', 'ip'],
    ['11.0', 'ip'],
  ])('service version %s: client IP only from 10.0 on', async (maxVersion, expectIp) => {
    const old = await startSimulator({ seed: 5, sessions: 12, infobases: 2, live: false, maxVersion })
    const tmp = await tempDir()
    const s = createServices({
      openStore: openConfStore(tmp.dir),
      secretBox: fakeSecretBox(),
      auditFile: join(tmp.dir, 'audit.jsonl'),
    })
    try {
      const p = await s.profiles.save(profileInput({ host: old.host, port: old.port, clusterPassword: null }))
      const list = await s.sessions.listSessions(p.id, old.clusters[0]!.id)
      expect(list.protocolVersion).toBe(maxVersion)
      const rows = rowsFromTable(list.sessions)
      expect(rows).toHaveLength(old.world.sessions(old.clusters[0]!.id).length)
      expect(rows.every((r) => r.infobaseName !== '')).toBe(true)
      if (expectIp) expect(rows.some((r) => r.clientIp !== '')).toBe(true)
      else expect(rows.every((r) => r.clientIp === '')).toBe(true)
    } finally {
      await s.dispose()
      await old.stop()
      await tmp.remove()
    }
  })
})

describe('infobase lock', () => {
  const lockFields = [
    'sessionsDeny',
    'deniedFrom',
    'deniedTo',
    'deniedMessage',
    'permissionCode',
    'scheduledJobsDeny',
  ] as const
  const withoutLock = (ib: Record<string, unknown>) => {
    const copy = { ...ib }
    for (const f of lockFields) delete copy[f]
    return copy
  }

  it('needs infobase administrator credentials; wrong ones are INFOBASE_AUTH_REQUIRED with the server text', async () => {
    const ib = sim.world.requireCluster(cluster).infobases[2]!
    const api = createApi(services, () => undefined)
    const none = await api.getInfobaseLock(profile.id, cluster, ib.infobase)
    expect(none).toMatchObject({
      ok: false,
      error: {
        code: 'INFOBASE_AUTH_REQUIRED',
        serverMessage: `Недостаточно прав пользователя на информационную базу ${ib.name}`,
      },
    })
    const wrong = await api.getInfobaseLock(profile.id, cluster, ib.infobase, {
      user: IB_ADMIN.user,
      password: 'x',
      remember: true,
    })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INFOBASE_AUTH_REQUIRED' } })
    expect(services.profiles.get(profile.id).infobaseCredentials).toEqual([]) // wrong ones are not remembered
  })

  it('reads, sets and clears the lock, re-reading before writing and keeping every other field', async () => {
    const c = sim.world.requireCluster(cluster)
    const ib = c.infobases[2]!
    ib.deniedParameter = 'PARAM'
    sim.world.touch(c)
    const state = await services.locks.getLock(profile.id, cluster, ib.infobase, { ...IB_ADMIN, remember: true })
    const serverNow = NOW + SERVER_ZONE_OFFSET_MS // the simulator's own clock
    expect(state).toMatchObject({
      infobase: ib.infobase,
      name: ib.name,
      sessionsDeny: false,
      active: false,
      phase: 'off',
      serverNow,
    })
    // remembered (sealed) for next time
    expect(services.profiles.get(profile.id).infobaseCredentials).toEqual([
      { infobase: ib.infobase, user: IB_ADMIN.user, hasPassword: true },
    ])
    expect(readFileSync(join(dir, 'profiles.json'), 'utf8')).not.toContain(IB_ADMIN.password)

    // another console changes the description meanwhile
    ib.descr = 'изменено другой консолью'
    sim.world.touch(c)
    const before = withoutLock({ ...ib })

    const locked = await services.locks.setLock(profile.id, cluster, ib.infobase, {
      message: 'Регламентные работы до 23:00',
      permissionCode: 'КОД-123',
      from: null,
      to: serverNow + 3_600_000,
      scheduledJobsDeny: true,
    })
    expect(locked).toMatchObject({
      sessionsDeny: true,
      active: true,
      phase: 'active',
      serverNow,
      deniedFrom: null, // "now" is the server's own: sent as an empty date, no estimate
      deniedTo: serverNow + 3_600_000,
      deniedMessage: 'Регламентные работы до 23:00',
      permissionCode: 'КОД-123',
      deniedParameter: 'PARAM',
      scheduledJobsDeny: true,
    })
    expect(withoutLock({ ...ib })).toEqual(before) // descr from the other console, tail, dbPwd … all kept
    expect(ib.descr).toBe('изменено другой консолью')
    expect(ib.tail).not.toBe('')
    expect(ib.deniedFrom).toBeNull()
    expect(sim.world.sessionsDenied(ib)).toBe(true)

    // a lock that starts tomorrow is set but not active
    const later = await services.locks.setLock(profile.id, cluster, ib.infobase, {
      message: '',
      permissionCode: '',
      from: serverNow + 86_400_000,
      to: null,
      scheduledJobsDeny: false,
    })
    expect(later).toMatchObject({ sessionsDeny: true, active: false, phase: 'scheduled', deniedTo: null })
    expect(
      (await services.sessions.listInfobases(profile.id, cluster)).find((x) => x.infobase === ib.infobase),
    ).toMatchObject({
      locked: false,
      lock: { phase: 'scheduled', from: serverNow + 86_400_000, to: null },
    })
    expect(
      await code(services.locks.setLock(profile.id, cluster, ib.infobase, { ...lockInput(), from: 10, to: 5 })),
    ).toBe('INVALID_ARGUMENT')

    const cleared = await services.locks.clearLock(profile.id, cluster, ib.infobase)
    expect(cleared).toMatchObject({ sessionsDeny: false, active: false, scheduledJobsDeny: false })
    expect(withoutLock({ ...ib })).toEqual(before)

    const infobases = await services.sessions.listInfobases(profile.id, cluster)
    expect(infobases.find((x) => x.infobase === ib.infobase)).toMatchObject({
      locked: false,
      lock: { phase: 'off' },
    })

    const audit = await services.audit.read(100)
    expect(audit.filter((a) => a.action === 'lock').map((a) => a.outcome)).toContain(
      `locked from now (server time) to ${new Date(serverNow + 3_600_000)
        .toISOString()
        .slice(0, 19)
        .replace('T', ' ')}, scheduled jobs denied`,
    )
    expect(audit[0]).toMatchObject({ action: 'unlock', infobase: ib.infobase, outcome: 'unlocked' })
  })

  it("refuses a period that already ended on the server's clock, saying what time it is there", async () => {
    const ib = sim.world.requireCluster(cluster).infobases[2]!
    const serverNow = NOW + SERVER_ZONE_OFFSET_MS
    const auditBefore = (await services.audit.read(1000)).length
    // ten minutes ago on the server, but still ahead of the desktop's UTC wall clock
    const past = { ...lockInput(), to: serverNow - 600_000 }
    const error = await services.locks.setLock(profile.id, cluster, ib.infobase, past).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ServiceError)
    expect((error as ServiceError).code).toBe('INVALID_ARGUMENT')
    expect((error as ServiceError).message).toBe(
      `the lock would end at ${fmt(serverNow - 600_000)}, which has already passed: it is now about ${fmt(
        Math.floor(serverNow / 60_000) * 60_000,
      )} on the server (server time)`,
    )
    for (const to of [serverNow - 1, serverNow]) {
      expect(await code(services.locks.setLock(profile.id, cluster, ib.infobase, { ...lockInput(), to }))).toBe(
        'INVALID_ARGUMENT',
      )
    }
    expect(
      await code(
        services.locks.setLock(profile.id, cluster, ib.infobase, {
          ...lockInput(),
          from: serverNow + 7_200_000,
          to: serverNow + 3_600_000,
        }),
      ),
    ).toBe('INVALID_ARGUMENT')
    expect(ib.sessionsDeny).toBe(false) // nothing was written
    expect((await services.audit.read(1000)).length).toBe(auditBefore) // nor audited: nothing happened
  })

  it("judges the phase on the server's clock: a period that ended is expired, one ahead scheduled", async () => {
    const c = sim.world.requireCluster(cluster)
    const ib = c.infobases[2]!
    const serverNow = NOW + SERVER_ZONE_OFFSET_MS
    const read = () => services.locks.getLock(profile.id, cluster, ib.infobase)
    // set by another console an hour ago, for half an hour
    Object.assign(ib, { sessionsDeny: true, deniedFrom: serverNow - 3_600_000, deniedTo: serverNow - 1_800_000 })
    sim.world.touch(c)
    expect(await read()).toMatchObject({ phase: 'expired', active: false, serverNow })
    expect(sim.world.sessionsDenied(ib)).toBe(false)
    // still ahead of the desktop's UTC clock, but over on the server's: the desktop is no stand-in
    expect(serverNow - 1_800_000).toBeGreaterThan(NOW)
    ;(await services.sessions.listInfobases(profile.id, cluster)).forEach((x) => {
      if (x.infobase === ib.infobase) expect(x).toMatchObject({ locked: false, lock: { phase: 'expired' } })
    })
    Object.assign(ib, { deniedFrom: serverNow + 60_000, deniedTo: null })
    sim.world.touch(c)
    expect(await read()).toMatchObject({ phase: 'scheduled', active: false })
    Object.assign(ib, { deniedFrom: serverNow - 60_000, deniedTo: serverNow + 60_000 })
    sim.world.touch(c)
    expect(await read()).toMatchObject({ phase: 'active', active: true })
    expect(sim.world.sessionsDenied(ib)).toBe(true)
    await services.locks.clearLock(profile.id, cluster, ib.infobase)
  })

  it('the audit file has one JSON line per action and never a password', async () => {
    const text = readFileSync(join(dir, 'audit.jsonl'), 'utf8')
    const lines = text.trim().split('\n')
    expect(lines.length).toBeGreaterThanOrEqual(5)
    for (const line of lines) {
      const entry = JSON.parse(line)
      expect(
        Object.keys(entry).every((k) =>
          ['time', 'action', 'profile', 'server', 'cluster', 'infobase', 'sessions', 'message', 'outcome'].includes(k),
        ),
      ).toBe(true)
    }
    for (const secret of [CLUSTER_ADMIN.password, IB_ADMIN.password, 's3cret']) expect(text).not.toContain(secret)
    const newestFirst = await services.audit.read(2)
    expect(newestFirst).toHaveLength(2)
    expect(JSON.parse(lines.at(-1)!)).toEqual(newestFirst[0])
  })
})

function fmt(t: number): string {
  return new Date(t).toISOString().slice(0, 19).replace('T', ' ')
}

function lockInput() {
  return { message: '', permissionCode: '', from: null, to: null, scheduledJobsDeny: false }
}

describe('cluster pool', () => {
  it('a stalled server does not block another profile', async () => {
    const stalled = await startSimulator({ seed: 1, sessions: 5, live: false, faults: { stallAfterRequests: 0 } })
    try {
      const slow = await services.profiles.save(
        profileInput({ name: 'stalled', host: stalled.host, port: stalled.port, clusterPassword: null }),
      )
      const t0 = Date.now()
      const pending = code(services.pool.connect(slow.id))
      const healthy = await services.sessions.listSessions(profile.id, cluster)
      expect(healthy.sessions.count).toBeGreaterThan(0)
      expect(Date.now() - t0).toBeLessThan(1500)
      expect(await pending).toBe('ras:timeout')
      services.profiles.delete(slow.id)
    } finally {
      await stalled.stop()
    }
  })

  it('reuses connections, retries once on a broken idle socket, closes idle ones and disposes', async () => {
    const own = await startSimulator({ seed: 3, sessions: 20, live: false, clusterAdmin: CLUSTER_ADMIN })
    const tmp = await tempDir()
    const s = createServices({
      openStore: openConfStore(tmp.dir),
      secretBox: fakeSecretBox(),
      auditFile: join(tmp.dir, 'audit.jsonl'),
      pool: { idleMs: 300, requestTimeoutMs: 2000 },
    })
    try {
      const p = await s.profiles.save(
        profileInput({
          host: own.host,
          port: own.port,
          clusterUser: CLUSTER_ADMIN.user,
          clusterPassword: CLUSTER_ADMIN.password,
        }),
      )
      const c = own.clusters[0]!.id
      await s.sessions.listSessions(p.id, c) // auth + sessions + infobases = 3 requests on one connection
      await s.sessions.listSessions(p.id, c) // same connection, no new login: request 4
      expect(s.pool.openConnections(p.id)).toBe(1)
      // the idle connection breaks: its next request is dropped half-way; a fresh one answers
      own.faults.dropAfterRequests = 4
      const rows = await s.sessions.listSessions(p.id, c)
      expect(rows.sessions.count).toBe(own.world.sessions(c).length)
      own.faults.dropAfterRequests = null
      // parallel work opens at most 4 connections
      await Promise.all(Array.from({ length: 10 }, () => s.sessions.listSessions(p.id, c)))
      expect(s.pool.openConnections(p.id)).toBeLessThanOrEqual(4)
      await new Promise((r) => setTimeout(r, 600))
      expect(s.pool.openConnections(p.id)).toBe(0) // idle ones closed
      await s.sessions.listSessions(p.id, c)
      expect(s.pool.openConnections(p.id)).toBe(1)
      await s.dispose()
      expect(s.pool.openConnections(p.id)).toBe(0)
      expect(await code(s.pool.connect(p.id))).toBe('INTERNAL')
    } finally {
      await s.dispose()
      await own.stop()
      await tmp.remove()
    }
  })

  it('saving a profile while its request runs lets that request finish; the next one reconnects', async () => {
    await services.sessions.listSessions(profile.id, cluster)
    sim.faults.latencyMs = 300
    try {
      const pending = services.sessions.listSessions(profile.id, cluster)
      await new Promise((r) => setTimeout(r, 50))
      const { clusterPassword: _p, ...rest } = profileInput({
        id: profile.id,
        host: sim.host,
        port: sim.port,
        clusterUser: CLUSTER_ADMIN.user,
        label: 'test',
      })
      void _p
      await services.profiles.save(rest)
      expect((await pending).sessions.count).toBeGreaterThan(0)
    } finally {
      sim.faults.latencyMs = 0
    }
    expect((await services.sessions.listSessions(profile.id, cluster)).sessions.count).toBeGreaterThan(0)
  })

  it('tests unsaved settings with a one-off connection, checking the password', async () => {
    const input = profileInput({ host: sim.host, port: sim.port, clusterUser: 'admin', clusterPassword: 'nope' })
    expect(await code(services.pool.test(await services.profiles.testTarget(input)))).toBe('ras:auth')
    const ok = await services.pool.test(
      await services.profiles.testTarget({ ...input, clusterPassword: CLUSTER_ADMIN.password }),
    )
    expect(ok.clusters).toHaveLength(2)
    // an existing profile with the password left unchanged uses the stored one
    const { clusterPassword: _p, ...unchanged } = { ...input, id: profile.id }
    void _p
    expect((await services.pool.test(await services.profiles.testTarget(unchanged))).clusters).toHaveLength(2)
  })
})

export type { SessionRow }

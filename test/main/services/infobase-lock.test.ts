/**
 * LockService against the simulator: infobase administrator credentials (wrong ones refused with
 * the server's text), read-modify-write of the lock keeping every other field, periods judged on
 * the server's clock, and the audit file those actions write.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ProfileDto } from '../../../src-shared/contract'
import { createApi } from '../../../src-main/api'
import { ServiceError, type Services } from '../../../src-main/services'
import { SERVER_ZONE_OFFSET_MS, type RunningSimulator } from '../../../src-main/simulator'
import { CLUSTER_ADMIN, IB_ADMIN, NOW, code, withServicesWorld } from './world'

let sim: RunningSimulator
let dir: string
let services: Services
let profile: ProfileDto
let cluster: string

withServicesWorld((world) => ({ sim, dir, services, profile, cluster } = world))

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
    expect(lines.length).toBeGreaterThanOrEqual(4) // the locks and unlocks above
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

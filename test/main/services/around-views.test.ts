/**
 * The pure views of issue 18: blocking chains from a session list, the licence summary, and
 * working processes and servers with their sessions counted.
 */
import { describe, expect, it } from 'vitest'
import type { LicenseDto } from '../../../src-shared/contract'
import { blockedBehind, blockingChains, chainOf, type ChainSession } from '../../../src-main/services/blocking-chains'
import { summarizeLicenses } from '../../../src-main/services/license-summary'
import { processDtos, serverDtos } from '../../../src-main/services/machinery-view'
import type { ProcessRecord, ServerRecord } from '../../../src-main/ras/records'

function session(sessionId: number, over: Partial<ChainSession> = {}): ChainSession {
  return {
    session: `s-${sessionId}`,
    sessionId,
    userName: `user ${sessionId}`,
    infobaseName: 'buh',
    appId: '1CV8C',
    host: 'ws',
    durationCurrent: 0,
    durationCurrentDbms: 0,
    dbProcTook: 0,
    currentServiceName: '',
    lastActiveAt: null,
    blockedByDbms: 0,
    blockedByLs: 0,
    ...over,
  }
}

const ids = (links: Array<{ sessionId: number }>) => links.map((l) => l.sessionId)

describe('blocking chains', () => {
  const head = session(1, { durationCurrent: 600_000, durationCurrentDbms: 550_000, dbProcTook: 550_000 })
  const list = [
    head,
    session(2, { blockedByDbms: 1, durationCurrent: 5_000 }),
    session(3, { blockedByLs: 2 }),
    session(4, { blockedByLs: 3 }),
    session(5),
    session(6, { blockedByLs: 99 }), // its blocker ended meanwhile
    session(7, { blockedByDbms: 8 }),
    session(8, { blockedByLs: 7 }), // a deadlock
    session(9, { blockedByLs: 1 }),
  ]

  it('follows every blocked session up to the head, with what each link waits on', () => {
    const byNumber = new Map(list.map((s) => [s.sessionId, s]))
    const chain = chainOf(list[3]!, byNumber)!
    expect(ids(chain.links)).toEqual([4, 3, 2, 1])
    expect(chain.links.map((l) => l.waitsOn)).toEqual(['managed', 'managed', 'dbms', null])
    expect(chain.links[3]).toMatchObject({ userName: 'user 1', durationCurrent: 600_000, dbProcTook: 550_000 })
    expect(chain).toMatchObject({ missingHead: 0, cycle: false })
    expect(chainOf(head, byNumber)).toBeNull()
    expect(chainOf(list[5]!, byNumber)).toMatchObject({ missingHead: 99, cycle: false })
    expect(chainOf(list[6]!, byNumber)).toMatchObject({ cycle: true })
  })

  it('lists one chain per blocked session, the longest head call first, deepest first', () => {
    const chains = blockingChains(list)
    expect(chains.map((c) => ids(c.links))).toEqual([[4, 3, 2, 1], [3, 2, 1], [2, 1], [9, 1], [8, 7], [7, 8], [6]])
    expect(blockedBehind(1, chains)).toBe(4)
    expect(blockedBehind(2, chains)).toBe(2)
    expect(blockedBehind(5, chains)).toBe(0)
    expect(blockingChains([session(1), session(2)])).toEqual([])
  })
})

function licence(series: string, over: Partial<LicenseDto> = {}): LicenseDto {
  return {
    fullName: '',
    fullPresentation: '',
    shortPresentation: `Клиент, ${series}`,
    series,
    licenseType: 0,
    issuedByServer: true,
    net: false,
    maxUsersAll: 50,
    maxUsersCur: 50,
    rmngrAddress: 'srv-01',
    rmngrPort: 1541,
    rmngrPid: '1',
    ...over,
  }
}

describe('licence summary', () => {
  it('groups by licence server, series and kind; counts sleepers and unique users', () => {
    const soft = licence('8100111')
    const hasp = licence('ORGL8', { licenseType: 1, net: true, rmngrAddress: 'srv-02' })
    const summary = summarizeLicenses([
      { userName: 'Иванов', hibernate: false, licenses: [soft] },
      { userName: 'Иванов', hibernate: true, licenses: [soft] },
      { userName: 'Петрова', hibernate: false, licenses: [hasp] },
      { userName: 'Регламентные задания', hibernate: false, licenses: [] },
    ])
    expect(summary).toMatchObject({
      sessions: 4,
      sessionsWithLicense: 3,
      sleepingWithLicense: 1,
      uniqueUsers: 2,
      byKind: { software: 2, hasp: 1 },
    })
    expect(summary.groups).toEqual([
      expect.objectContaining({
        licenseServer: 'srv-01:1541',
        series: '8100111',
        kind: 'software',
        sessions: 2,
        sleepingSessions: 1,
        users: 1,
        maxUsers: 50,
      }),
      expect.objectContaining({
        licenseServer: 'srv-02:1541',
        series: 'ORGL8',
        kind: 'hasp',
        sessions: 1,
        sleepingSessions: 0,
        users: 1,
      }),
    ])
    expect(summarizeLicenses([]).groups).toEqual([])
  })
})

describe('processes and servers', () => {
  const base = {
    avgBackCallTime: 0,
    avgCallTime: 1,
    avgDbCallTime: 0,
    avgLockCallTime: 0,
    avgServerCallTime: 0,
    avgThreads: 1,
  }
  const proc = (process: string, host: string, over: Partial<ProcessRecord> = {}): ProcessRecord => ({
    process,
    ...base,
    capacity: 1000,
    connections: 0,
    host,
    enable: true,
    licenses: [],
    port: 1560,
    memoryExcessTime: 0,
    memorySize: 1_000_000,
    pid: '42',
    running: 1,
    selectionSize: 0,
    startedAt: 0,
    use: 1,
    availablePerformance: 200,
    reserve: false,
    ...over,
  })
  const server = (host: string): ServerRecord =>
    ({
      server: `srv-${host}`,
      agentHost: host,
      agentPort: 1540,
      name: `Server ${host}`,
      mainServer: host === 'a',
      connectionsLimit: 256,
      infobasesLimit: 8,
    }) as ServerRecord

  it('counts sessions per process and server, and flags a server that gets none', () => {
    const processes = processDtos(
      [
        proc('p1', 'a'),
        proc('p2', 'a', { running: 0 }),
        proc('p3', 'b', { enable: false, running: 0 }),
        proc('p4', 'c'),
      ],
      [server('a'), server('b'), server('c')],
      [
        { process: 'p1', cpuTimeCurrent: 10, cpuTimeLast5min: 100 },
        { process: 'p1', cpuTimeCurrent: 5, cpuTimeLast5min: 50 },
      ],
    )
    expect(processes.map((p) => [p.process, p.state, p.sessions, p.cpuTimeLast5min, p.serverName])).toEqual([
      ['p1', 'running', 2, 150, 'Server a'],
      ['p2', 'restarting', 0, 0, 'Server a'],
      ['p3', 'off', 0, 0, 'Server b'],
      ['p4', 'running', 0, 0, 'Server c'],
    ])
    const servers = serverDtos([server('a'), server('b'), server('c')], processes)
    expect(servers.map((s) => [s.host, s.processes, s.runningProcesses, s.sessions, s.receivesSessions])).toEqual([
      ['a', 2, 1, 2, true],
      ['b', 1, 0, 0, false],
      ['c', 1, 1, 0, false],
    ])
    expect(servers[0]!.memorySize).toBe(2_000_000)
    expect(servers[0]!.availablePerformance).toBe(200) // only running processes offer any
  })
})

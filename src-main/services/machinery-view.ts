/**
 * Working processes and servers as the contract shows them (docs/protocol.md §6.8, §6.9), with
 * the sessions of one session list counted per process and per server. A process is turned off
 * (enable = false), restarting (turned on but not running) or running; a server whose processes
 * do not run, or hold no session while another server's do, has stopped receiving sessions. Pure.
 */
import type { ProcessDto, ProcessState, WorkingServerDto } from '../../src-shared/around-contract'
import type { ProcessRecord, ServerRecord } from '../ras/records'
import { licenseDto } from './sessions'

/** What the counts need of a session. */
export interface SessionOnProcess {
  process: string
  cpuTimeCurrent: number
  cpuTimeLast5min: number
}

export function processState(p: Pick<ProcessRecord, 'enable' | 'running'>): ProcessState {
  if (!p.enable) return 'off'
  return p.running === 1 ? 'running' : 'restarting'
}

export function processDtos(
  processes: readonly ProcessRecord[],
  servers: readonly ServerRecord[],
  sessions: Iterable<SessionOnProcess>,
): ProcessDto[] {
  const load = new Map<string, { sessions: number; cpuTimeCurrent: number; cpuTimeLast5min: number }>()
  for (const s of sessions) {
    const l = load.get(s.process) ?? { sessions: 0, cpuTimeCurrent: 0, cpuTimeLast5min: 0 }
    l.sessions++
    l.cpuTimeCurrent += s.cpuTimeCurrent
    l.cpuTimeLast5min += s.cpuTimeLast5min
    load.set(s.process, l)
  }
  const serverNames = new Map(servers.map((s) => [s.agentHost.toLowerCase(), s.name]))
  return processes.map((p) => ({
    process: p.process,
    host: p.host,
    serverName: serverNames.get(p.host.toLowerCase()) ?? '',
    port: p.port,
    pid: p.pid,
    state: processState(p),
    startedAt: p.startedAt,
    memorySize: p.memorySize,
    memoryExcessTime: p.memoryExcessTime,
    availablePerformance: p.availablePerformance,
    capacity: p.capacity,
    avgCallTime: p.avgCallTime,
    avgServerCallTime: p.avgServerCallTime,
    avgDbCallTime: p.avgDbCallTime,
    avgLockCallTime: p.avgLockCallTime,
    avgThreads: p.avgThreads,
    connections: p.connections,
    sessions: 0,
    cpuTimeCurrent: 0,
    cpuTimeLast5min: 0,
    ...load.get(p.process),
    licenses: p.licenses.map(licenseDto),
  }))
}

export function serverDtos(servers: readonly ServerRecord[], processes: readonly ProcessDto[]): WorkingServerDto[] {
  const busyElsewhere = (host: string) => processes.some((p) => p.host.toLowerCase() !== host && p.sessions > 0)
  return servers.map((s) => {
    const host = s.agentHost.toLowerCase()
    const own = processes.filter((p) => p.host.toLowerCase() === host)
    const running = own.filter((p) => p.state === 'running')
    const sessions = own.reduce((n, p) => n + p.sessions, 0)
    return {
      server: s.server,
      name: s.name,
      host: s.agentHost,
      agentPort: s.agentPort,
      mainServer: s.mainServer,
      processes: own.length,
      runningProcesses: running.length,
      memorySize: own.reduce((n, p) => n + p.memorySize, 0),
      availablePerformance: running.reduce((n, p) => n + p.availablePerformance, 0),
      sessions,
      connections: own.reduce((n, p) => n + p.connections, 0),
      cpuTimeLast5min: own.reduce((n, p) => n + p.cpuTimeLast5min, 0),
      receivesSessions: running.length > 0 && (sessions > 0 || !busyElsewhere(host)),
      connectionsLimit: s.connectionsLimit,
      infobasesLimit: s.infobasesLimit,
    }
  })
}

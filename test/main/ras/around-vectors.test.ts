/**
 * docs/protocol.md §9.8: the records around a session (LockInfo, ServiceInfo, ProcessInfo,
 * ServerInfo) and the requests GET_CLUSTER_SERVICES, UPDATE_INFOBASE_SHORT and GET_SESSION_LOCKS,
 * byte for byte at service versions 9, 10, 11 and 16, both directions.
 */
import { describe, expect, it } from 'vitest'
import { Writer } from '../../../src-main/ras/codec'
import { encodePacket, messageWriter } from '../../../src-main/ras/frames'
import { Messages } from '../../../src-main/ras/messages'
import { decodeRecord, encodeRecord, type RecordDef } from '../../../src-main/ras/record'
import { LockInfo, ProcessInfo, ServerInfo, ServiceInfo } from '../../../src-main/ras/records'
import { Reader } from '../../../src-main/ras/codec'
import {
  CLUSTER_SERVICES_PACKET,
  CLUSTER_UUID,
  LOCK_RECORD,
  PROCESS_RECORD,
  SERVER_RECORD_HEAD,
  SERVER_V11_FIELDS,
  SERVER_V16_FIELDS,
  SERVER_V8_FIELDS,
  SERVICE_RECORD,
  SESSION_LOCKS_PACKET,
  UPDATE_INFOBASE_SHORT_PACKET,
} from '../../support/captures'
import { decodedRecord } from './exact-codec'

const VERSIONS = [9, 10, 11, 16] as const
const INFOBASE = '717bdda7-2f60-4577-b262-f1fc8c0e472c'
const SESSION = 'bc9e8fae-32f1-4e90-94cc-4312e65cc07d'
const wall = (t: number | null) => (t === null ? '' : new Date(t).toISOString().slice(0, 19).replace('T', ' '))

/** Decodes `bytes` at `version` (every byte consumed) and encodes the value back to the same bytes. */
function pinned<R extends RecordDef>(record: R, bytes: Buffer, version: number) {
  const value = decodedRecord(bytes, record, version)
  expect(Buffer.from(encodeRecord(new Writer(), record, value, version).bytes())).toEqual(bytes)
  return value
}

function packet(message: (typeof Messages)[keyof typeof Messages], args: object, version: number): Buffer {
  const w = messageWriter(1, message.code)
  encodeRecord(w, message.request, args as never, version)
  return encodePacket(14, w.bytes())
}

describe.each(VERSIONS)('docs/protocol.md §9.8 at service version %i', (version) => {
  it('LockInfo: a shared infobase lock of the captured session', () => {
    const lock = pinned(LockInfo, LOCK_RECORD, version)
    expect(lock).toMatchObject({
      connection: 'e942f0e3-9956-4025-b4aa-49aae1431af8',
      descr: 'ИБ(соединение ,yaxunit,разделяемая)',
      object: '00000000-0000-0000-0000-000000000000',
      session: SESSION,
    })
    expect(wall(lock.lockedAt)).toBe('2026-02-26 05:15:55')
  })

  it('ServiceInfo: a service and the manager that runs it', () => {
    expect(pinned(ServiceInfo, SERVICE_RECORD, version)).toEqual({
      name: 'EventLogService',
      descr: 'Сервис журналов регистрации',
      mainOnly: 0,
      managers: [{ manager: '6f2c1a90-3b7d-4e21-9c0f-5a1e2d3c4b5a' }],
    })
  })

  it('ProcessInfo: one layout from 9 to 16', () => {
    const p = pinned(ProcessInfo, PROCESS_RECORD, version)
    expect(p).toMatchObject({
      process: '0399133a-6d5d-4fb0-9029-d240c8e07763',
      avgCallTime: 12.5,
      avgThreads: 1,
      capacity: 1000,
      connections: 2,
      host: 'alko-home',
      enable: true,
      licenses: [],
      port: 1560,
      memorySize: 412345,
      pid: '1293618',
      running: 1,
      selectionSize: 1234,
      use: 1,
      availablePerformance: 250,
      reserve: false,
    })
    expect(wall(p.startedAt)).toBe('2026-02-26 04:12:32')
  })

  it('ServerInfo: the fields of 8, 11 and 16 appended in turn', () => {
    const bytes = Buffer.concat([
      SERVER_RECORD_HEAD,
      SERVER_V8_FIELDS,
      ...(version >= 11 ? [SERVER_V11_FIELDS] : []),
      ...(version >= 16 ? [SERVER_V16_FIELDS] : []),
    ])
    const s = pinned(ServerInfo, bytes, version)
    expect(s).toMatchObject({
      agentHost: 'alko-home',
      agentPort: 1540,
      name: 'Центральный сервер',
      mainServer: true,
      infobasesLimit: 8,
      connectionsLimit: 256,
      clusterPort: 1541,
      portRanges: [{ high: 1591, low: 1560 }],
      temporaryAllowedTotalMemoryTimeLimit: 300,
    })
    // The other versions' layouts do not read these bytes exactly.
    for (const other of VERSIONS.filter((v) => v >= 16 !== version >= 16 || v >= 11 !== version >= 11)) {
      expect(() => decodedRecord(bytes, ServerInfo, other)).toThrow()
    }
  })

  it('GET_CLUSTER_SERVICES, UPDATE_INFOBASE_SHORT and GET_SESSION_LOCKS requests', () => {
    expect(packet(Messages.clusterServices, { cluster: CLUSTER_UUID }, version)).toEqual(CLUSTER_SERVICES_PACKET)
    const update = { cluster: CLUSTER_UUID, infobase: INFOBASE, descr: 'Description', name: '' }
    expect(packet(Messages.updateInfobaseShort, update, version)).toEqual(UPDATE_INFOBASE_SHORT_PACKET)
    const locks = { cluster: CLUSTER_UUID, infobase: INFOBASE, session: SESSION }
    expect(packet(Messages.sessionLocks, locks, version)).toEqual(SESSION_LOCKS_PACKET)
    // and the simulator's direction: the request body decodes to the same arguments
    const body = UPDATE_INFOBASE_SHORT_PACKET.subarray(7)
    expect(decodeRecord(new Reader(body), Messages.updateInfobaseShort.request, version)).toEqual(update)
  })
})

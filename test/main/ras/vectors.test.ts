import { describe, expect, it } from 'vitest'
import { Reader, Writer, ticksToServerTime } from '../../../src-main/ras/codec'
import { decodeList, decodeRecord, encodeList, encodeRecord } from '../../../src-main/ras/record'
import { ClusterInfo, ConnectionShort, InfobaseInfo, SessionInfo } from '../../../src-main/ras/records'
import {
  FrameDecoder,
  NEGOTIATE,
  decodeEndpointMessage,
  encodeConnect,
  encodeEndpointClose,
  encodeEndpointOpen,
  encodeEndpointOpenAck,
  encodeExceptionMessage,
  encodePacket,
  encodeVoid,
  messageWriter,
} from '../../../src-main/ras/frames'
import { Messages } from '../../../src-main/ras/messages'
import { hex } from '../../support/hex'
import {
  AUTH_FAILURE_PACKET,
  CLUSTER_BYTES,
  CLUSTER_LIST_V11,
  CLUSTER_UUID,
  CLUSTER_V16_TAIL,
  CONNECTION_V9_FIRST,
  INFOBASE_V16,
  SESSION_NOT_FOUND_PACKET,
  SESSION_V16_FIRST,
  UPDATE_INFOBASE_V11_PACKET,
} from '../../support/captures'
import { decodedRecord } from './exact-codec'

/** "YYYY-MM-DD HH:mm:ss" of a ServerTime, read as the server's wall clock. */
const wall = (t: number | null) => (t === null ? '' : new Date(t).toISOString().slice(0, 19).replace('T', ' '))

describe('docs/protocol.md §9.1: the rac session-list conversation', () => {
  it('client packets are byte-identical to rac 8.5.1', () => {
    expect(NEGOTIATE).toEqual(hex('1c 53 57 50 01 00 01 00'))
    expect(encodeConnect()).toEqual(hex('01 16 01 0f "connect.timeout" 04 00 00 07 d0'))
    expect(encodeEndpointOpen('v8.service.Admin.Cluster', '16.0')).toEqual(
      hex('0b 1f 18 "v8.service.Admin.Cluster" 04 "16.0" 80'),
    )
    const auth = messageWriter(1, Messages.authenticate.code)
    encodeRecord(auth, Messages.authenticate.request, { cluster: CLUSTER_UUID, user: 'cadmin', password: 'cpass' }, 16)
    expect(encodePacket(14, auth.bytes())).toEqual(hex('0e 22 01 00 00 01 09', CLUSTER_BYTES, '06 "cadmin" 05 "cpass"'))
    const list = messageWriter(1, Messages.sessions.code)
    encodeRecord(list, Messages.sessions.request, { cluster: CLUSTER_UUID }, 16)
    expect(encodePacket(14, list.bytes())).toEqual(hex('0e 15 01 00 00 01 41', CLUSTER_BYTES))
    expect(encodeEndpointClose(1)).toEqual(hex('0d 01 01'))
  })

  it('server packets are byte-identical to ras 8.5.1', () => {
    expect(encodeEndpointOpenAck('v8.service.Admin.Cluster', '16.0', 1)).toEqual(
      hex('0c 20 18 "v8.service.Admin.Cluster" 04 "16.0" 01 80'),
    )
    expect(encodeVoid(1)).toEqual(hex('0e 04 01 00 00 00'))
  })

  it('frames the 1200-byte reply header like the capture (0e b0 09)', () => {
    expect(encodePacket(14, Buffer.alloc(1200)).subarray(0, 3)).toEqual(hex('0e b0 09'))
    const frames = new FrameDecoder().push(hex('02 01 80'))
    expect(frames).toEqual([{ type: 2, body: hex('80') }])
  })
})

describe('docs/protocol.md §9.2: SessionInfo v16, field by field', () => {
  it('is 600 bytes long as the offsets say', () => {
    expect(SESSION_V16_FIRST.length).toBe(606 - 6)
  })

  it('decodes to the values rac printed', () => {
    const s = decodedRecord(SESSION_V16_FIRST, SessionInfo, 16)
    expect(s).toMatchObject({
      session: 'bc9e8fae-32f1-4e90-94cc-4312e65cc07d',
      appId: 'Designer',
      blockedByDbms: 0,
      bytesAll: 107270,
      bytesLast5min: 685,
      callsAll: 1328,
      callsLast5min: 10,
      connection: 'e942f0e3-9956-4025-b4aa-49aae1431af8',
      dbmsBytesAll: 1100697,
      dbProcInfo: '',
      dbProcTookAt: null,
      durationAll: 486,
      durationAllDbms: 84,
      durationLast5min: 17,
      host: 'alko-home',
      infobase: '717bdda7-2f60-4577-b262-f1fc8c0e472c',
      hibernate: false,
      passiveSessionHibernateTime: 1200,
      hibernateSessionTerminateTime: 86400,
      locale: 'ru_RU',
      process: '0399133a-6d5d-4fb0-9029-d240c8e07763',
      sessionId: 1,
      userName: 'iadmin',
      memoryCurrent: 0,
      memoryLast5min: 414871,
      memoryTotal: 7164618,
      readTotal: 285442,
      writeTotal: 364376,
      durationLast5minService: 15,
      durationAllService: 188,
      currentServiceName: '',
      cpuTimeLast5min: 8,
      cpuTimeTotal: 244,
      dataSeparation: "''",
      clientIp: '127.0.0.1',
    })
    expect(wall(s.lastActiveAt)).toBe('2026-02-26 05:15:55')
    expect(wall(s.startedAt)).toBe('2026-02-26 04:12:32')
    expect(s.licenses).toHaveLength(1)
    expect(s.licenses[0]).toMatchObject({
      fullName: 'file:///home/alko/.1cv8/1C/1cv8/conf/20250731010119.lic',
      issuedByServer: false,
      licenseType: 0,
      maxUsersAll: 4,
      maxUsersCur: 4,
      net: false,
      rmngrAddress: '',
      rmngrPid: '1293618',
      rmngrPort: 0,
      series: '500000125530',
      shortPresentation: 'Клиент, 500000125530 4 4',
    })
    expect(s.licenses[0]!.fullPresentation).toMatch(/^Клиент, 1293618, 500000125530 4 4 01\.03\.2026 19:22:00 \(UTC\)/)
  })

  it('re-encodes to the same bytes', () => {
    const s = decodeRecord(new Reader(SESSION_V16_FIRST), SessionInfo, 16)
    expect(encodeRecord(new Writer(), SessionInfo, s, 16).bytes()).toEqual(SESSION_V16_FIRST)
  })

  it('reads a negative memory-current (captured −47080)', () => {
    const r = new Reader(hex('ff ff ff ff ff ff 48 18'))
    expect(r.i64()).toBe(-47080)
    expect(new Writer().i64(-47080).bytes()).toEqual(hex('ff ff ff ff ff ff 48 18'))
  })
})

describe('docs/protocol.md §9.3: ClusterInfo', () => {
  it('decodes the v11 list and re-encodes it', () => {
    const msg = decodeEndpointMessage(CLUSTER_LIST_V11)
    expect(msg.kind).toBe('message')
    if (msg.kind !== 'message') return
    expect(msg.code).toBe(12)
    const clusters = decodeList(msg.reader, ClusterInfo, 11)
    msg.reader.expectEnd('clusters')
    expect(clusters).toHaveLength(1)
    expect(clusters[0]).toMatchObject({
      cluster: CLUSTER_UUID,
      expirationTimeout: 60,
      host: 'alko-home',
      port: 1541,
      name: 'Локальный кластер',
      killProblemProcesses: true,
      killByMemoryWithDump: false,
    })
    const w = messageWriter(1, 12)
    encodeList(w, ClusterInfo, clusters, 11)
    expect(w.bytes()).toEqual(CLUSTER_LIST_V11)
  })

  it('reads the v16 tail', () => {
    const body = Buffer.concat([CLUSTER_LIST_V11.subarray(6), CLUSTER_V16_TAIL])
    const c = decodedRecord(body, ClusterInfo, 16)
    expect(c).toMatchObject({ unknownV16: 1, allowAccessRightAuditEventsRecording: false, restartSchedule: '' })
    expect(encodeRecord(new Writer(), ClusterInfo, c, 16).bytes()).toEqual(body)
  })
})

describe('docs/protocol.md §9.4: errors', () => {
  it('decodes the wrong-password exception verbatim', () => {
    const [frame] = new FrameDecoder().push(AUTH_FAILURE_PACKET)
    const msg = decodeEndpointMessage(frame!.body)
    expect(msg).toMatchObject({
      kind: 'exception',
      error: {
        class: 'v8.service.Admin.Cluster#Failure',
        message: 'Ошибка операции администрирования\nАдминистратор кластера не аутентифицирован',
        trace: [],
        cause: null,
      },
    })
    if (msg.kind === 'exception') expect(encodeExceptionMessage(1, msg.error)).toEqual(AUTH_FAILURE_PACKET)
  })

  it('decodes SessionNotFound and re-encodes it', () => {
    const [frame] = new FrameDecoder().push(SESSION_NOT_FOUND_PACKET)
    const msg = decodeEndpointMessage(frame!.body)
    expect(msg.kind === 'exception' && msg.error.class).toBe('v8.service.Admin.Cluster#SessionNotFound')
    if (msg.kind === 'exception') expect(encodeExceptionMessage(1, msg.error)).toEqual(SESSION_NOT_FOUND_PACKET)
  })

  it('encodes TERMINATE_SESSION with its message like rac', () => {
    const w = messageWriter(1, 71)
    encodeRecord(
      w,
      Messages.terminateSession.request,
      { cluster: CLUSTER_UUID, session: '00000000-0000-0000-0000-000000000000', message: 'codex terminate test' },
      16,
    )
    expect(encodePacket(14, w.bytes())).toEqual(
      hex('0e 3a 01 00 00 01 47', CLUSTER_BYTES, Buffer.alloc(16), '14 "codex terminate test"'),
    )
  })
})

describe('docs/protocol.md §9.5: ConnectionShort v9', () => {
  it('decodes and re-encodes', () => {
    const c = decodedRecord(CONNECTION_V9_FIRST, ConnectionShort, 9)
    expect(c).toMatchObject({
      connection: '8115d086-8d2d-462c-b91f-28758056c77d',
      application: '1CV8C',
      connId: 11062,
      host: 'srv-uk-term-13',
      sessionNumber: 0,
    })
    expect(wall(c.connectedAt)).toBe('2020-10-08 16:16:32')
    expect(encodeRecord(new Writer(), ConnectionShort, c, 9).bytes()).toEqual(CONNECTION_V9_FIRST)
  })
})

describe('docs/protocol.md §9.6: InfobaseInfo', () => {
  it('decodes v16 with its datetimes and keeps the tail', () => {
    const ib = decodedRecord(INFOBASE_V16, InfobaseInfo, 16)
    expect(ib).toMatchObject({
      infobase: '717bdda7-2f60-4577-b262-f1fc8c0e472c',
      dbms: 'PostgreSQL',
      dbName: 'yaxunit',
      dbPwd: '\uFFFD',
      deniedMessage: 'Message',
      deniedParameter: 'PARAMETER',
      descr: 'Description',
      name: 'yaxunit',
      permissionCode: 'CODE',
      sessionsDeny: false,
      licenseDistribution: 1,
      reserveWorkingProcesses: false,
      tail: '00000003e700000378' + '00000309',
    })
    expect(wall(ib.deniedFrom)).toBe('2026-02-23 00:00:00')
    expect(wall(ib.deniedTo)).toBe('2029-11-01 00:00:00')
    expect(encodeRecord(new Writer(), InfobaseInfo, ib, 16).bytes()).toEqual(INFOBASE_V16)
  })

  it('encodes UPDATE_INFOBASE v11 with sessions-deny on, byte for byte', () => {
    const ib = decodeRecord(new Reader(INFOBASE_V16), InfobaseInfo, 16)
    const w = messageWriter(1, Messages.updateInfobase.code)
    encodeRecord(w, Messages.updateInfobase.request, { cluster: CLUSTER_UUID, ...ib, sessionsDeny: true }, 11)
    expect(encodePacket(14, w.bytes())).toEqual(UPDATE_INFOBASE_V11_PACKET)
  })
})

describe('docs/protocol.md §2: primitives', () => {
  it.each([
    [0, '00', '00'],
    [63, '3f', '3f'],
    [64, '40 01', '40'],
    [81, '51 01', '51'],
    [122, '7a 01', '7a'],
    [135, '47 02', '87 01'],
    [4096, '40 40', '80 20'],
    [8192, '40 80 01', '80 40'],
  ])('nsize/size %i', (value, nsize, size) => {
    expect(new Writer().nsize(value).bytes()).toEqual(hex(nsize))
    expect(new Reader(hex(nsize)).nsize()).toBe(value)
    expect(new Writer().size(value).bytes()).toEqual(hex(size))
    expect(new Reader(hex(size)).size()).toBe(value)
  })

  it('datetime ticks match the worked values', () => {
    expect(wall(ticksToServerTime(new Reader(hex('00 02 45 3c 03 b5 78 00')).i64()))).toBe('2026-02-23 00:00:00')
    expect(new Writer().datetime(Date.UTC(2029, 10, 1)).bytes()).toEqual(hex('00 02 46 4a fc 12 40 00'))
    expect(new Writer().datetime(null).bytes()).toEqual(Buffer.alloc(8))
  })

  it('null and empty strings differ on the wire', () => {
    expect(new Writer().nullableStr(null).bytes()).toEqual(hex('80'))
    expect(new Writer().str('').bytes()).toEqual(hex('00'))
    expect(new Reader(hex('80')).nullableStr()).toBeNull()
    expect(new Reader(hex('80')).str()).toBe('')
  })
})

/**
 * RasConnection and RasClient against a scripted RAS server on a real loopback socket: framing
 * cut at every byte, coalesced packets, stalls, drops, oversize frames, keep-alives, garbage,
 * version negotiation, server exceptions, and the one-request-at-a-time rule.
 */
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { RasClient, RasConnection, RasError, type RasErrorKind } from '../../../src-main/ras'
import { Reader, Writer } from '../../../src-main/ras/codec'
import { decodeRecord } from '../../../src-main/ras/record'
import { ClusterInfo, SessionInfo, type SessionRecord } from '../../../src-main/ras/records'
import { Messages } from '../../../src-main/ras/messages'
import { PacketType, encodePacket, messageWriter } from '../../../src-main/ras/frames'
import { hex } from '../../support/hex'
import { CLUSTER_LIST_V11, CLUSTER_UUID, SESSION_V16_FIRST } from '../../support/captures'
import {
  ScriptedRas,
  disconnect,
  keepAlive,
  replyException,
  replyList,
  replyOne,
  replyStr,
  replyVoid,
  type Script,
  type ScriptedRasOptions,
} from '../../support/scripted-ras'

const SESSION = decodeRecord(new Reader(SESSION_V16_FIRST), SessionInfo, 16)
const SESSION_2: SessionRecord = {
  ...SESSION,
  session: '11111111-2222-4333-8444-555555555555',
  sessionId: 2,
  appId: '1CV8C',
}
const SESSIONS_V16 = replyList(66, SessionInfo, [SESSION, SESSION_2], 16)
const FAILURE_TEXT = 'Ошибка операции администрирования\nАдминистратор кластера не аутентифицирован'

const servers: ScriptedRas[] = []
const clients: Array<RasClient | RasConnection> = []

async function start(options: ScriptedRasOptions = {}): Promise<ScriptedRas> {
  const ras = await ScriptedRas.start(options)
  servers.push(ras)
  return ras
}

async function connect(ras: ScriptedRas, extra: Parameters<ScriptedRas['target']>[0] = {}): Promise<RasClient> {
  const client = await RasClient.connect(ras.target(extra))
  clients.push(client)
  return client
}

afterEach(async () => {
  for (const c of clients.splice(0)) (c instanceof RasClient ? c.connection : c).destroy()
  for (const s of servers.splice(0)) {
    expect(s.violations).toEqual([])
    await s.close()
  }
})

/** Awaits a rejection and checks it is a RasError of `kind`. */
async function rejects(p: Promise<unknown>, kind: RasErrorKind): Promise<RasError> {
  const outcome = await p.then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, e }),
  )
  if (outcome.ok) throw new Error(`expected a ${kind} RasError, got a value: ${JSON.stringify(outcome.v)}`)
  expect(outcome.e).toBeInstanceOf(RasError)
  expect((outcome.e as RasError).kind, (outcome.e as RasError).message).toBe(kind)
  return outcome.e as RasError
}

/** Answers GET_SESSIONS with SESSIONS_V16 cut as `split` says; everything else VOID. */
const sessionsScript =
  (split?: 'bytes' | number[]): Script =>
  (req, io) =>
    io.reply(req.code === 65 ? SESSIONS_V16 : replyVoid(), { split })

describe('framing on a live socket', () => {
  it('handshakes like rac and lists sessions', async () => {
    const ras = await start({ script: sessionsScript() })
    const client = await connect(ras)
    expect(client.version).toBe('16.0')
    await client.authenticateCluster(CLUSTER_UUID, 'cadmin', 'cpass')
    expect(await client.listSessions(CLUSTER_UUID)).toEqual([SESSION, SESSION_2])
    const conn = await ras.connection()
    expect(conn.raw(conn.packets[0]!)).toEqual(hex('01 16 01 0f "connect.timeout" 04 00 00 07 d0'))
    expect(conn.raw(conn.packets[1]!)).toEqual(hex('0b 1f 18 "v8.service.Admin.Cluster" 04 "16.0" 80'))
    expect(conn.raw(conn.packets[2]!)).toEqual(
      hex('0e 22 01 00 00 01 09 16 19 82 0a d3 6f 4d 8a a7 16 15 16 b1 de a0 77 06 "cadmin" 05 "cpass"'),
    )
  })

  it('a reply written one byte per write decodes the same', async () => {
    const ras = await start({ script: sessionsScript('bytes') })
    const client = await connect(ras)
    expect(await client.listSessions(CLUSTER_UUID)).toEqual([SESSION, SESSION_2])
  })

  it('a large reply (3,000 sessions, ~1.8 MB) arrives in many TCP chunks and decodes', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({
      ...SESSION,
      sessionId: i + 1,
      userName: `Пользователь ${i}`,
    }))
    const big = replyList(66, SessionInfo, many, 16)
    expect(big.length).toBeGreaterThan(1_500_000)
    const ras = await start({ script: (req, io) => io.reply(big, { split: [1, 70_000, 700_001] }) })
    const client = await connect(ras)
    const sessions = await client.listSessions(CLUSTER_UUID)
    expect(sessions).toHaveLength(3000)
    expect(sessions[2999]).toEqual(many[2999])
  })

  it('a reply cut in two at every byte boundary decodes the same', async () => {
    let cutAt = 1
    const ras = await start({ script: (req, io) => io.reply(SESSIONS_V16, { split: [cutAt++] }) })
    const client = await connect(ras)
    while (cutAt < SESSIONS_V16.length) {
      const at = cutAt
      const sessions = await client.listSessions(CLUSTER_UUID)
      expect(sessions, `cut at ${at}`).toHaveLength(2)
      expect(sessions[1]).toEqual(SESSION_2)
    }
    expect((await ras.connection()).requests).toHaveLength(SESSIONS_V16.length - 1)
  })

  it('the handshake answers cut at every byte still open the endpoint', async () => {
    const ras = await start({ connectAck: null })
    // CONNECT_ACK written one byte at a time, then the normal OPEN_ACK
    const conn = (async () => {
      const c = await ras.connection()
      while (c.packets.length === 0) await new Promise((r) => setTimeout(r, 1))
      for (const b of hex('02 01 80')) {
        c.socket.write(Buffer.from([b]))
        await new Promise((r) => setTimeout(r, 1))
      }
    })()
    const client = await connect(ras)
    await conn
    expect(client.version).toBe('16.0')
  })

  it('several packets in one chunk: keep-alives around a reply, then DISCONNECT', async () => {
    const ras = await start({
      script: async (req, io) => {
        if (req.index === 0)
          await io.reply(Buffer.concat([keepAlive(), keepAlive(hex('01 02 03')), replyVoid(), keepAlive()]))
        else await io.reply(Buffer.concat([replyStr(136, '8.5.1.1150'), disconnect()]))
      },
    })
    const client = await connect(ras)
    await client.authenticateCluster(CLUSTER_UUID)
    expect(await client.agentVersion()).toBe('8.5.1.1150')
    await (
      await ras.connection()
    ).closed // DISCONNECT makes the client drop the socket
    await rejects(client.listClusters(), 'network')
  })

  it('KEEP_ALIVE between replies and during the handshake is ignored', async () => {
    const ras = await start({
      connectAck: Buffer.concat([keepAlive(), hex('02 01 80'), keepAlive()]),
      script: async (req, io) => {
        await io.send(keepAlive())
        await new Promise((r) => setTimeout(r, 5))
        await io.send(keepAlive(Buffer.alloc(300, 7)))
        await io.reply(replyVoid(), { split: [2] })
        await io.send(keepAlive())
      },
    })
    const client = await connect(ras)
    for (let i = 0; i < 3; i++) await client.authenticateCluster(CLUSTER_UUID)
  })

  it('an extra, unsolicited reply is a protocol error, not the answer to the next request', async () => {
    const ras = await start({ script: (req, io) => io.reply(Buffer.concat([replyVoid(), replyVoid()])) })
    const client = await connect(ras)
    await client.authenticateCluster(CLUSTER_UUID) // its own answer arrived
    const conn = await ras.connection()
    await conn.closed
    const e = await rejects(client.authenticateCluster(CLUSTER_UUID), 'network')
    expect(e.message).toMatch(/unsolicited/)
    expect(conn.requests).toHaveLength(1)
  })
})

describe('faults', () => {
  it('a stalled reply times out; queued requests fail with typed errors; the socket is closed', async () => {
    const ras = await start({ script: () => undefined }) // never answers
    const client = await connect(ras, { requestTimeoutMs: 150 })
    const started = Date.now()
    const first = rejects(client.listSessions(CLUSTER_UUID), 'timeout')
    const queued = [
      client.agentVersion(),
      client.listClusters(),
      client.terminateSession(CLUSTER_UUID, SESSION.session),
    ]
    const e = await first
    expect(e.message).toMatch(/GET_SESSIONS/)
    expect(Date.now() - started).toBeLessThan(5000) // 150 ms timeout; generous for loaded CI machines
    for (const q of queued) await rejects(q, 'network')
    const conn = await ras.connection()
    await conn.closed // the server sees the socket go away: nothing leaks
    expect(conn.requests).toHaveLength(1) // the queued ones were never sent
    expect(client.connection.isOpen).toBe(false)
    await rejects(client.agentVersion(), 'network')
  })

  it('a connection dropped mid-frame fails the request as network', async () => {
    const ras = await start({
      script: async (req, io) => {
        await io.send(SESSIONS_V16.subarray(0, 300))
        io.destroy()
      },
    })
    const client = await connect(ras)
    await rejects(client.listSessions(CLUSTER_UUID), 'network')
    await rejects(client.listSessions(CLUSTER_UUID), 'network')
  })

  it('a server that half-closes mid-frame is the same', async () => {
    const ras = await start({
      script: async (req, io) => {
        await io.send(SESSIONS_V16.subarray(0, 3))
        io.end()
      },
    })
    const client = await connect(ras)
    await rejects(client.listSessions(CLUSTER_UUID), 'network')
  })

  it('a frame header over 64 MiB is refused at once, without waiting for (or buffering) the body', async () => {
    const header = new Writer()
      .u8(PacketType.EndpointMessage)
      .size(64 * 1024 * 1024 + 1)
      .bytes()
    const ras = await start({ script: (req, io) => io.send(Buffer.concat([header, Buffer.alloc(1000)])) })
    const client = await connect(ras, { requestTimeoutMs: 15_000 })
    const started = Date.now()
    const e = await rejects(client.listSessions(CLUSTER_UUID), 'protocol')
    expect(e.message).toMatch(/exceeds/)
    expect(Date.now() - started).toBeLessThan(5000) // long before the request timeout
    await (
      await ras.connection()
    ).closed
  })

  it('a frame of exactly 64 MiB is not refused by its header', async () => {
    const header = new Writer()
      .u8(PacketType.EndpointMessage)
      .size(64 * 1024 * 1024)
      .bytes()
    const ras = await start({
      script: async (req, io) => {
        await io.send(header)
        io.end()
      },
    })
    const client = await connect(ras)
    await rejects(client.listSessions(CLUSTER_UUID), 'network') // cut short, not "too big"
  })

  it.each([
    ['HTTP garbage', Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')],
    ['an SWP magic sent back', hex('1c 53 57 50 01 00 01 00')],
    ['an unknown packet type', hex('03 01 80')],
    ['a length varint longer than 5 bytes', hex('02 ff ff ff ff ff 01')],
  ])('garbage instead of CONNECT_ACK (%s) is a protocol error', async (_name, bytes) => {
    const ras = await start({ connectAck: bytes })
    await rejects(RasClient.connect(ras.target()), 'protocol')
    await (
      await ras.connection()
    ).closed
  })

  it('garbage instead of a reply is a protocol error and closes the socket', async () => {
    const ras = await start({ script: (req, io) => io.send(Buffer.from('\x00garbage that is not a packet')) })
    const client = await connect(ras)
    await rejects(client.listClusters(), 'protocol')
    await (
      await ras.connection()
    ).closed
  })

  it('a well-framed but malformed reply is a protocol error', async () => {
    const truncated = encodePacket(PacketType.EndpointMessage, SESSIONS_V16.subarray(3, 200))
    const trailing = encodePacket(PacketType.EndpointMessage, Buffer.concat([SESSIONS_V16.subarray(3), hex('00')]))
    for (const bad of [truncated, trailing]) {
      const ras = await start({ script: (req, io) => io.reply(bad) })
      const client = await connect(ras)
      await rejects(client.listSessions(CLUSTER_UUID), 'protocol')
      await (
        await ras.connection()
      ).closed
    }
  })

  it('a reply of the wrong type or shape is a protocol error', async () => {
    const ras = await start({
      script: (req, io) => io.reply(req.index === 0 ? replyVoid() : replyList(12, ClusterInfo, [], 16)),
    })
    const client = await connect(ras)
    await rejects(client.listSessions(CLUSTER_UUID), 'protocol') // VOID where a list was due
    const ras2 = await start({ script: (req, io) => io.reply(replyList(12, ClusterInfo, [], 16)) })
    const client2 = await connect(ras2)
    await rejects(client2.listSessions(CLUSTER_UUID), 'protocol') // type 12 where 66 was due
    const ras3 = await start({ script: (req, io) => io.reply(replyStr(136, 'x')) })
    await rejects((await connect(ras3)).terminateSession(CLUSTER_UUID, SESSION.session), 'protocol') // message where VOID was due
  })

  it('a non-zero format (compression) is rejected', async () => {
    const compressed = Buffer.from(SESSIONS_V16)
    compressed[4] = 0x01 // header 0e b0 09 (3 bytes), endpoint 01, format 00 01
    const ras = await start({ script: (req, io) => io.reply(compressed) })
    const client = await connect(ras)
    const e = await rejects(client.listSessions(CLUSTER_UUID), 'protocol')
    expect(e.message).toMatch(/format/)
    await (
      await ras.connection()
    ).closed
  })

  it('a reply for another endpoint id is a protocol error', async () => {
    const other = encodePacket(PacketType.EndpointMessage, new Writer().nsize(2).i16(0).u8(0).bytes())
    const ras = await start({ script: (req, io) => io.reply(other) })
    const client = await connect(ras)
    await rejects(client.authenticateCluster(CLUSTER_UUID), 'protocol')
  })

  it('DISCONNECT from the server fails the pending request as network', async () => {
    const ras = await start({ script: (req, io) => io.send(disconnect()) })
    const client = await connect(ras)
    const e = await rejects(client.listSessions(CLUSTER_UUID), 'network')
    expect(e.message).toMatch(/DISCONNECT/)
    await (
      await ras.connection()
    ).closed
  })

  it('a server that accepts but never answers the handshake hits the connect timeout', async () => {
    const ras = await start({ connectAck: null })
    const started = Date.now()
    const e = await rejects(RasClient.connect(ras.target({ connectTimeoutMs: 200 })), 'timeout')
    expect(e.message).toMatch(/200 ms/)
    expect(Date.now() - started).toBeLessThan(5000) // 200 ms timeout; generous for loaded CI machines
    await (
      await ras.connection()
    ).closed
  })

  it('a server that acks CONNECT but never answers ENDPOINT_OPEN also hits the connect timeout', async () => {
    const ras = await start({ openReply: () => Buffer.alloc(0) }) // an empty write: no answer at all
    await rejects(RasClient.connect(ras.target({ connectTimeoutMs: 200 })), 'timeout')
    await (
      await ras.connection()
    ).closed
  })

  it('a server closing an idle connection is reported once, and later calls fail as network', async () => {
    const ras = await start({ script: (req, io) => io.reply(replyVoid()) })
    const client = await connect(ras)
    const closed = new Promise<RasError>((resolve) => client.connection.onClose(resolve))
    await client.authenticateCluster(CLUSTER_UUID)
    ;(await ras.connection()).socket.end()
    expect((await closed).kind).toBe('network')
    expect(client.connection.isOpen).toBe(false)
    await rejects(client.listClusters(), 'network')
  })

  it('a refused port is a network error', async () => {
    const probe = net.createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()))
    const port = (probe.address() as net.AddressInfo).port
    await new Promise<void>((r) => probe.close(() => r()))
    const e = await rejects(RasClient.connect({ host: '127.0.0.1', port, connectTimeoutMs: 2000 }), 'network')
    expect(e.message).toMatch(/refused/)
  })
})

describe('version negotiation', () => {
  it.each([
    [['15.0', '14.0', '11.0', '10.0'], '11.0'],
    [['9.0', '8.0'], '9.0'],
    [['9.0', '8.0', '7.0', '6.0', '5.0', '4.0', '3.0'], '9.0'], // the 2020 server of docs/protocol.md §3.2
    [['10.0', '9.0'], '10.0'],
    [['16.0', '11.0'], '16.0'],
  ])('supported=%j → retries on the same socket with %s', async (versions, expected) => {
    const ras = await start({
      versions,
      script: (req, io) => io.reply(replyList(12, ClusterInfo, [], Number.parseInt(expected))),
    })
    const client = await connect(ras)
    expect(client.version).toBe(expected)
    expect(client.versionMajor).toBe(Number.parseInt(expected))
    expect(await client.listClusters()).toEqual([])
    expect(ras.connections).toHaveLength(1)
    const conn = await ras.connection()
    expect(conn.opened).toEqual(expected === '16.0' ? ['16.0'] : ['16.0', expected])
  })

  it('the negotiated version drives the record layout (v11 cluster list capture)', async () => {
    const ras = await start({
      versions: ['11.0', '10.0'],
      script: (req, io) => io.reply(encodePacket(PacketType.EndpointMessage, CLUSTER_LIST_V11)),
    })
    const client = await connect(ras)
    const [cluster] = await client.listClusters()
    expect(cluster).toMatchObject({ cluster: CLUSTER_UUID, name: 'Локальный кластер', port: 1541, pingPeriod: 0 })
  })

  it.each([[['15.0', '14.0', '13.0', '12.0']], [['2.0', '1.0']], [[]]])(
    'supported=%j (nothing known) → unsupported-version',
    async (versions) => {
      const ras = await start({ versions })
      const e = await rejects(RasClient.connect(ras.target()), 'unsupported-version')
      expect(e.serverClass).toBe('v8.service.UnsupportedService')
      expect(e.serverMessage).toContain(`supported=${versions.join(',')}`)
      await (
        await ras.connection()
      ).closed
    },
  )
})

describe('server exceptions', () => {
  const errorScript =
    (cls: string, message: string): Script =>
    (req, io) =>
      io.reply(req.code === 9 && req.index === 0 ? replyVoid() : replyException(cls, message))

  it('a bad password surfaces the #Failure text verbatim as auth', async () => {
    const ras = await start({
      script: (req, io) => io.reply(replyException('v8.service.Admin.Cluster#Failure', FAILURE_TEXT)),
    })
    const client = await connect(ras)
    const e = await rejects(client.authenticateCluster(CLUSTER_UUID, 'cadmin', 'badpwd'), 'auth')
    expect(e.message).toBe(FAILURE_TEXT)
    expect(e.serverMessage).toBe(FAILURE_TEXT)
    expect(e.serverClass).toBe('v8.service.Admin.Cluster#Failure')
  })

  it.each([
    ['SessionNotFound', 'session', 'Сеанс с указанным идентификатором не найден'],
    ['InfoBaseNotFound', 'infobase', 'Информационная база с указанным идентификатором не найдена'],
    ['ClusterNotFound', 'cluster', 'Кластер с указанным идентификатором не найден'],
    ['ConnectionNotFound', 'connection', 'Соединение с указанным идентификатором не найдено'],
    ['ClientNotFound', 'connection', 'Соединение 00000000-0000-0000-0000-000000000000 не найдено'],
  ])('#%s → not-found (%s), and the connection stays usable', async (name, subject, text) => {
    const ras = await start({ script: errorScript(`v8.service.Admin.Cluster#${name}`, text) })
    const client = await connect(ras)
    await client.authenticateCluster(CLUSTER_UUID)
    const e = await rejects(client.terminateSession(CLUSTER_UUID, SESSION.session, 'bye'), 'not-found')
    expect(e.notFound).toBe(subject)
    expect(e.message).toBe(text)
    await rejects(client.getSession(CLUSTER_UUID, SESSION.session), 'not-found') // still answering
  })

  it('#Rights → rights; anything else → server with class and message kept', async () => {
    const ras = await start({
      script: (req, io) =>
        io.reply(
          req.index === 0
            ? replyException(
                'v8.service.Admin.Cluster#Rights',
                'Недостаточно прав пользователя на информационную базу yaxunit',
              )
            : replyException('swp.UnknownThrowable', ' server_addr=tcp://alko-home:1560 descr=recv returns zero'),
        ),
    })
    const client = await connect(ras)
    await rejects(client.getInfobase(CLUSTER_UUID, SESSION.infobase), 'rights')
    const e = await rejects(client.getInfobase(CLUSTER_UUID, SESSION.infobase), 'server')
    expect(e.serverClass).toBe('swp.UnknownThrowable')
    expect(e.message).toBe(' server_addr=tcp://alko-home:1560 descr=recv returns zero')
  })
})

describe('resources', () => {
  const count = (kind: string) => process.getActiveResourcesInfo().filter((r) => r === kind).length

  it('failed, timed-out, dropped and closed connections leave no timer or socket behind', async () => {
    const ras = await start({
      script: async (req, io) => {
        if (req.code === 65) return // stall
        if (req.code === 11) return io.reply(Buffer.concat([replyVoid(), replyVoid()])) // unsolicited extra
        if (req.code === 135) {
          await io.send(SESSIONS_V16.subarray(0, 10))
          return io.destroy()
        }
        return io.reply(replyVoid())
      },
    })
    const baseline = { timers: count('Timeout'), sockets: count('TCPSocketWrap') }
    for (let i = 0; i < 3; i++) {
      const a = await RasClient.connect(ras.target({ requestTimeoutMs: 50 }))
      await rejects(a.listSessions(CLUSTER_UUID), 'timeout')
      const b = await RasClient.connect(ras.target())
      await rejects(b.agentVersion(), 'network')
      const c = await RasClient.connect(ras.target())
      await c.listClusters().catch(() => undefined)
      const d = await RasClient.connect(ras.target())
      await d.authenticateCluster(CLUSTER_UUID)
      await d.close()
      await rejects(RasClient.connect({ host: '127.0.0.1', port: 1, connectTimeoutMs: 500 }), 'network')
    }
    await Promise.all(ras.connections.map((c) => c.closed))
    await new Promise((r) => setTimeout(r, 20))
    expect(ras.openConnections).toBe(0)
    expect(count('TCPSocketWrap')).toBeLessThanOrEqual(baseline.sockets)
    expect(count('Timeout')).toBeLessThanOrEqual(baseline.timers)
  })
})

describe('request discipline and closing', () => {
  it('requests go strictly one at a time, each answered with its own reply', async () => {
    const ras = await start({
      script: async (req, io) => {
        const cluster = req.args.uuid()
        const session = req.args.uuid()
        void cluster
        await new Promise((r) => setTimeout(r, (req.index * 7) % 4))
        await io.reply(replyOne(70, SessionInfo, { ...SESSION, session, sessionId: req.index }, 16), { split: [5] })
      },
    })
    const client = await connect(ras)
    const ids = Array.from({ length: 25 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)
    const results = await Promise.all(ids.map((id) => client.getSession(CLUSTER_UUID, id)))
    expect(results.map((s) => s.session)).toEqual(ids)
    expect(results.map((s) => s.sessionId)).toEqual(ids.map((_, i) => i))
    expect(ras.violations).toEqual([]) // the server never saw a second request before answering
  })

  it('a request that cannot be encoded fails alone and does not disturb the queue', async () => {
    const ras = await start({ script: (req, io) => io.reply(replyVoid()) })
    const client = await connect(ras)
    const bad = client.terminateSession(CLUSTER_UUID, 'not-a-uuid')
    const good = client.terminateSession(CLUSTER_UUID, SESSION.session)
    await expect(bad).rejects.toThrow(RangeError)
    await good
    expect((await ras.connection()).requests).toHaveLength(1)
  })

  it('close() sends ENDPOINT_CLOSE 0d 01 01 after the queue drains, then the socket closes', async () => {
    const ras = await start({ script: (req, io) => io.reply(replyVoid()) })
    const client = await connect(ras)
    const pending = client.authenticateCluster(CLUSTER_UUID)
    await client.close()
    await pending
    const conn = await ras.connection()
    await conn.closed
    expect(conn.raw(conn.packets.at(-1)!)).toEqual(hex('0d 01 01'))
    expect(conn.packets.filter((p) => p.type === PacketType.Disconnect)).toEqual([])
    expect(client.connection.isOpen).toBe(false)
    await rejects(client.listClusters(), 'network')
    await client.close() // closing twice is harmless
  })

  it('onClose reports why the connection died, once', async () => {
    const ras = await start({ script: () => undefined })
    const client = await connect(ras, { requestTimeoutMs: 100 })
    const reasons: RasError[] = []
    client.connection.onClose((r) => reasons.push(r))
    await rejects(client.listClusters(), 'timeout')
    await (
      await ras.connection()
    ).closed
    expect(reasons.map((r) => r.kind)).toEqual(['timeout'])
    client.connection.onClose((r) => reasons.push(r)) // late listeners hear it at once
    expect(reasons).toHaveLength(2)
  })

  it('the client speaks the requests of docs/protocol.md §5.2 with the right codes', async () => {
    const seen: number[] = []
    const ras = await start({
      script: (req, io) => {
        seen.push(req.code)
        const reply = Object.values(Messages).find((m) => m.code === req.code)!.reply
        const w = messageWriter(1, reply.kind === 'void' ? 0 : reply.code)
        if (reply.kind === 'void') return io.reply(replyVoid())
        if (reply.kind === 'str') w.str('8.3.21.1895')
        else if (reply.kind === 'list') w.size(0)
        else return io.reply(replyException('v8.service.Admin.Cluster#SessionNotFound', 'gone'))
        return io.reply(encodePacket(PacketType.EndpointMessage, w.bytes()))
      },
    })
    const c = await connect(ras)
    const ib = SESSION.infobase
    await c.agentVersion()
    await c.authenticateAgent('admin', 'pass')
    await c.authenticateCluster(CLUSTER_UUID, 'cadmin', 'cpass')
    await c.authenticateInfobase(CLUSTER_UUID, 'ib', 'pw')
    await c.listClusters()
    await c.listInfobases(CLUSTER_UUID)
    await c.listSessions(CLUSTER_UUID)
    await c.listInfobaseSessions(CLUSTER_UUID, ib)
    await rejects(c.getSession(CLUSTER_UUID, SESSION.session), 'not-found')
    await c.terminateSession(CLUSTER_UUID, SESSION.session, 'bye')
    await c.interruptCurrentServerCall(CLUSTER_UUID, SESSION.session, 'stop')
    await c.listConnections(CLUSTER_UUID)
    await c.listConnections(CLUSTER_UUID, ib)
    await c.listLocks(CLUSTER_UUID)
    await c.listLocks(CLUSTER_UUID, ib)
    await c.listWorkingProcesses(CLUSTER_UUID)
    await c.listWorkingServers(CLUSTER_UUID)
    await c.listManagers(CLUSTER_UUID)
    await c.listClusterAdmins(CLUSTER_UUID)
    expect(seen).toEqual([135, 8, 9, 10, 11, 42, 65, 67, 69, 71, 117, 50, 52, 72, 74, 29, 22, 18, 2])
  })
})

describe('errors say where they happened', () => {
  /** The session list with its first `hibernate` bool replaced by 0x2c. */
  function garbledSessions(): Buffer {
    const asleep = replyList(66, SessionInfo, [{ ...SESSION, hibernate: true }, SESSION_2], 16)
    const awake = replyList(66, SessionInfo, [{ ...SESSION, hibernate: false }, SESSION_2], 16)
    const at = asleep.findIndex((b, i) => b !== awake[i])
    const bytes = Buffer.from(asleep)
    bytes[at] = 0x2c
    return bytes
  }

  it('a garbled reply names the server, the request and the negotiated version', async () => {
    const ras = await start({
      script: (req, io) => io.reply(req.code === 65 ? garbledSessions() : replyVoid()),
    })
    const client = await connect(ras, { version: '11.0' })
    await client.authenticateCluster(CLUSTER_UUID)
    const e = await rejects(client.listSessions(CLUSTER_UUID), 'protocol')
    const server = `127.0.0.1:${ras.port}`
    expect(e.message).toMatch(
      new RegExp(`^invalid bool 0x2c at offset \\d+ \\(GET_SESSIONS reply from ${server}, service version 11\\.0\\)$`),
    )
    expect({ server: e.server, operation: e.operation, version: e.version }).toEqual({
      server,
      operation: 'GET_SESSIONS',
      version: '11.0',
    })
    // the connection is gone; what comes after still says why
    const after = await rejects(client.agentVersion(), 'network')
    expect(after.message).toContain(`GET_SESSIONS reply from ${server}`)
  })

  it('a bad handshake names the server', async () => {
    const ras = await start({ connectAck: hex('05 00') })
    const e = await RasClient.connect(ras.target()).then(
      () => null,
      (err: unknown) => err as RasError,
    )
    expect(e).toBeInstanceOf(RasError)
    expect(e!.kind).toBe('protocol')
    expect(e!.message).toContain(`(handshake with 127.0.0.1:${ras.port})`)
    expect(e!.server).toBe(`127.0.0.1:${ras.port}`)
    expect(e!.operation).toBe('handshake')
  })

  it("the server's own text stays verbatim; the context is in the fields", async () => {
    const ras = await start({
      script: (req, io) => io.reply(replyException('v8.service.Admin.Cluster#Failure', FAILURE_TEXT)),
    })
    const client = await connect(ras)
    const e = await rejects(client.authenticateCluster(CLUSTER_UUID, 'cadmin', 'badpwd'), 'auth')
    expect(e.message).toBe(FAILURE_TEXT)
    expect(e).toMatchObject({ server: `127.0.0.1:${ras.port}`, operation: 'AUTHENTICATE', version: '16.0' })
  })
})

/**
 * RasConnection and RasClient when the server misbehaves, on a real loopback socket: stalls,
 * drops, half-closes, oversize frames, garbage, timeouts, refused ports — each a typed RasError,
 * and nothing (timer or socket) left behind (docs/protocol.md §1.7, §8.5).
 */
import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { RasClient, RasError } from '../../../src-main/ras'
import { Writer } from '../../../src-main/ras/codec'
import { ClusterInfo } from '../../../src-main/ras/records'
import { PacketType, encodePacket } from '../../../src-main/ras/frames'
import { hex } from '../../support/hex'
import { CLUSTER_UUID } from '../../support/captures'
import { rasFailure } from '../../support/ras-failures'
import { disconnect, replyList, replyStr, replyVoid } from '../../support/scripted-ras'
import { SESSION, SESSIONS_V16, closedOnServer, scriptedRasPerTest } from './scripted-fixture'

const { start, connect } = scriptedRasPerTest()

/** The header of an ENDPOINT_MESSAGE frame announcing a body of `length` bytes. */
const frameHeader = (length: number) => new Writer().u8(PacketType.EndpointMessage).size(length).bytes()

describe('faults', () => {
  it('a stalled reply times out; queued requests fail with typed errors; the socket is closed', async () => {
    const ras = await start({ script: () => undefined }) // never answers
    const client = await connect(ras, { requestTimeoutMs: 150 })
    const started = Date.now()
    const first = rasFailure(client.listSessions(CLUSTER_UUID), 'timeout')
    const queued = [
      client.agentVersion(),
      client.listClusters(),
      client.terminateSession(CLUSTER_UUID, SESSION.session),
    ]
    const e = await first
    expect(e.message).toMatch(/GET_SESSIONS/)
    expect(Date.now() - started).toBeLessThan(5000) // 150 ms timeout; generous for loaded CI machines
    for (const q of queued) await rasFailure(q, 'network')
    const conn = await ras.connection()
    await conn.closed // the server sees the socket go away: nothing leaks
    expect(conn.requests).toHaveLength(1) // the queued ones were never sent
    expect(client.connection.isOpen).toBe(false)
    await rasFailure(client.agentVersion(), 'network')
  })

  it.each([
    ['dropped (RST) after 300 bytes', 300, 'destroy'],
    ['half-closed (FIN) after 3 bytes', 3, 'end'],
  ] as const)('a connection %s of a frame fails the request, and the next, as network', async (_how, sent, close) => {
    const ras = await start({
      script: async (req, io) => {
        await io.send(SESSIONS_V16.subarray(0, sent))
        io[close]()
      },
    })
    const client = await connect(ras)
    await rasFailure(client.listSessions(CLUSTER_UUID), 'network')
    await rasFailure(client.listSessions(CLUSTER_UUID), 'network')
  })

  it('a frame header over 64 MiB is refused at once, without waiting for (or buffering) the body', async () => {
    const header = frameHeader(64 * 1024 * 1024 + 1)
    const ras = await start({ script: (req, io) => io.send(Buffer.concat([header, Buffer.alloc(1000)])) })
    const client = await connect(ras, { requestTimeoutMs: 15_000 })
    const started = Date.now()
    const e = await rasFailure(client.listSessions(CLUSTER_UUID), 'protocol')
    expect(e.message).toMatch(/exceeds/)
    expect(Date.now() - started).toBeLessThan(5000) // long before the request timeout
    await closedOnServer(ras)
  })

  it('a frame of exactly 64 MiB is not refused by its header', async () => {
    const header = frameHeader(64 * 1024 * 1024)
    const ras = await start({
      script: async (req, io) => {
        await io.send(header)
        io.end()
      },
    })
    const client = await connect(ras)
    await rasFailure(client.listSessions(CLUSTER_UUID), 'network') // cut short, not "too big"
  })

  it.each([
    ['HTTP garbage', Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')],
    ['an SWP magic sent back', hex('1c 53 57 50 01 00 01 00')],
    ['an unknown packet type', hex('03 01 80')],
    ['a length varint longer than 5 bytes', hex('02 ff ff ff ff ff 01')],
  ])('garbage instead of CONNECT_ACK (%s) is a protocol error', async (_name, bytes) => {
    const ras = await start({ connectAck: bytes })
    await rasFailure(RasClient.connect(ras.target()), 'protocol')
    await closedOnServer(ras)
  })

  it('garbage instead of a reply is a protocol error and closes the socket', async () => {
    const ras = await start({ script: (req, io) => io.send(Buffer.from('\x00garbage that is not a packet')) })
    const client = await connect(ras)
    await rasFailure(client.listClusters(), 'protocol')
    await closedOnServer(ras)
  })

  it('a well-framed but malformed reply is a protocol error', async () => {
    const truncated = encodePacket(PacketType.EndpointMessage, SESSIONS_V16.subarray(3, 200))
    const trailing = encodePacket(PacketType.EndpointMessage, Buffer.concat([SESSIONS_V16.subarray(3), hex('00')]))
    for (const bad of [truncated, trailing]) {
      const ras = await start({ script: (req, io) => io.reply(bad) })
      const client = await connect(ras)
      await rasFailure(client.listSessions(CLUSTER_UUID), 'protocol')
      await closedOnServer(ras)
    }
  })

  it('a reply of the wrong type or shape is a protocol error', async () => {
    const ras = await start({
      script: (req, io) => io.reply(req.index === 0 ? replyVoid() : replyList(12, ClusterInfo, [], 16)),
    })
    const client = await connect(ras)
    await rasFailure(client.listSessions(CLUSTER_UUID), 'protocol') // VOID where a list was due
    const ras2 = await start({ script: (req, io) => io.reply(replyList(12, ClusterInfo, [], 16)) })
    const client2 = await connect(ras2)
    await rasFailure(client2.listSessions(CLUSTER_UUID), 'protocol') // type 12 where 66 was due
    const ras3 = await start({ script: (req, io) => io.reply(replyStr(136, 'x')) })
    await rasFailure((await connect(ras3)).terminateSession(CLUSTER_UUID, SESSION.session), 'protocol') // message where VOID was due
  })

  it('a non-zero format (compression) is rejected', async () => {
    const compressed = Buffer.from(SESSIONS_V16)
    compressed[4] = 0x01 // header 0e b0 09 (3 bytes), endpoint 01, format 00 01
    const ras = await start({ script: (req, io) => io.reply(compressed) })
    const client = await connect(ras)
    const e = await rasFailure(client.listSessions(CLUSTER_UUID), 'protocol')
    expect(e.message).toMatch(/format/)
    await closedOnServer(ras)
  })

  it('a reply for another endpoint id is a protocol error', async () => {
    const other = encodePacket(PacketType.EndpointMessage, new Writer().nsize(2).i16(0).u8(0).bytes())
    const ras = await start({ script: (req, io) => io.reply(other) })
    const client = await connect(ras)
    await rasFailure(client.authenticateCluster(CLUSTER_UUID), 'protocol')
  })

  it('DISCONNECT from the server fails the pending request as network', async () => {
    const ras = await start({ script: (req, io) => io.send(disconnect()) })
    const client = await connect(ras)
    const e = await rasFailure(client.listSessions(CLUSTER_UUID), 'network')
    expect(e.message).toMatch(/DISCONNECT/)
    await closedOnServer(ras)
  })

  it('a server that accepts but never answers the handshake hits the connect timeout', async () => {
    const ras = await start({ connectAck: null })
    const started = Date.now()
    const e = await rasFailure(RasClient.connect(ras.target({ connectTimeoutMs: 200 })), 'timeout')
    expect(e.message).toMatch(/200 ms/)
    expect(Date.now() - started).toBeLessThan(5000) // 200 ms timeout; generous for loaded CI machines
    await closedOnServer(ras)
  })

  it('a server that acks CONNECT but never answers ENDPOINT_OPEN also hits the connect timeout', async () => {
    const ras = await start({ openReply: () => Buffer.alloc(0) }) // an empty write: no answer at all
    await rasFailure(RasClient.connect(ras.target({ connectTimeoutMs: 200 })), 'timeout')
    await closedOnServer(ras)
  })

  it('a server closing an idle connection is reported once, and later calls fail as network', async () => {
    const ras = await start({ script: (req, io) => io.reply(replyVoid()) })
    const client = await connect(ras)
    const closed = new Promise<RasError>((resolve) => client.connection.onClose(resolve))
    await client.authenticateCluster(CLUSTER_UUID)
    ;(await ras.connection()).socket.end()
    expect((await closed).kind).toBe('network')
    expect(client.connection.isOpen).toBe(false)
    await rasFailure(client.listClusters(), 'network')
  })

  it('a refused port is a network error', async () => {
    const probe = net.createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()))
    const port = (probe.address() as net.AddressInfo).port
    await new Promise<void>((r) => probe.close(() => r()))
    const e = await rasFailure(RasClient.connect({ host: '127.0.0.1', port, connectTimeoutMs: 2000 }), 'network')
    expect(e.message).toMatch(/refused/)
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
      await rasFailure(a.listSessions(CLUSTER_UUID), 'timeout')
      const b = await RasClient.connect(ras.target())
      await rasFailure(b.agentVersion(), 'network')
      const c = await RasClient.connect(ras.target())
      await c.listClusters().catch(() => undefined)
      const d = await RasClient.connect(ras.target())
      await d.authenticateCluster(CLUSTER_UUID)
      await d.close()
      await rasFailure(RasClient.connect({ host: '127.0.0.1', port: 1, connectTimeoutMs: 500 }), 'network')
    }
    await Promise.all(ras.connections.map((c) => c.closed))
    await new Promise((r) => setTimeout(r, 20))
    expect(ras.openConnections).toBe(0)
    expect(count('TCPSocketWrap')).toBeLessThanOrEqual(baseline.sockets)
    expect(count('Timeout')).toBeLessThanOrEqual(baseline.timers)
  })
})

/**
 * RasConnection and RasClient against a scripted RAS server on a real loopback socket: framing
 * cut at every byte, coalesced packets, keep-alives, and the one-request-at-a-time rule
 * (docs/protocol.md §1, §8.2). Faults: `connection-faults.test.ts`; versions and server
 * exceptions: `connection-answers.test.ts`.
 */
import { describe, expect, it } from 'vitest'
import { RasError } from '../../../src-main/ras'
import { SessionInfo } from '../../../src-main/ras/records'
import { Messages } from '../../../src-main/ras/messages'
import { PacketType, encodePacket, messageWriter } from '../../../src-main/ras/frames'
import { hex } from '../../support/hex'
import { CLUSTER_UUID } from '../../support/captures'
import { rasFailure } from '../../support/ras-failures'
import {
  disconnect,
  keepAlive,
  replyException,
  replyList,
  replyOne,
  replyStr,
  replyVoid,
} from '../../support/scripted-ras'
import {
  SESSION,
  SESSION_2,
  SESSIONS_V16,
  closedOnServer,
  scriptedRasPerTest,
  sessionsScript,
} from './scripted-fixture'

const { start, connect } = scriptedRasPerTest()

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
    await closedOnServer(ras) // DISCONNECT makes the client drop the socket
    await rasFailure(client.listClusters(), 'network')
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
    const e = await rasFailure(client.authenticateCluster(CLUSTER_UUID), 'network')
    expect(e.message).toMatch(/unsolicited/)
    expect(conn.requests).toHaveLength(1)
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
    await rasFailure(client.listClusters(), 'network')
    await client.close() // closing twice is harmless
  })

  it('onClose reports why the connection died, once', async () => {
    const ras = await start({ script: () => undefined })
    const client = await connect(ras, { requestTimeoutMs: 100 })
    const reasons: RasError[] = []
    client.connection.onClose((r) => reasons.push(r))
    await rasFailure(client.listClusters(), 'timeout')
    await closedOnServer(ras)
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
    await rasFailure(c.getSession(CLUSTER_UUID, SESSION.session), 'not-found')
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

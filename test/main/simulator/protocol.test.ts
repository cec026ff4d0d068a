/**
 * The simulator on the wire, seen through a raw socket (docs/protocol.md §11.1–§11.4, §11.8): handshake bytes,
 * ENDPOINT_FAILURE with the supported list, byte-identical error packets, unknown requests.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { Reader, Writer } from '../../../src-main/ras/codec'
import {
  PacketType,
  decodeEndpointFailure,
  decodeEndpointMessage,
  encodeEndpointClose,
  encodeEndpointOpen,
  encodePacket,
  messageWriter,
} from '../../../src-main/ras/frames'
import { Messages } from '../../../src-main/ras/messages'
import { encodeRecord, type RecordDef, type RecordValue } from '../../../src-main/ras/record'
import { startSimulator, type RunningSimulator } from '../../../src-main/simulator'
import { AUTH_FAILURE_PACKET, SESSION_NOT_FOUND_PACKET } from '../../support/captures'
import { hex } from '../../support/hex'
import { RawSwpSocket } from '../../support/sim-raw'

const SERVICE = 'v8.service.Admin.Cluster'

let sim: RunningSimulator
let raw: RawSwpSocket | null = null

afterEach(async () => {
  raw?.destroy()
  raw = null
  await sim?.stop()
})

async function open(options: Parameters<typeof startSimulator>[0] = {}): Promise<RawSwpSocket> {
  sim = await startSimulator({ sessions: 20, live: false, ...options })
  raw = await RawSwpSocket.connect(sim.port)
  const ack = await raw.handshake()
  expect(encodePacket(ack.type, ack.body)).toEqual(hex('02 01 80'))
  return raw
}

function request<R extends RecordDef>(code: number, record: R, args: RecordValue<R>, endpoint = 1): Buffer {
  const w = messageWriter(endpoint, code)
  encodeRecord(w, record, args, 16)
  return encodePacket(PacketType.EndpointMessage, w.bytes())
}

describe('handshake and endpoints', () => {
  it('answers like ras 8.5.1 (docs/protocol.md §9.1)', async () => {
    const socket = await open()
    socket.send(encodeEndpointOpen(SERVICE, '16.0'))
    const ack = await socket.next()
    expect(encodePacket(ack.type, ack.body)).toEqual(hex('0c 20 18 "v8.service.Admin.Cluster" 04 "16.0" 01 80'))
    socket.send(request(9, Messages.authenticate.request, { cluster: sim.clusters[0]!.id, user: '', password: '' }))
    const reply = await socket.next()
    expect(encodePacket(reply.type, reply.body)).toEqual(hex('0e 04 01 00 00 00'))
    expect(await socket.silentFor(50)).toBe(true) // exactly one reply, nothing unsolicited
  })

  it.each([
    { max: '16.0', asked: '12.0', supported: '16.0,11.0,10.0,9.0' },
    { max: '11.0', asked: '16.0', supported: '11.0,10.0,9.0' },
    { max: '9.0', asked: '10.0', supported: '9.0' },
  ])('refuses $asked on a $max server with the supported list, and the socket stays open', async (c) => {
    const socket = await open({ maxVersion: c.max })
    socket.send(encodeEndpointOpen(SERVICE, c.asked))
    const frame = await socket.next()
    expect(frame.type).toBe(PacketType.EndpointFailure)
    const failure = decodeEndpointFailure(frame.body)
    expect(failure).toEqual({
      service: SERVICE,
      version: c.asked,
      endpointId: null,
      error: {
        class: 'swp.Endpoint',
        message: 'Ошибка точки подключения',
        trace: [],
        cause: {
          class: 'v8.service.UnsupportedService',
          message: `Сервис не поддерживается\n[name='${SERVICE}', version='${c.asked}', supported=${c.supported}]`,
          trace: [],
          cause: null,
        },
      },
    })
    socket.send(encodeEndpointOpen(SERVICE, c.max)) // retry on the same connection
    const ack = await socket.next()
    expect(ack.type).toBe(PacketType.EndpointOpenAck)
  })

  it('refuses an unknown service the same way', async () => {
    const socket = await open()
    socket.send(encodeEndpointOpen('v8.service.Admin.Agent', '16.0'))
    const failure = decodeEndpointFailure((await socket.next()).body)
    expect(failure.error.cause!.message).toContain("name='v8.service.Admin.Agent'")
  })

  it('forgets a closed endpoint and answers its later requests with an exception', async () => {
    const socket = await open()
    socket.send(encodeEndpointOpen(SERVICE, '16.0'))
    await socket.next()
    socket.send(encodeEndpointClose(1))
    expect(await socket.silentFor(50)).toBe(true) // ENDPOINT_CLOSE has no reply
    socket.send(request(11, Messages.clusters.request, {}))
    const msg = decodeEndpointMessage((await socket.next()).body)
    expect(msg.kind).toBe('exception')
    socket.send(encodeEndpointOpen(SERVICE, '11.0'))
    const reopened = await socket.next()
    const r = new Reader(reopened.body)
    expect([r.str(), r.str(), r.nsize()]).toEqual([SERVICE, '11.0', 2]) // the next endpoint id
  })

  it('stop() closes every open socket and resolves', async () => {
    const socket = await open()
    const idle = await RawSwpSocket.connect(sim.port) // connected, never said anything
    await sim.stop()
    await Promise.all([socket.closed, idle.closed])
    await expect(RawSwpSocket.connect(sim.port)).rejects.toThrow() // no longer listening
  })

  it('closes the socket on bad magic', async () => {
    sim = await startSimulator({ sessions: 1, live: false })
    raw = await RawSwpSocket.connect(sim.port)
    raw.send(hex('1c 53 57 51 01 00 01 00'))
    await raw.closed
  })

  it('closes the socket after DISCONNECT', async () => {
    const socket = await open()
    socket.send(hex('04 01 80'))
    await socket.closed
  })
})

describe('requests', () => {
  async function authed(): Promise<RawSwpSocket> {
    const socket = await open({ clusterAdmin: { user: 'cadmin', password: 'cpass' } })
    socket.send(encodeEndpointOpen(SERVICE, '16.0'))
    await socket.next()
    return socket
  }

  it('sends the wrong-password reply byte for byte like ras 8.3.21 (docs/protocol.md §9.4)', async () => {
    const socket = await authed()
    const cluster = sim.clusters[0]!.id
    socket.send(request(9, Messages.authenticate.request, { cluster, user: 'cadmin', password: 'badpwd' }))
    const reply = await socket.next()
    expect(encodePacket(reply.type, reply.body)).toEqual(AUTH_FAILURE_PACKET)
  })

  it('sends the session-not-found reply byte for byte like ras 8.5.1 (docs/protocol.md §9.4)', async () => {
    const socket = await authed()
    const cluster = sim.clusters[0]!.id
    socket.send(request(9, Messages.authenticate.request, { cluster, user: 'cadmin', password: 'cpass' }))
    await socket.next()
    socket.send(
      request(71, Messages.terminateSession.request, {
        cluster,
        session: '00000000-0000-0000-0000-000000000000',
        message: 'codex terminate test',
      }),
    )
    const reply = await socket.next()
    expect(encodePacket(reply.type, reply.body)).toEqual(SESSION_NOT_FOUND_PACKET)
  })

  it('answers an unknown request type with swp.UnknownThrowable and stays usable', async () => {
    const socket = await authed()
    socket.send(encodePacket(PacketType.EndpointMessage, messageWriter(1, 0x70).bytes()))
    const msg = decodeEndpointMessage((await socket.next()).body)
    expect(msg.kind === 'exception' && msg.error.class).toBe('swp.UnknownThrowable')
    socket.send(request(135, Messages.agentVersion.request, {}))
    const version = decodeEndpointMessage((await socket.next()).body)
    expect(version.kind === 'message' && version.reader.str()).toBe('8.5.1.1150')
  })

  it('answers a truncated request body with an exception', async () => {
    const socket = await authed()
    const w = new Writer()
      .nsize(1)
      .i16(0)
      .u8(1)
      .u8(65)
      .raw(Buffer.from([1, 2, 3])) // cluster uuid cut short
    socket.send(encodePacket(PacketType.EndpointMessage, w.bytes()))
    const msg = decodeEndpointMessage((await socket.next()).body)
    expect(msg.kind === 'exception' && msg.error.class).toBe('swp.UnknownThrowable')
  })

  it('reassembles requests that arrive one byte at a time', async () => {
    const socket = await authed()
    const bytes = request(11, Messages.clusters.request, {})
    for (const b of bytes) {
      socket.send(Buffer.from([b]))
      await new Promise((resolve) => setImmediate(resolve))
    }
    const msg = decodeEndpointMessage((await socket.next()).body)
    expect(msg.kind === 'message' && msg.code).toBe(12)
  })
})

/**
 * The reference for "list end to end": a bare socket that does the same conversation as
 * RasClient (NEGOTIATE + CONNECT, ENDPOINT_OPEN, AUTHENTICATE, GET_SESSIONS) and reads the same
 * reply bytes, with nothing but a minimal length-prefix reader — no decoding, no queue.
 */
import net from 'node:net'
import { Reader } from '../../src-main/ras/codec'
import {
  NEGOTIATE,
  decodeEndpointMessage,
  decodeEndpointOpenAck,
  encodeConnect,
  encodeEndpointOpen,
  encodePacket,
  messageWriter,
  PacketType,
} from '../../src-main/ras/frames'
import { Messages, SERVICE_NAME } from '../../src-main/ras/messages'
import { encodeRecord } from '../../src-main/ras/record'
import type { SimAddress } from './sim-host'

/** Reads whole frames off a socket: `type:u8 length:varint body`; returns bodies. */
class FrameReader {
  private chunks: Buffer[] = []
  private have = 0
  private want: ((body: Buffer) => void) | null = null
  private failed: ((e: Error) => void) | null = null

  constructor(socket: net.Socket) {
    socket.on('data', (c: Buffer) => {
      this.chunks.push(c)
      this.have += c.length
      this.poll()
    })
    socket.on('error', (e) => this.failed?.(e))
  }

  next(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.want = resolve
      this.failed = reject
      this.poll()
    })
  }

  private poll(): void {
    if (!this.want || this.have < 2) return
    if (this.chunks[0]!.length < 6 && this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)]
    const head = this.chunks[0]!
    let len = 0
    let scale = 1
    let i = 1
    for (; ; i++) {
      if (i >= head.length) return
      const b = head[i]!
      len += (b & 0x7f) * scale
      if ((b & 0x80) === 0) break
      scale *= 128
    }
    const total = i + 1 + len
    if (this.have < total) return
    const all = this.chunks.length === 1 ? head : Buffer.concat(this.chunks, this.have)
    const body = all.subarray(i + 1, total)
    const rest = all.subarray(total)
    this.chunks = rest.length ? [rest] : []
    this.have = rest.length
    const want = this.want
    this.want = null
    want(body)
  }
}

/**
 * One bare conversation; resolves with the GET_SESSIONS reply body (ENDPOINT_MESSAGE envelope
 * included). The socket is destroyed at the end.
 */
export async function bareListSessions(sim: SimAddress, user: string, password: string): Promise<Buffer> {
  const socket = net.connect({ host: sim.host, port: sim.port })
  socket.setNoDelay(true)
  const frames = new FrameReader(socket)
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('error', reject)
    })
    socket.write(Buffer.concat([NEGOTIATE, encodeConnect()]))
    await frames.next()
    socket.write(encodeEndpointOpen(SERVICE_NAME, '16.0'))
    const ep = decodeEndpointOpenAck(await frames.next()).endpointId
    const auth = messageWriter(ep, Messages.authenticate.code)
    encodeRecord(auth, Messages.authenticate.request, { cluster: sim.cluster, user, password }, 16)
    socket.write(encodePacket(PacketType.EndpointMessage, auth.bytes()))
    await frames.next()
    const list = messageWriter(ep, Messages.sessions.code)
    encodeRecord(list, Messages.sessions.request, { cluster: sim.cluster }, 16)
    socket.write(encodePacket(PacketType.EndpointMessage, list.bytes()))
    return await frames.next()
  } finally {
    socket.destroy()
  }
}

/** The list body (`size` count + records) inside a GET_SESSIONS reply: what item 1 decodes. */
export function listBodyOf(replyBody: Buffer): { buf: Buffer; start: number } {
  const msg = decodeEndpointMessage(replyBody)
  if (msg.kind !== 'message') throw new Error(`GET_SESSIONS answered with ${msg.kind}`)
  const r: Reader = msg.reader
  return { buf: r.buf, start: r.pos }
}

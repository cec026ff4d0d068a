/**
 * A scripted RAS server for fault tests: a real `net.Server` on 127.0.0.1:0 that does the SWP
 * handshake like ras (CONNECT_ACK, ENDPOINT_OPEN_ACK or ENDPOINT_FAILURE with `supported=…`)
 * and then answers each ENDPOINT_MESSAGE from a script, which decides exactly which bytes go on
 * the wire and how they are cut into writes. It records everything it receives, notices a second
 * request sent before the first was answered, and tells when the client's socket is gone.
 */
import net from 'node:net'
import { Reader, Writer } from '../../src-main/ras/codec'
import {
  FrameDecoder,
  PacketType,
  decodeEndpointMessage,
  decodeEndpointOpen,
  encodeConnectAck,
  encodeEndpointFailure,
  encodeEndpointOpenAck,
  encodeExceptionMessage,
  encodePacket,
  encodeVoid,
  exception,
  messageWriter,
  type Frame,
} from '../../src-main/ras/frames'
import { encodeList, encodeRecord, type RecordDef, type RecordValue } from '../../src-main/ras/record'
import { SERVICE_NAME } from '../../src-main/ras/messages'

export const ENDPOINT_ID = 1

export interface ScriptedRequest {
  /** 0-based position among this connection's requests. */
  index: number
  /** Message type code (e.g. 65 GET_SESSIONS). */
  code: number
  /** The request's arguments, positioned after the code. */
  args: Reader
  /** The whole ENDPOINT_MESSAGE body as received. */
  body: Buffer
}

export interface WriteOptions {
  /** 'bytes' = one write per byte; numbers = cut points (offsets into the bytes). */
  split?: 'bytes' | number[]
}

export interface ScriptIo {
  readonly connection: ScriptedConnection
  /** Sends the complete answer to the current request (marks it answered once fully written). */
  reply(bytes: Buffer, options?: WriteOptions): Promise<void>
  /** Sends bytes that are not (or not all of) an answer: keep-alives, garbage, half a frame. */
  send(bytes: Buffer, options?: WriteOptions): Promise<void>
  /** Half-closes (FIN) after what was written. */
  end(): void
  /** Drops the connection at once (RST-like). */
  destroy(): void
}

export type Script = (request: ScriptedRequest, io: ScriptIo) => void | Promise<void>

export interface ScriptedRasOptions {
  /** Service versions the server accepts, highest first. Default 16.0, 11.0, 10.0, 9.0. */
  versions?: string[]
  /**
   * Bytes sent in answer to CONNECT instead of `02 01 80`; `null` = never answer the handshake.
   * A function is asked once per connection.
   */
  connectAck?: Buffer | null | ((connection: ScriptedConnection) => Buffer | null)
  /** Bytes sent in answer to ENDPOINT_OPEN instead of the ack/failure; `undefined` = the default. */
  openReply?: (version: string, connection: ScriptedConnection) => Buffer | undefined
  /** Answers ENDPOINT_MESSAGEs. Default: every request gets an EXCEPTION. */
  script?: Script
}

export interface ScriptedConnection {
  readonly socket: net.Socket
  /** Every packet received after NEGOTIATE, in order (CONNECT, ENDPOINT_OPEN, messages, CLOSE). */
  readonly packets: Frame[]
  /** Version strings the client asked for in ENDPOINT_OPEN, in order. */
  readonly opened: string[]
  readonly requests: ScriptedRequest[]
  /** Resolves when the server side sees the socket closed. */
  readonly closed: Promise<void>
  isClosed: boolean
  /** Raw bytes of a received packet, as the client framed it (sizes are canonical LEB128). */
  raw(packet: Frame): Buffer
}

export class ScriptedRas {
  readonly connections: ScriptedConnection[] = []
  /** Protocol rules the client broke (e.g. a second request before the first was answered). */
  readonly violations: string[] = []
  private readonly waiters: Array<{ n: number; resolve: (c: ScriptedConnection) => void }> = []

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
    private readonly options: ScriptedRasOptions,
  ) {}

  readonly host = '127.0.0.1'

  static async start(options: ScriptedRasOptions = {}): Promise<ScriptedRas> {
    const server = net.createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    const ras = new ScriptedRas(server, (server.address() as net.AddressInfo).port, options)
    server.on('connection', (socket) => ras.accept(socket))
    return ras
  }

  /** Options for RasConnection.open / RasClient.connect pointing at this server. */
  target(extra: { connectTimeoutMs?: number; requestTimeoutMs?: number; version?: string } = {}) {
    return { host: this.host, port: this.port, connectTimeoutMs: 2000, requestTimeoutMs: 2000, ...extra }
  }

  /** The n-th connection (0-based), once accepted. */
  connection(n = 0): Promise<ScriptedConnection> {
    const existing = this.connections[n]
    if (existing) return Promise.resolve(existing)
    return new Promise((resolve) => this.waiters.push({ n, resolve }))
  }

  get openConnections(): number {
    return this.connections.filter((c) => !c.isClosed).length
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.destroy()
    await Promise.all(this.connections.map((c) => c.closed))
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true)
    let markClosed!: () => void
    const conn: ScriptedConnection = {
      socket,
      packets: [],
      opened: [],
      requests: [],
      closed: new Promise<void>((resolve) => (markClosed = resolve)),
      isClosed: false,
      raw: (p) => encodePacket(p.type, p.body),
    }
    socket.on('close', () => {
      conn.isClosed = true
      markClosed()
    })
    socket.on('error', () => undefined) // resets by the client are expected in fault tests
    const index = this.connections.push(conn) - 1
    for (const w of this.waiters.filter((w) => w.n === index)) w.resolve(conn)

    // Requests are handled one after another, in arrival order, like a real server.
    const state: ConnState = { awaitingAnswer: false, chain: Promise.resolve() }
    const write = async (bytes: Buffer, options: WriteOptions = {}): Promise<void> => {
      const pieces = cut(bytes, options.split)
      for (let i = 0; i < pieces.length; i++) {
        if (socket.destroyed) return
        socket.write(pieces[i]!)
        // Let the client's read happen between writes, so each piece arrives as its own chunk.
        if (i < pieces.length - 1) await new Promise((resolve) => setImmediate(resolve))
      }
    }
    const io: ScriptIo = {
      connection: conn,
      reply: async (bytes, options) => {
        await write(bytes, options)
        state.awaitingAnswer = false
      },
      send: write,
      end: () => socket.end(),
      destroy: () => socket.destroy(),
    }

    const decoder = new FrameDecoder({ expectNegotiate: true })
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const frame of decoder.push(chunk)) this.handle(frame, conn, io, state)
      } catch (e) {
        this.violations.push(`malformed bytes from the client: ${String(e)}`)
        socket.destroy()
      }
    })
  }

  private handle(frame: Frame, conn: ScriptedConnection, io: ScriptIo, state: ConnState): void {
    const socket = conn.socket
    if (frame.type === PacketType.Negotiate) return
    conn.packets.push(frame)
    switch (frame.type) {
      case PacketType.Connect: {
        const option = this.options.connectAck
        const ack = option === undefined ? encodeConnectAck() : typeof option === 'function' ? option(conn) : option
        if (ack) socket.write(ack)
        return
      }
      case PacketType.EndpointOpen: {
        const open = decodeEndpointOpen(frame.body)
        const versions = this.options.versions ?? ['16.0', '11.0', '10.0', '9.0']
        conn.opened.push(open.version)
        const custom = this.options.openReply?.(open.version, conn)
        if (custom) socket.write(custom)
        else if (open.service === SERVICE_NAME && versions.includes(open.version)) {
          socket.write(encodeEndpointOpenAck(SERVICE_NAME, open.version, ENDPOINT_ID))
        } else socket.write(unsupportedService(open.version, versions))
        return
      }
      case PacketType.EndpointMessage: {
        if (state.awaitingAnswer) {
          const n = conn.requests.length
          this.violations.push(`request ${n} arrived before request ${n - 1} was answered`)
        }
        state.awaitingAnswer = true
        const msg = decodeEndpointMessage(frame.body)
        if (msg.kind !== 'message') {
          this.violations.push(`client sent a ${msg.kind} ENDPOINT_MESSAGE`)
          return
        }
        const request: ScriptedRequest = {
          index: conn.requests.length,
          code: msg.code,
          args: msg.reader,
          body: frame.body,
        }
        conn.requests.push(request)
        const script = this.options.script ?? defaultScript
        state.chain = state.chain
          .then(() => script(request, io))
          .catch((e: unknown) => {
            this.violations.push(`script failed on request ${request.index}: ${String(e)}`)
            socket.destroy()
          })
        return
      }
      case PacketType.EndpointClose:
      case PacketType.Disconnect:
        return
      default:
        this.violations.push(`unexpected packet type ${frame.type} from the client`)
    }
  }
}

interface ConnState {
  awaitingAnswer: boolean
  chain: Promise<void>
}

function cut(bytes: Buffer, split: WriteOptions['split']): Buffer[] {
  if (!split) return [bytes]
  if (split === 'bytes') return Array.from(bytes, (_, i) => bytes.subarray(i, i + 1))
  const points = [0, ...split.filter((p) => p > 0 && p < bytes.length).sort((a, b) => a - b), bytes.length]
  const pieces: Buffer[] = []
  for (let i = 0; i < points.length - 1; i++) pieces.push(bytes.subarray(points[i], points[i + 1]))
  return pieces
}

const defaultScript: Script = (request, io) =>
  io.reply(replyException('swp.UnknownThrowable', `no script for request type ${request.code}`))

/** ENDPOINT_FAILURE exactly as docs/protocol.md §3.4/§11.3 describe ras's answer to an unknown version. */
export function unsupportedService(version: string, supported: string[]): Buffer {
  return encodeEndpointFailure({
    service: SERVICE_NAME,
    version,
    endpointId: null,
    error: exception(
      'swp.Endpoint',
      'Ошибка точки подключения',
      exception(
        'v8.service.UnsupportedService',
        `Сервис не поддерживается\n[name='${SERVICE_NAME}', version='${version}', supported=${supported.join(',')}]`,
      ),
    ),
  })
}

// --- reply builders (whole packets) ---------------------------------------------------------

export function replyVoid(): Buffer {
  return encodeVoid(ENDPOINT_ID)
}

export function replyException(cls: string, message: string): Buffer {
  return encodeExceptionMessage(ENDPOINT_ID, exception(cls, message))
}

export function replyOne<R extends RecordDef>(code: number, record: R, value: RecordValue<R>, version: number): Buffer {
  const w = messageWriter(ENDPOINT_ID, code, 256)
  encodeRecord(w, record, value, version)
  return encodePacket(PacketType.EndpointMessage, w.bytes())
}

export function replyList<R extends RecordDef>(
  code: number,
  record: R,
  items: readonly RecordValue<R>[],
  version: number,
): Buffer {
  const w = messageWriter(ENDPOINT_ID, code, 256)
  encodeList(w, record, items, version)
  return encodePacket(PacketType.EndpointMessage, w.bytes())
}

export function replyStr(code: number, value: string): Buffer {
  return encodePacket(PacketType.EndpointMessage, messageWriter(ENDPOINT_ID, code).str(value).bytes())
}

/** A KEEP_ALIVE packet with an (optional) body, which clients must ignore. */
export function keepAlive(body: Buffer = Buffer.alloc(0)): Buffer {
  return encodePacket(PacketType.KeepAlive, body)
}

/** DISCONNECT with null params, as PR sends it. */
export function disconnect(): Buffer {
  return encodePacket(PacketType.Disconnect, new Writer(2).params(null).bytes())
}

/**
 * The TCP side of the simulator: one ClientLink per socket reads SWP frames (docs/protocol.md §1), answers the
 * handshake and endpoint packets (docs/protocol.md §11.1–§11.3, §11.8), and runs ENDPOINT_MESSAGE requests
 * through the handlers, one at a time, exactly one reply each (docs/protocol.md §11.4).
 */
import net from 'node:net'
import { Writer, type Reader } from '../ras/codec'
import { RasError } from '../ras/errors'
import {
  FrameDecoder,
  MessageKind,
  PacketType,
  decodeEndpointClose,
  decodeEndpointMessage,
  decodeEndpointOpen,
  encodeConnectAck,
  encodeEndpointFailure,
  encodeEndpointOpenAck,
  encodeExceptionMessage,
  encodePacket,
  encodeVoid,
  messageWriter,
  type Frame,
  type ServerException,
} from '../ras/frames'
import { Messages, SERVICE_NAME } from '../ras/messages'
import { decodeRecord, encodeList, encodeRecord, type RecordValue } from '../ras/record'
import { Faults, SimulatorFault, unsupportedService } from './exceptions'
import { requestFate, writeReply, type FaultSettings } from './faults'
import { handleRequest, messageNamesByCode, type EndpointState, type Reply, type SimulatorContext } from './handlers'

export interface ServerOptions {
  context: SimulatorContext
  faults: FaultSettings
  /** Versions served, highest first, e.g. ["16.0", "11.0", "10.0", "9.0"]. */
  versions: readonly string[]
  /** Called before each request: lets the living world catch up with the clock. */
  beforeRequest: () => void
}

export class SimulatorServer {
  private readonly server: net.Server
  private readonly sockets = new Set<net.Socket>()

  constructor(private readonly options: ServerOptions) {
    this.server = net.createServer((socket) => this.accept(socket))
  }

  listen(host: string, port: number): Promise<net.AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, host, () => {
        this.server.off('error', reject)
        resolve(this.server.address() as net.AddressInfo)
      })
    })
  }

  /** Stops listening and destroys every open socket; resolves when all are closed. */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()))
    const sockets = [...this.sockets].map(
      (s) => new Promise<void>((resolve) => (s.closed ? resolve() : s.once('close', () => resolve()))),
    )
    for (const s of this.sockets) s.destroy()
    await Promise.all([closed, ...sockets])
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket)
    socket.once('close', () => this.sockets.delete(socket))
    socket.on('error', () => socket.destroy()) // a client going away is not our error
    if (this.options.faults.refuseConnections) {
      socket.destroy()
      return
    }
    socket.setNoDelay(true)
    new ClientLink(socket, this.options)
  }
}

/** One client connection: its endpoints, its request count (for faults), its reply queue. */
class ClientLink {
  private readonly decoder = new FrameDecoder({ expectNegotiate: true })
  private readonly endpoints = new Map<number, EndpointState>()
  private nextEndpointId = 1
  private requests = 0
  /** Frames are handled strictly in order; a slow (latency) reply delays the next one. */
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly socket: net.Socket,
    private readonly options: ServerOptions,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('close', () => this.endpoints.clear())
  }

  private onData(chunk: Buffer): void {
    let frames: Frame[]
    try {
      frames = this.decoder.push(chunk)
    } catch {
      // Bad magic or a malformed stream: a real ras just drops the connection.
      this.socket.destroy()
      return
    }
    for (const frame of frames) {
      this.queue = this.queue
        .then(() => this.handle(frame))
        .catch(() => {
          this.socket.destroy() // a request we cannot even parse: drop the connection
        })
    }
  }

  private async handle(frame: Frame): Promise<void> {
    if (this.socket.destroyed) return
    switch (frame.type) {
      case PacketType.Connect:
        return this.send([encodeConnectAck()])
      case PacketType.EndpointOpen:
        return this.openEndpoint(frame.body)
      case PacketType.EndpointClose: {
        const id = decodeEndpointClose(frame.body)
        if (id !== null) this.endpoints.delete(id)
        return
      }
      case PacketType.EndpointMessage:
        return this.request(frame.body)
      case PacketType.Disconnect:
        this.endpoints.clear()
        this.socket.end()
        return
      default:
        return // NEGOTIATE (already checked by the decoder), KEEP_ALIVE: nothing to answer
    }
  }

  private openEndpoint(body: Buffer): Promise<void> {
    const { service, version } = decodeEndpointOpen(body)
    const { versions } = this.options
    if (service !== SERVICE_NAME || !versions.includes(version)) {
      // The socket stays open: the client may retry with a version from the list (docs/protocol.md §3.2).
      const error = unsupportedService(service, version, versions)
      return this.send([encodeEndpointFailure({ service, version, endpointId: null, error })])
    }
    const id = this.nextEndpointId++
    this.endpoints.set(id, {
      id,
      version: Number(version.split('.')[0]),
      authenticatedClusters: new Set(),
      infobaseCredentials: new Map(),
    })
    return this.send([encodeEndpointOpenAck(service, version, id)])
  }

  private async request(body: Buffer): Promise<void> {
    const number = ++this.requests
    const fate = requestFate(this.options.faults, number)
    if (fate === 'stall') return
    const message = decodeEndpointMessage(body) // a malformed envelope drops the connection
    const endpoint = this.endpoints.get(message.endpointId)
    let parts: Buffer[]
    if (!endpoint) {
      parts = [exceptionPacket(message.endpointId, Faults.unknown(`endpoint ${message.endpointId} is not open`))]
    } else if (message.kind !== 'message') {
      parts = [exceptionPacket(endpoint.id, Faults.unknown('expected a request message'))]
    } else {
      parts = this.answer(endpoint, message.code, message.reader)
    }
    await writeReply(this.socket, parts, this.options.faults, fate)
  }

  /** Decodes the request with its shared declaration, runs it, encodes the reply. */
  private answer(endpoint: EndpointState, code: number, reader: Reader): Buffer[] {
    const name = messageNamesByCode.get(code)
    if (!name) return [exceptionPacket(endpoint.id, Faults.unknown(`unknown request type ${code}`))]
    const message = Messages[name]
    try {
      const args = decodeRecord(reader, message.request, endpoint.version)
      reader.expectEnd(`${message.name} request`)
      this.options.beforeRequest()
      return encodeReply(endpoint, handleRequest(this.options.context, endpoint, name, args))
    } catch (e) {
      if (e instanceof SimulatorFault) return [exceptionPacket(endpoint.id, e)]
      // A body that does not decode, or a simulator bug: answer like a real server's internal
      // error, so the connection (and the test using it) goes on and the message shows the cause.
      const why = e instanceof RasError ? e.message : `simulator error: ${String(e)}`
      return [exceptionPacket(endpoint.id, Faults.unknown(why))]
    }
  }

  private send(parts: Buffer[]): Promise<void> {
    return writeReply(this.socket, parts, this.options.faults)
  }
}

function exceptionPacket(endpointId: number, fault: SimulatorFault | ServerException): Buffer {
  return encodeExceptionMessage(endpointId, fault instanceof SimulatorFault ? fault.exception : fault)
}

function encodeReply(endpoint: EndpointState, reply: Reply): Buffer[] {
  const { id, version } = endpoint
  switch (reply.kind) {
    case 'void':
      return [encodeVoid(id)]
    case 'str':
      return [encodePacket(PacketType.EndpointMessage, messageWriter(id, reply.code).str(reply.value).bytes())]
    case 'one': {
      const w = messageWriter(id, reply.code, 1024)
      encodeRecord(w, reply.record, reply.value as RecordValue<typeof reply.record>, version)
      return [encodePacket(PacketType.EndpointMessage, w.bytes())]
    }
    case 'list': {
      const w = messageWriter(id, reply.code, 1024)
      encodeList(w, reply.record, reply.items as RecordValue<typeof reply.record>[], version)
      return [encodePacket(PacketType.EndpointMessage, w.bytes())]
    }
    case 'encoded': {
      // Header and envelope are tiny; the cached body goes out as is, never copied.
      const envelope = new Writer(16).nsize(id).i16(0).u8(MessageKind.Message).u8(reply.code).bytes()
      const header = new Writer(8)
        .u8(PacketType.EndpointMessage)
        .size(envelope.length + reply.body.length)
        .bytes()
      return [Buffer.concat([header, envelope]), reply.body]
    }
  }
}

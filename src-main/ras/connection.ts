/**
 * One TCP connection to a RAS server with one endpoint: handshake, version negotiation, and a
 * strict one-at-a-time request queue (replies carry no request id, docs/protocol.md §8.2). Any dropped,
 * stalled or garbled stream fails the request in flight and everything queued behind it with a
 * typed RasError, and the socket is destroyed — never left hanging.
 */
import net from 'node:net'
import type { Reader } from './codec'
import { encodeRecord, decodeList, decodeRecord, readEach, type RecordDef, type RecordValue } from './record'
import { decodeListColumns, type ColumnList, type ColumnReductions } from './record-columns'
import { RasError, protocolError, withContext } from './errors'
import {
  FrameDecoder,
  NEGOTIATE,
  PacketType,
  decodeEndpointFailure,
  decodeEndpointMessage,
  decodeEndpointOpenAck,
  encodeConnect,
  encodeEndpointClose,
  encodeEndpointOpen,
  encodePacket,
  messageWriter,
  supportedVersions,
  type Frame,
  type ServerException,
} from './frames'
import { SERVICE_NAME, type MessageDef, type ReplyShape } from './messages'
import { errorFromServerException } from './server-errors'

/** Where `ras` listens unless told otherwise; the app's DEFAULT_RAS_PORT (src-shared/validate.ts) is held equal by a test. */
export const DEFAULT_PORT = 1545

/** Service versions whose record layouts we know, highest first (docs/protocol.md §3.2: 12–15 are skipped). */
export const KNOWN_VERSIONS = [16, 11, 10, 9, 8, 7, 6, 5, 4, 3] as const

export interface ConnectOptions {
  host: string
  port?: number
  /** TCP connect plus handshake and version negotiation. Default 5 s. */
  connectTimeoutMs?: number
  /** Each request, from write to complete reply. Default 30 s. */
  requestTimeoutMs?: number
  /** The version to open first. Default "16.0". */
  version?: string
  maxFrameBytes?: number
}

export type ReplyValue<S extends ReplyShape> = S extends { kind: 'void' }
  ? void
  : S extends { kind: 'str' }
    ? string
    : S extends { kind: 'one'; record: infer R extends RecordDef }
      ? RecordValue<R>
      : S extends { kind: 'list'; record: infer R extends RecordDef }
        ? RecordValue<R>[]
        : never

type Waiter = { resolve: (f: Frame) => void; reject: (e: RasError) => void; timer: NodeJS.Timeout }

export function versionMajor(version: string): number {
  const m = /^(\d+)\.\d+$/.exec(version)
  return m ? Number(m[1]) : NaN
}

export class RasConnection {
  readonly host: string
  readonly port: number
  private readonly socket: net.Socket
  private readonly decoder: FrameDecoder
  private readonly requestTimeoutMs: number
  private waiter: Waiter | null = null
  private fatal: RasError | null = null
  private queue: Promise<unknown> = Promise.resolve()
  private closeListeners: Array<(reason: RasError) => void> = []
  private endpoint = 0
  private negotiated = ''
  private major = 0
  /** The request in flight (its message name), for errors to say what failed. */
  private current: string | null = null

  private constructor(socket: net.Socket, options: ConnectOptions) {
    this.socket = socket
    this.host = options.host
    this.port = options.port ?? DEFAULT_PORT
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000
    this.decoder = new FrameDecoder({ maxFrameBytes: options.maxFrameBytes })
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', (e: NodeJS.ErrnoException) => this.fail(networkError(e, this.host, this.port)))
    socket.on('close', () =>
      this.fail(new RasError('network', `connection to ${this.host}:${this.port} was closed by the server`)),
    )
  }

  /** Connects, handshakes and negotiates the highest service version both sides know. */
  static async open(options: ConnectOptions): Promise<RasConnection> {
    const port = options.port ?? DEFAULT_PORT
    const timeoutMs = options.connectTimeoutMs ?? 5000
    const socket = net.connect({ host: options.host, port })
    const conn = new RasConnection(socket, options)
    const timer = setTimeout(
      () => conn.fail(new RasError('timeout', `no answer from ${options.host}:${port} within ${timeoutMs} ms`)),
      timeoutMs,
    )
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve)
        conn.closeListeners.push(reject)
      })
      conn.closeListeners = []
      await conn.handshake(options.version ?? '16.0', timeoutMs)
      return conn
    } catch (e) {
      const reason = conn.inContext(e instanceof RasError ? e : protocolError(String(e), e))
      conn.destroy(reason)
      throw reason
    } finally {
      clearTimeout(timer)
    }
  }

  /** The negotiated service version, e.g. "16.0". */
  get version(): string {
    return this.negotiated
  }

  /** The negotiated major version: drives every record layout. */
  get versionMajor(): number {
    return this.major
  }

  get endpointId(): number {
    return this.endpoint
  }

  get isOpen(): boolean {
    return this.fatal === null
  }

  /** Called once when the connection dies for any reason (including close()). */
  onClose(listener: (reason: RasError) => void): void {
    if (this.fatal) listener(this.fatal)
    else this.closeListeners.push(listener)
  }

  private async handshake(preferred: string, timeoutMs: number): Promise<void> {
    this.socket.write(Buffer.concat([NEGOTIATE, encodeConnect()]))
    const ack = await this.nextFrame(timeoutMs)
    if (ack.type !== PacketType.ConnectAck) throw this.unexpected(ack, 'CONNECT_ACK')
    const tried = new Set<string>()
    let version = preferred
    for (;;) {
      tried.add(version)
      this.socket.write(encodeEndpointOpen(SERVICE_NAME, version))
      const reply = await this.nextFrame(timeoutMs)
      if (reply.type === PacketType.EndpointOpenAck) {
        const opened = decodeEndpointOpenAck(reply.body)
        const major = versionMajor(opened.version)
        if (!KNOWN_VERSIONS.includes(major as (typeof KNOWN_VERSIONS)[number])) {
          throw this.inContext(protocolError(`server opened unknown service version "${opened.version}"`))
        }
        this.endpoint = opened.endpointId
        this.negotiated = opened.version
        this.major = major
        return
      }
      if (reply.type !== PacketType.EndpointFailure) throw this.unexpected(reply, 'ENDPOINT_OPEN_ACK')
      const failure = decodeEndpointFailure(reply.body)
      const next = pickVersion(supportedVersions(failure.error), tried)
      if (!next) throw unsupportedVersion(failure.error, version)
      version = next
    }
  }

  /** Sends one request and decodes its reply; requests run strictly one after another. */
  call<M extends MessageDef>(message: M, args: RecordValue<M['request']>): Promise<ReplyValue<M['reply']>> {
    return this.enqueue(message, args, null) as Promise<ReplyValue<M['reply']>>
  }

  /**
   * `call` for a list reply whose records `read` reads itself from the reply, one per call, at
   * this connection's version (record.ts `readEach`); resolves to the count.
   */
  callReadEach<M extends MessageDef & { reply: { kind: 'list' } }>(
    message: M,
    args: RecordValue<M['request']>,
    read: (r: Reader) => void,
  ): Promise<number> {
    return this.enqueue(message, args, { read }) as Promise<number>
  }

  /** `call` for a list reply, decoded into one array per field (record-columns.ts). */
  callColumns<M extends MessageDef & { reply: { kind: 'list' } }, P extends ColumnReductions>(
    message: M,
    args: RecordValue<M['request']>,
    reductions: P,
  ): Promise<ColumnList<M['reply']['record'], P>> {
    return this.enqueue(message, args, { columns: reductions }) as Promise<ColumnList<M['reply']['record'], P>>
  }

  private enqueue(message: MessageDef, args: unknown, listing: ListDecoding): Promise<unknown> {
    const run = () => this.exchange(message, args, listing)
    const result = this.queue.then(run, run)
    // Not result.catch(): that promise would resolve with the reply and keep it (a 50,000-session
    // list is ~60 MB of heap) alive until the next request on this connection.
    this.queue = result.then(
      () => undefined,
      () => undefined,
    )
    return result
  }

  private async exchange(message: MessageDef, args: unknown, listing: ListDecoding): Promise<unknown> {
    if (this.fatal) throw closedError(this.fatal)
    const w = messageWriter(this.endpoint, message.code)
    encodeRecord(w, message.request, args as RecordValue<RecordDef>, this.major)
    this.current = message.name
    try {
      this.socket.write(encodePacket(PacketType.EndpointMessage, w.bytes()))
      const frame = await this.nextFrame(this.requestTimeoutMs, message.name)
      if (frame.type !== PacketType.EndpointMessage) throw this.unexpected(frame, `reply to ${message.name}`)
      try {
        return decodeReply(frame.body, message, this.major, this.endpoint, listing)
      } catch (e) {
        // Only RasErrors leave this layer; anything else would be a decoder bug on odd bytes.
        const error = this.inContext(
          e instanceof RasError ? e : protocolError(`cannot decode the reply: ${String(e)}`, e),
        )
        if (error.kind === 'protocol') this.destroy(error)
        throw error
      }
    } finally {
      this.current = null
    }
  }

  /**
   * `e` naming this server, the request in flight and the negotiated version (fields, and the
   * message of a protocol error), so a garbled reply says where it came from.
   */
  private inContext(e: RasError): RasError {
    return withContext(e, {
      server: `${this.host}:${this.port}`,
      operation: this.current ?? (this.negotiated ? '' : 'handshake'),
      version: this.negotiated,
    })
  }

  /** Waits for the in-flight queue, closes the endpoint and the socket. */
  async close(): Promise<void> {
    await this.queue
    if (this.fatal) return
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()))
    this.socket.end(encodeEndpointClose(this.endpoint))
    const timer = setTimeout(() => this.socket.destroy(), 1000)
    this.fail(new RasError('network', 'connection closed by the client'))
    await closed
    clearTimeout(timer)
  }

  /** Drops the connection at once; pending and queued requests fail with `reason`. */
  destroy(reason: RasError = new RasError('network', 'connection destroyed by the client')): void {
    this.fail(reason)
    this.socket.destroy()
  }

  private onData(chunk: Buffer): void {
    let frames: Frame[]
    try {
      frames = this.decoder.push(chunk)
    } catch (e) {
      this.destroy(e instanceof RasError ? e : protocolError(String(e), e))
      return
    }
    for (const frame of frames) {
      if (frame.type === PacketType.KeepAlive) continue
      if (frame.type === PacketType.Disconnect) {
        this.destroy(new RasError('network', `server ${this.host}:${this.port} closed the connection (DISCONNECT)`))
        return
      }
      const waiter = this.waiter
      if (!waiter) {
        this.destroy(protocolError(`unsolicited packet of type ${frame.type} from the server`))
        return
      }
      this.waiter = null
      clearTimeout(waiter.timer)
      waiter.resolve(frame)
    }
  }

  private nextFrame(timeoutMs: number, what = 'handshake'): Promise<Frame> {
    if (this.fatal) return Promise.reject(closedError(this.fatal))
    return new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.destroy(new RasError('timeout', `${this.host}:${this.port} did not answer ${what} within ${timeoutMs} ms`))
      }, timeoutMs)
      this.waiter = { resolve, reject, timer }
    })
  }

  /** Records the first fatal error and rejects whoever is waiting. */
  private fail(error: RasError): void {
    if (this.fatal) return
    const reason = this.inContext(error)
    this.fatal = reason
    const waiter = this.waiter
    this.waiter = null
    if (waiter) {
      clearTimeout(waiter.timer)
      waiter.reject(reason)
    }
    if (!this.socket.destroyed && reason.kind !== 'network') this.socket.destroy()
    const listeners = this.closeListeners
    this.closeListeners = []
    for (const l of listeners) l(reason)
  }

  private unexpected(frame: Frame, expected: string): RasError {
    const e = this.inContext(protocolError(`expected ${expected}, got packet type ${frame.type}`))
    this.destroy(e)
    return e
  }
}

/** How a list reply is read: whole (null), as columns, or record by record by the caller. */
type ListDecoding = { columns: ColumnReductions } | { read: (r: Reader) => void } | null

function decodeReply(
  body: Buffer,
  message: MessageDef,
  version: number,
  endpoint: number,
  listing: ListDecoding,
): unknown {
  const msg = decodeEndpointMessage(body)
  if (msg.endpointId !== endpoint) {
    throw protocolError(`${message.name}: reply for endpoint ${msg.endpointId}, ours is ${endpoint}`)
  }
  if (msg.kind === 'exception') throw errorFromServerException(msg.error, message.code)
  const shape = message.reply
  if (shape.kind === 'void') {
    if (msg.kind !== 'void') throw protocolError(`${message.name}: expected VOID, got a message`)
    return undefined
  }
  if (msg.kind !== 'message') throw protocolError(`${message.name}: expected a reply, got VOID`)
  if (msg.code !== shape.code) {
    throw protocolError(`${message.name}: expected reply type ${shape.code}, got ${msg.code}`)
  }
  const r = msg.reader
  const value =
    shape.kind === 'str'
      ? r.str()
      : shape.kind === 'one'
        ? decodeRecord(r, shape.record, version)
        : listing && 'columns' in listing
          ? decodeListColumns(r, shape.record, version, listing.columns)
          : listing
            ? readEach(r, shape.record, listing.read)
            : decodeList(r, shape.record, version)
  r.expectEnd(`${message.name} reply`)
  return value
}

function pickVersion(supported: string[], tried: Set<string>): string | null {
  const majors = new Set(supported.map(versionMajor))
  for (const v of KNOWN_VERSIONS) {
    const version = `${v}.0`
    if (majors.has(v) && !tried.has(version)) return version
  }
  return null
}

function unsupportedVersion(error: ServerException, version: string): RasError {
  const detail = error.cause ?? error
  return new RasError(
    'unsupported-version',
    `the server offers no service version this client knows (asked ${version}): ${detail.message}`,
    { serverClass: detail.class, serverMessage: detail.message },
  )
}

function closedError(reason: RasError): RasError {
  if (reason.kind === 'network') return reason
  return new RasError('network', `connection is closed: ${reason.message}`, { cause: reason })
}

function networkError(e: NodeJS.ErrnoException, host: string, port: number): RasError {
  const why =
    e.code === 'ECONNREFUSED'
      ? 'connection refused (is the ras service running on that port?)'
      : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
        ? 'host not found'
        : e.code === 'ECONNRESET'
          ? 'connection reset by the server'
          : e.message
  return new RasError('network', `cannot reach ${host}:${port}: ${why}`, { cause: e })
}

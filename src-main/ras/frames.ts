/**
 * The SWP transport (docs/protocol.md §1, §3): the unframed NEGOTIATE block, `type:u8 length:size body`
 * packets, and the bodies of the packets a RAS conversation uses. Both the client and the
 * simulator frame and parse with these functions.
 */
import { Reader, Writer, type ParamMap } from './codec'
import { protocolError } from './errors'

export const PacketType = {
  Negotiate: 0,
  Connect: 1,
  ConnectAck: 2,
  Disconnect: 4,
  EndpointOpen: 11,
  EndpointOpenAck: 12,
  EndpointClose: 13,
  EndpointMessage: 14,
  EndpointFailure: 15,
  KeepAlive: 16,
} as const

export const MessageKind = { Void: 0x00, Message: 0x01, Exception: 0xff } as const

/** "\x1cSWP", protocol 1.0, codec 1.0 (docs/protocol.md §1.3). */
export const NEGOTIATE = Buffer.from([0x1c, 0x53, 0x57, 0x50, 0x01, 0x00, 0x01, 0x00])
export const SWP_MAGIC = 0x1c535750

/** A frame larger than this is treated as a protocol error rather than buffered. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024

/** Types that may appear framed: NEGOTIATE (0) is only ever the raw 8-byte block. */
const KNOWN_PACKET_TYPES = new Set<number>(Object.values(PacketType).filter((t) => t !== PacketType.Negotiate))

export interface Frame {
  type: number
  body: Buffer
}

export function encodePacket(type: number, body: Uint8Array): Buffer {
  const header = new Writer(8).u8(type).size(body.length).bytes()
  return Buffer.concat([header, body])
}

/**
 * Turns a byte stream into frames. Chunks are kept as they arrive and joined once per frame, so
 * a 50 MB reply in 64 KB chunks costs one copy, not thousands.
 */
export class FrameDecoder {
  private chunks: Buffer[] = []
  private buffered = 0
  private header: { type: number; headerLength: number; bodyLength: number } | null = null
  private negotiatePending: boolean
  private readonly maxFrameBytes: number

  constructor(options: { expectNegotiate?: boolean; maxFrameBytes?: number } = {}) {
    this.negotiatePending = options.expectNegotiate ?? false
    this.maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES
  }

  get bufferedBytes(): number {
    return this.buffered
  }

  /** Feeds bytes; returns every frame now complete. Throws a protocol RasError on bad input. */
  push(chunk: Buffer): Frame[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk)
      this.buffered += chunk.length
    }
    const frames: Frame[] = []
    if (this.negotiatePending) {
      if (this.buffered < NEGOTIATE.length) return frames
      const block = this.take(NEGOTIATE.length)
      if (block.readUInt32BE(0) !== SWP_MAGIC) throw protocolError('not an SWP stream: bad magic')
      this.negotiatePending = false
      frames.push({ type: PacketType.Negotiate, body: block })
    }
    for (;;) {
      if (!this.header && !this.readHeader()) return frames
      const { type, headerLength, bodyLength } = this.header!
      if (this.buffered < headerLength + bodyLength) return frames
      const bytes = this.take(headerLength + bodyLength)
      this.header = null
      frames.push({ type, body: bytes.subarray(headerLength) })
    }
  }

  private readHeader(): boolean {
    if (this.buffered === 0) return false
    // The header is at most 6 bytes; join the first few small chunks if it straddles them.
    if (this.chunks[0]!.length < 6 && this.chunks.length > 1) {
      const joined = Buffer.concat(this.chunks)
      this.chunks = [joined]
    }
    const first = this.chunks[0]!
    const type = first[0]!
    if (!KNOWN_PACKET_TYPES.has(type)) throw protocolError(`unknown packet type ${type}`)
    let length = 0
    let scale = 1
    for (let i = 1; ; i++) {
      if (i >= first.length) return false
      if (i > 5) throw protocolError('packet length longer than 5 bytes')
      const b = first[i]!
      length += (b & 0x7f) * scale
      if ((b & 0x80) === 0) {
        if (length > this.maxFrameBytes) {
          throw protocolError(`packet of ${length} bytes exceeds the ${this.maxFrameBytes}-byte limit`)
        }
        this.header = { type, headerLength: i + 1, bodyLength: length }
        return true
      }
      scale *= 128
    }
  }

  private take(n: number): Buffer {
    const first = this.chunks[0]!
    let out: Buffer
    if (first.length >= n) {
      out = first.subarray(0, n)
      if (first.length === n) this.chunks.shift()
      else this.chunks[0] = first.subarray(n)
    } else {
      const all = Buffer.concat(this.chunks, this.buffered)
      out = all.subarray(0, n)
      this.chunks = all.length > n ? [all.subarray(n)] : []
    }
    this.buffered -= n
    return out
  }
}

// --- CONNECT -------------------------------------------------------------------------------

/** CONNECT exactly as rac sends it: one param, connect.timeout as INT (docs/protocol.md §1.4). */
export function encodeConnect(connectTimeoutMs = 2000): Buffer {
  const body = new Writer(32).params({ 'connect.timeout': { tag: 4, value: connectTimeoutMs } }).bytes()
  return encodePacket(PacketType.Connect, body)
}

export function decodeParamsBody(body: Buffer): ParamMap {
  const r = new Reader(body)
  const params = r.params()
  r.expectEnd('parameter map')
  return params
}

export function encodeConnectAck(): Buffer {
  return encodePacket(PacketType.ConnectAck, new Writer(4).params(null).bytes())
}

// --- ENDPOINT_OPEN / ACK / CLOSE / FAILURE ---------------------------------------------------

export interface EndpointOpen {
  service: string
  version: string
  params: ParamMap
}

export function encodeEndpointOpen(service: string, version: string): Buffer {
  return encodePacket(PacketType.EndpointOpen, new Writer(48).str(service).str(version).params(null).bytes())
}

export function decodeEndpointOpen(body: Buffer): EndpointOpen {
  const r = new Reader(body)
  const value = { service: r.str(), version: r.str(), params: r.params() }
  r.expectEnd('ENDPOINT_OPEN')
  return value
}

export interface EndpointOpenAck {
  service: string
  version: string
  endpointId: number
  params: ParamMap
}

export function encodeEndpointOpenAck(service: string, version: string, endpointId: number): Buffer {
  const body = new Writer(48).str(service).str(version).nsize(endpointId).params(null).bytes()
  return encodePacket(PacketType.EndpointOpenAck, body)
}

export function decodeEndpointOpenAck(body: Buffer): EndpointOpenAck {
  const r = new Reader(body)
  const service = r.str()
  const version = r.str()
  const endpointId = r.nsize()
  if (endpointId === null) throw protocolError('ENDPOINT_OPEN_ACK without an endpoint id')
  const params = r.params()
  r.expectEnd('ENDPOINT_OPEN_ACK')
  return { service, version, endpointId, params }
}

export function encodeEndpointClose(endpointId: number): Buffer {
  return encodePacket(PacketType.EndpointClose, new Writer(4).nsize(endpointId).bytes())
}

export function decodeEndpointClose(body: Buffer): number | null {
  const r = new Reader(body)
  const id = r.nsize()
  r.expectEnd('ENDPOINT_CLOSE')
  return id
}

export interface EndpointFailure {
  service: string
  version: string
  endpointId: number | null
  error: ServerException
}

export function encodeEndpointFailure(f: EndpointFailure): Buffer {
  const w = new Writer(256).str(f.service).str(f.version).nsize(f.endpointId)
  writeException(w, f.error)
  return encodePacket(PacketType.EndpointFailure, w.bytes())
}

export function decodeEndpointFailure(body: Buffer): EndpointFailure {
  const r = new Reader(body)
  const service = r.str()
  const version = r.str()
  const endpointId = r.nsize()
  const error = readException(r)
  if (!error) throw protocolError('ENDPOINT_FAILURE without an exception')
  r.expectEnd('ENDPOINT_FAILURE')
  return { service, version, endpointId, error }
}

/** The version list a server names in its UnsupportedService cause, highest first. */
export function supportedVersions(error: ServerException): string[] {
  for (let e: ServerException | null = error; e; e = e.cause) {
    const m = /supported=([^\]]*)/.exec(e.message)
    if (m) {
      return m[1]!
        .split(',')
        .map((v) => v.trim())
        .filter((v) => /^\d+\.\d+$/.test(v))
    }
  }
  return []
}

// --- exceptions (docs/protocol.md §3.3) ----------------------------------------------------------------

export interface TraceElement {
  class: string
  method: string
  file: string
  line: number
}

export interface ServerException {
  class: string
  message: string
  trace: TraceElement[]
  cause: ServerException | null
}

const MAX_CAUSE_DEPTH = 32

export function readException(r: Reader, depth = 0): ServerException | null {
  if (depth > MAX_CAUSE_DEPTH) throw protocolError('exception causes nested too deeply')
  const cls = r.nullableStr()
  if (cls === null) return null
  const message = r.str()
  const count = r.size()
  if (count > r.remaining) throw protocolError(`trace count ${count} exceeds the bytes left`)
  const trace: TraceElement[] = []
  for (let i = 0; i < count; i++) trace.push({ class: r.str(), method: r.str(), file: r.str(), line: r.i32() })
  return { class: cls, message, trace, cause: readException(r, depth + 1) }
}

export function writeException(w: Writer, e: ServerException | null): Writer {
  if (!e) return w.nullableStr(null)
  w.str(e.class).str(e.message).size(e.trace.length)
  for (const t of e.trace) w.str(t.class).str(t.method).str(t.file).i32(t.line)
  return writeException(w, e.cause)
}

export function exception(cls: string, message: string, cause: ServerException | null = null): ServerException {
  return { class: cls, message, trace: [], cause }
}

// --- ENDPOINT_MESSAGE (docs/protocol.md §3.1) ----------------------------------------------------------

export type EndpointMessage =
  | { endpointId: number; kind: 'void' }
  | { endpointId: number; kind: 'message'; code: number; reader: Reader }
  | { endpointId: number; kind: 'exception'; error: ServerException }

/** Parses the envelope; for kind MESSAGE the returned reader is positioned at the body. */
export function decodeEndpointMessage(body: Buffer): EndpointMessage {
  const r = new Reader(body)
  const endpointId = r.nsize()
  if (endpointId === null) throw protocolError('ENDPOINT_MESSAGE without an endpoint id')
  const format = r.i16()
  if (format !== 0) throw protocolError(`unsupported message format ${format} (compression was not negotiated)`)
  const kind = r.u8()
  switch (kind) {
    case MessageKind.Void:
      r.expectEnd('VOID message')
      return { endpointId, kind: 'void' }
    case MessageKind.Message:
      return { endpointId, kind: 'message', code: r.u8(), reader: r }
    case MessageKind.Exception: {
      const error = readException(r)
      if (!error) throw protocolError('EXCEPTION message without an exception')
      r.expectEnd('EXCEPTION message')
      return { endpointId, kind: 'exception', error }
    }
    default:
      throw protocolError(`unknown message kind 0x${kind.toString(16)}`)
  }
}

/** Starts an ENDPOINT_MESSAGE of kind MESSAGE; write the body into the returned writer. */
export function messageWriter(endpointId: number, code: number, capacity = 64): Writer {
  return new Writer(capacity).nsize(endpointId).i16(0).u8(MessageKind.Message).u8(code)
}

export function encodeVoid(endpointId: number): Buffer {
  return encodePacket(PacketType.EndpointMessage, new Writer(8).nsize(endpointId).i16(0).u8(MessageKind.Void).bytes())
}

export function encodeExceptionMessage(endpointId: number, e: ServerException): Buffer {
  const w = new Writer(256).nsize(endpointId).i16(0).u8(MessageKind.Exception)
  return encodePacket(PacketType.EndpointMessage, writeException(w, e).bytes())
}

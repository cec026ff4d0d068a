/**
 * Faults on demand (docs/protocol.md §11.10): the settings, and the one function that writes a reply
 * through them. Settings are read at the moment of each reply, so tests can flip them at run time.
 */
import type net from 'node:net'
import { PacketType, encodePacket } from '../ras/frames'

export interface FaultSettings {
  /** Delay before each reply, ms. */
  latencyMs: number
  /** 0 = off; otherwise replies go out in writes of this many bytes. */
  splitWrites: number
  /** Stop answering after this many requests (ENDPOINT_MESSAGEs) on a connection; null = never. */
  stallAfterRequests: number | null
  /** After this many answered requests, write half of the next reply and destroy the socket. */
  dropAfterRequests: number | null
  /** Send garbage instead of replies. */
  garbage: boolean
  /** Accept new sockets and destroy them at once. */
  refuseConnections: boolean
  /** Send a KEEP_ALIVE packet (type 16) before each reply; clients must ignore it. */
  keepAliveBetweenReplies: boolean
  /** Announce each reply as a 2 GiB packet (docs/protocol.md §11.10): clients must refuse, not buffer it. */
  oversizeLength: boolean
}

export function defaultFaults(overrides: Partial<FaultSettings> = {}): FaultSettings {
  return {
    latencyMs: 0,
    splitWrites: 0,
    stallAfterRequests: null,
    dropAfterRequests: null,
    garbage: false,
    refuseConnections: false,
    keepAliveBetweenReplies: false,
    oversizeLength: false,
    ...overrides,
  }
}

const KEEP_ALIVE = encodePacket(PacketType.KeepAlive, Buffer.alloc(0))
/** An ENDPOINT_MESSAGE header announcing 2^31 − 1 bytes. */
const OVERSIZE_HEADER = Buffer.from('0effffffff07', 'hex')
/** Starts with 0xde, which is no packet type, so any SWP client fails at the first byte. */
const GARBAGE = Buffer.from('deadbeef0badf00dc0ffee00ff17a5e5', 'hex')

/** What to do with the reply to the request number `requestNumber` (1-based) of a connection. */
export function requestFate(faults: FaultSettings, requestNumber: number): 'answer' | 'stall' | 'drop' {
  if (faults.stallAfterRequests !== null && requestNumber > faults.stallAfterRequests) return 'stall'
  if (faults.dropAfterRequests !== null && requestNumber > faults.dropAfterRequests) return 'drop'
  return 'answer'
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Writes one reply (given as parts, so a cached body is never copied) with the current faults
 * applied. `drop` writes the first half and destroys the socket.
 */
export async function writeReply(
  socket: net.Socket,
  parts: readonly Buffer[],
  faults: FaultSettings,
  fate: 'answer' | 'drop' = 'answer',
): Promise<void> {
  if (faults.latencyMs > 0) await sleep(faults.latencyMs)
  if (socket.destroyed) return
  if (faults.keepAliveBetweenReplies) socket.write(KEEP_ALIVE)
  const out = faults.garbage ? [GARBAGE] : faults.oversizeLength ? [OVERSIZE_HEADER, ...parts] : parts
  if (fate === 'drop') {
    const whole = Buffer.concat(out)
    socket.write(whole.subarray(0, Math.max(1, Math.floor(whole.length / 2))))
    await nextTurn()
    socket.destroy()
    return
  }
  if (faults.splitWrites > 0) {
    await writeInPieces(socket, Buffer.concat(out), faults.splitWrites)
    return
  }
  for (const part of out) socket.write(part)
}

/** Separate writes on separate turns of the event loop, so they leave as separate TCP segments. */
async function writeInPieces(socket: net.Socket, bytes: Buffer, size: number): Promise<void> {
  for (let at = 0; at < bytes.length && !socket.destroyed; at += size) {
    const drained = socket.write(bytes.subarray(at, at + size))
    if (!drained) await drainOrClose(socket)
    else await nextTurn()
  }
}

function drainOrClose(socket: net.Socket): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      socket.off('drain', done)
      socket.off('close', done)
      resolve()
    }
    socket.once('drain', done)
    socket.once('close', done)
  })
}

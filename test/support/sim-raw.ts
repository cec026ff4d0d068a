/**
 * A raw SWP socket for simulator tests that need to see exact packets (failures, unknown codes,
 * bad magic) rather than what RasClient makes of them.
 */
import net from 'node:net'
import { FrameDecoder, NEGOTIATE, PacketType, encodeConnect, encodePacket, type Frame } from '../../src-main/ras/frames'

export class RawSwpSocket {
  private readonly decoder = new FrameDecoder()
  private readonly frames: Frame[] = []
  private waiting: (() => void) | null = null
  /** How many socket reads arrived (split-write tests count them). */
  chunks = 0
  readonly closed: Promise<void>

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks++
      this.frames.push(...this.decoder.push(chunk))
      this.waiting?.()
    })
    socket.on('error', () => undefined)
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()))
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<RawSwpSocket> {
    const socket = net.connect({ host, port })
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('error', reject)
    })
    return new RawSwpSocket(socket)
  }

  /** NEGOTIATE + CONNECT, then waits for CONNECT_ACK. */
  async handshake(): Promise<Frame> {
    this.socket.write(Buffer.concat([NEGOTIATE, encodeConnect()]))
    return this.next()
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes)
  }

  sendPacket(type: number, body: Buffer): void {
    this.socket.write(encodePacket(type, body))
  }

  /** The next frame (KEEP_ALIVE included), or a rejection after `timeoutMs`. */
  async next(timeoutMs = 1000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs
    while (this.frames.length === 0) {
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`no frame within ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiting = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.waiting = null
    }
    return this.frames.shift()!
  }

  /** Resolves true if nothing arrives within `ms`. */
  async silentFor(ms: number): Promise<boolean> {
    await new Promise((resolve) => setTimeout(resolve, ms))
    return this.frames.length === 0
  }

  destroy(): void {
    this.socket.destroy()
  }
}

export { PacketType }

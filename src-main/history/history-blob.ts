/**
 * The packed forms of the history file's blobs (history-file.ts has the layout): a sample's
 * per-session counters and a 5-minute bucket's sums as varints, and the weight that turns a
 * sample's 5-minute counter into the part it adds to a period.
 */
import type { Counters, Metric } from './history-port'

/** A 5-minute bucket of folded samples. */
export const BUCKET_MS = 5 * 60_000
/** The span a "last 5 minutes" counter describes, in seconds. */
export const WINDOW_S = 300

class Writer {
  buf = new Uint8Array(4096)
  len = 0
  private room(n: number) {
    if (this.len + n <= this.buf.length) return
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n))
    next.set(this.buf.subarray(0, this.len))
    this.buf = next
  }
  /** An unsigned integer up to 2^53. */
  uint(n: number) {
    this.room(8)
    while (n >= 0x80) {
      this.buf[this.len++] = (n % 0x80) | 0x80
      n = Math.floor(n / 0x80)
    }
    this.buf[this.len++] = n
  }
  /** A signed integer (zigzag). */
  int(n: number) {
    this.uint(n >= 0 ? n * 2 : -n * 2 - 1)
  }
  bytes(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len))
  }
}

class Reader {
  pos = 0
  constructor(readonly buf: Uint8Array) {}
  get done() {
    return this.pos >= this.buf.length
  }
  uint(): number {
    let n = 0
    let scale = 1
    for (;;) {
      const b = this.buf[this.pos++]!
      n += (b & 0x7f) * scale
      if (b < 0x80) return n
      scale *= 0x80
    }
  }
  int(): number {
    const z = this.uint()
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2
  }
}

export type Values = [cpu: number, memory: number, dbms: number, calls: number]
export const METRIC_INDEX: Record<Metric, number> = { cpu: 0, memory: 1, dbms: 2, calls: 3 }

/** Entries of a raw blob: (ref delta << 1 | gone), then four counters unless gone. */
export function encodeRaw(entries: Array<[ref: number, values: Values | null]>): Buffer {
  entries.sort((a, b) => a[0] - b[0])
  const w = new Writer()
  let last = 0
  for (const [ref, v] of entries) {
    w.uint((ref - last) * 2 + (v === null ? 1 : 0))
    last = ref
    if (v) for (let k = 0; k < 4; k++) w.int(v[k]!)
  }
  return w.bytes()
}

export function applyRaw(state: Map<number, Values>, data: Uint8Array, full: boolean): void {
  if (full) state.clear()
  forEachRaw(data, (ref, v) => (v ? state.set(ref, v) : state.delete(ref)))
}

/** Each entry of a raw blob: a session's new counters, or null when it went away. */
export function forEachRaw(data: Uint8Array, fn: (ref: number, v: Values | null) => void): void {
  const r = new Reader(data)
  let ref = 0
  while (!r.done) {
    const head = r.uint()
    ref += Math.floor(head / 2)
    if (head % 2 === 1) fn(ref, null)
    else fn(ref, [r.int(), r.int(), r.int(), r.int()])
  }
}

export function encodeBucket(sums: Map<number, Values>): Buffer {
  const refs = [...sums.keys()].sort((a, b) => a - b)
  const w = new Writer()
  let last = 0
  for (const ref of refs) {
    w.uint(ref - last)
    last = ref
    for (const x of sums.get(ref)!) w.int(x)
  }
  return w.bytes()
}

export function* decodeBucket(data: Uint8Array): Generator<[number, Values]> {
  const r = new Reader(data)
  let ref = 0
  while (!r.done) {
    ref += r.uint()
    yield [ref, [r.int(), r.int(), r.int(), r.int()]]
  }
}

/** Seconds of a sample's 5-minute window that fall after the previous sample. */
export function sampleWeight(at: number, prevAt: number | null): number {
  if (prevAt === null) return WINDOW_S
  return Math.min(WINDOW_S, Math.max(0, Math.round((at - prevAt) / 1000)))
}

export const bucketOf = (at: number): number => Math.floor(at / BUCKET_MS) * BUCKET_MS

/** A session's Σ value × w as what it consumed in the period. */
export function toConsumption(v: Values): Counters {
  return { cpu: v[0] / WINDOW_S, memory: v[1] / WINDOW_S, dbms: v[2] / WINDOW_S, calls: v[3] / WINDOW_S }
}

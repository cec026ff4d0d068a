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
  /** One byte to fill in later (`at`), e.g. the length of what follows. */
  hole(): number {
    this.room(1)
    return this.len++
  }
  fill(at: number, byte: number) {
    this.buf[at] = byte
  }
  bytes(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len))
  }
}

/** Numbers below 2^28 (nearly all of them) are read with integer operations, the rest with floats. */
class Reader {
  pos = 0
  constructor(readonly buf: Uint8Array) {}
  get done() {
    return this.pos >= this.buf.length
  }
  uint(): number {
    const buf = this.buf
    let pos = this.pos
    let b = buf[pos++]!
    let n = b & 0x7f
    if (b >= 0x80) {
      b = buf[pos++]!
      n |= (b & 0x7f) << 7
      if (b >= 0x80) {
        b = buf[pos++]!
        n |= (b & 0x7f) << 14
        if (b >= 0x80) {
          b = buf[pos++]!
          n |= (b & 0x7f) << 21
          for (let scale = 0x10000000; b >= 0x80; scale *= 0x80) {
            b = buf[pos++]!
            n += (b & 0x7f) * scale
          }
        }
      }
    }
    this.pos = pos
    return n
  }
  int(): number {
    const z = this.uint()
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2
  }
  /** Steps over `n` numbers without reading them. */
  skip(n: number) {
    const buf = this.buf
    let pos = this.pos
    for (let k = 0; k < n;) if (buf[pos++]! < 0x80) k++
    this.pos = pos
  }
}

/**
 * The sessions (refs) a query keeps, as one byte per ref: testing each entry of a blob of 10,000
 * sessions against a user's few costs a byte read rather than a hash lookup (half the scan).
 */
export type RefFilter = Uint8Array

export function refFilter(refs: Iterable<number>): RefFilter {
  const list = [...refs]
  const bits = new Uint8Array(list.reduce((a, b) => Math.max(a, b), -1) + 1)
  for (const ref of list) bits[ref] = 1
  return bits
}

export type Values = [cpu: number, memory: number, dbms: number, calls: number]
export const METRIC_INDEX: Record<Metric, number> = { cpu: 0, memory: 1, dbms: 2, calls: 3 }

/**
 * Raw blob formats. 1 (schema 1 and 2): each entry is (ref delta << 1 | gone), then four counters
 * unless gone. 2 (schema 3): the counters' byte length (one byte, at most 4 × 8) comes before
 * them, so a scan for a user's few sessions steps over the others' counters without reading them
 * byte by byte — a day of 10,000 sessions is ~60 MB of them (bench item 10, a user's timeline).
 */
export type RawFormat = 1 | 2
export const RAW_FORMAT: RawFormat = 2

export function encodeRaw(
  entries: Array<[ref: number, values: Values | null]>,
  format: RawFormat = RAW_FORMAT,
): Buffer {
  entries.sort((a, b) => a[0] - b[0])
  const w = new Writer()
  let last = 0
  for (const [ref, v] of entries) {
    w.uint((ref - last) * 2 + (v === null ? 1 : 0))
    last = ref
    if (!v) continue
    const length = format === 2 ? w.hole() : -1
    for (let k = 0; k < 4; k++) w.int(v[k]!)
    if (length >= 0) w.fill(length, w.len - length - 1)
  }
  return w.bytes()
}

/** `only`: keep just these sessions (refs); the others' entries are stepped over unread. */
export function applyRaw(
  state: Map<number, Values>,
  data: Uint8Array,
  full: boolean,
  format: RawFormat,
  only?: RefFilter,
): void {
  if (full) state.clear()
  forEachRaw(data, format, (ref, v) => (v ? state.set(ref, v) : state.delete(ref)), only)
}

/**
 * Each entry of a raw blob: a session's new counters, or null when it went away. With `only`,
 * just those sessions' entries: a user's few sessions among 10,000 cost a scan, not a decode.
 */
export function forEachRaw(
  data: Uint8Array,
  format: RawFormat,
  fn: (ref: number, v: Values | null) => void,
  only?: RefFilter,
  /** Given: each entry's values are put here (read them during the call) rather than in a new array. */
  into?: Values,
): void {
  // The scan is the cost of a user's timeline (every entry of a day), so it is one loop over
  // local variables; the Reader reads only the counters of the entries kept.
  const r = new Reader(data)
  const sized = format === 2
  const end = data.length
  let pos = 0
  let ref = 0
  while (pos < end) {
    let b = data[pos++]!
    let head = b & 0x7f
    for (let scale = 0x80; b >= 0x80; scale *= 0x80) {
      b = data[pos++]!
      head += (b & 0x7f) * scale
    }
    const gone = head % 2 === 1
    ref += (head - (gone ? 1 : 0)) / 2
    if (gone) {
      if (only === undefined || only[ref] === 1) fn(ref, null)
      else if (ref >= only.length) return // entries go by ref: none of the rest is kept
      continue
    }
    if (only !== undefined && only[ref] !== 1) {
      if (ref >= only.length) return
      if (sized) pos += data[pos]! + 1
      else for (let k = 0; k < 4;) if (data[pos++]! < 0x80) k++
      continue
    }
    r.pos = sized ? pos + 1 : pos
    let v: Values
    if (into === undefined) v = [r.int(), r.int(), r.int(), r.int()]
    else {
      v = into
      v[0] = r.int()
      v[1] = r.int()
      v[2] = r.int()
      v[3] = r.int()
    }
    pos = r.pos
    fn(ref, v)
  }
}

/** Adds `v` × `w` to `ref`'s sums (a bucket's, an hour's, a period's: Σ value × w per session). */
export function addWeighted(sums: Map<number, Values>, ref: number, v: Readonly<Values>, w: number): void {
  let s = sums.get(ref)
  if (!s) sums.set(ref, (s = [0, 0, 0, 0]))
  for (let k = 0; k < 4; k++) s[k]! += v[k]! * w
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

/**
 * Each entry of a bucket (or an hour's sums) without an object per entry: `sums` is one array
 * reused for every call, to be read during it (the queries add it into their own). With `only`,
 * the other sessions' entries are stepped over unread.
 */
export function forEachBucket(
  data: Uint8Array,
  fn: (ref: number, sums: Readonly<Values>) => void,
  only?: RefFilter,
): void {
  const r = new Reader(data)
  const sums: Values = [0, 0, 0, 0]
  let ref = 0
  while (!r.done) {
    ref += r.uint()
    if (only !== undefined && only[ref] !== 1) {
      r.skip(4)
      continue
    }
    sums[0] = r.int()
    sums[1] = r.int()
    sums[2] = r.int()
    sums[3] = r.int()
    fn(ref, sums)
  }
}

/** Seconds of a sample's 5-minute window that fall after the previous sample. */
export function sampleWeight(at: number, prevAt: number | null): number {
  if (prevAt === null) return WINDOW_S
  return Math.min(WINDOW_S, Math.max(0, Math.round((at - prevAt) / 1000)))
}

export const bucketOf = (at: number): number => Math.floor(at / BUCKET_MS) * BUCKET_MS

/** A session's Σ value × w as what it consumed in the period. */
export function toConsumption(v: Readonly<Values>): Counters {
  return { cpu: v[0] / WINDOW_S, memory: v[1] / WINDOW_S, dbms: v[2] / WINDOW_S, calls: v[3] / WINDOW_S }
}

import { checkUtf8, textAt } from '../ras/utf8-text'

/**
 * JSON text written straight into UTF-8 byte chunks. Building 13 MB of JSON as JS strings costs a
 * rope of tiny strings, its flattening and one more UTF-8 conversion; writing the bytes once is
 * what lets `sessions --json` print 10,000 sessions in a few tens of milliseconds.
 * Every form here is byte for byte what JSON.stringify prints for the same value.
 */

/** Bytes per chunk handed to the stream. */
const CHUNK_BYTES = 1 << 16

/**
 * What JSON.stringify escapes in a string: quote, backslash, C0 controls, and surrogates when
 * unpaired (a paired one is tested too and leaves the escaping to JSON.stringify, which keeps it).
 */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/

/** Lower-case hex digit codes of every byte value, high then low (uuids from their raw bytes). */
const HEX_HIGH = Uint8Array.from({ length: 256 }, (_, i) => '0123456789abcdef'.charCodeAt(i >> 4))
const HEX_LOW = Uint8Array.from({ length: 256 }, (_, i) => '0123456789abcdef'.charCodeAt(i & 15))

export class JsonBytes {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES)
  private pos = 0
  /** Bytes handed over in earlier chunks. */
  private handed = 0

  /** `emit` receives each full chunk; the chunk is its own from then on. */
  constructor(private readonly emit: (chunk: Buffer) => void) {}

  /** Makes room for `n` more bytes, handing over what is written so far when needed. */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return
    this.flush()
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n)
  }

  /** Bytes written so far, handed over or not. */
  get written(): number {
    return this.handed + this.pos
  }

  /** Hands over the bytes written so far. */
  flush(): void {
    if (this.pos === 0) return
    this.handed += this.pos
    this.emit(this.buf.subarray(0, this.pos))
    this.buf = Buffer.allocUnsafe(CHUNK_BYTES)
    this.pos = 0
  }

  /** Bytes prepared once (punctuation and `"key":` parts). */
  bytes(b: Uint8Array): void {
    this.room(b.length)
    const buf = this.buf
    let p = this.pos
    const n = b.length
    if (n > 32) {
      buf.set(b, p)
      this.pos = p + n
      return
    }
    for (let i = 0; i < n; i++) buf[p++] = b[i]!
    this.pos = p
  }

  /** Text known to be printable ASCII needing no escape (numbers, times, literals). */
  ascii(s: string): void {
    this.room(s.length)
    const buf = this.buf
    let p = this.pos
    for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i)
    this.pos = p
  }

  /** A finite number as JSON.stringify prints it; non-negative integers without a string. */
  number(v: number): void {
    // Most counters are small integers: one digit, or digits by 32-bit integer division.
    if (v >= 0 && v < 10 && (v | 0) === v) {
      this.room(1)
      this.buf[this.pos++] = 0x30 + v
      return
    }
    if (v >= 0 && v <= 0x7fffffff && (v | 0) === v) {
      this.room(10)
      let p = this.pos + decimalDigits(v)
      this.pos = p
      const buf = this.buf
      for (let x = v; x > 0;) {
        const q = (x / 10) | 0
        buf[--p] = 0x30 + x - q * 10
        x = q
      }
      return
    }
    // Up to 2^53 a double holds every integer exactly, and JSON prints them as plain digits.
    if (!(v >= 0 && v <= Number.MAX_SAFE_INTEGER && Math.floor(v) === v)) return this.ascii(String(v))
    this.room(16)
    const buf = this.buf
    let digits = 1
    for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++
    let p = this.pos + digits
    this.pos = p
    let x = v
    do {
      const q = Math.floor(x / 10)
      buf[--p] = 0x30 + (x - q * 10)
      x = q
    } while (x > 0)
  }

  /** Any text as UTF-8 (JSON.stringify's output for the odd value). */
  text(s: string): void {
    this.room(s.length * 3)
    this.pos += this.buf.write(s, this.pos, 'utf8')
  }

  /** A string as a JSON string literal: quoted, escaped like JSON.stringify, UTF-8. */
  string(s: string): void {
    const n = s.length
    // At most 3 bytes per UTF-16 unit (a surrogate pair is 4 bytes for 2 units), and the quotes.
    this.room(n * 3 + 2)
    const buf = this.buf
    let p = this.pos
    buf[p++] = 0x22
    // Printable ASCII other than `"` and `\` is copied as is: the common case, in JS.
    let i = 0
    for (; i < n; i++) {
      const c = s.charCodeAt(i)
      if (c < 0x20 || c >= 0x80 || c === 0x22 || c === 0x5c) break
      buf[p++] = c
    }
    if (i < n) {
      const rest = s.slice(i)
      if (NEEDS_ESCAPE.test(rest)) {
        // JSON.stringify's own escapes; its text is ASCII except for the characters kept as is.
        // An escape takes up to 6 bytes per unit: make room again (a flush keeps the order).
        const quoted = JSON.stringify(rest).slice(1)
        this.pos = p
        this.room(quoted.length * 3)
        this.pos += this.buf.write(quoted, this.pos, 'utf8')
        return
      }
      p += buf.write(rest, p, 'utf8')
    }
    buf[p++] = 0x22
    this.pos = p
  }

  // Straight from a RAS reply's bytes (json-transcoder.ts): a wire string's UTF-8 is already
  // JSON's, and a uuid's 16 bytes are its 36 characters, so neither becomes a JS string.
  /**
   * The string field whose UTF-8 bytes are `src[at … at+len)`, as `string` writes its text: copied
   * as it is unless a character needs an escape (then decoded and escaped like JSON.stringify);
   * bytes that are not strict UTF-8 fail as decoding them would (utf8-text.ts).
   */
  wireText(src: Buffer, at: number, len: number): void {
    this.room(len + 2)
    const buf = this.buf
    let p = this.pos
    buf[p++] = 0x22
    let ascii = true
    for (let i = at, end = at + len; i < end; i++) {
      const c = src[i]!
      if (c < 0x20 || c === 0x22 || c === 0x5c) return this.string(textAt(src, at, len))
      if (c >= 0x80) ascii = false
      buf[p++] = c
    }
    if (!ascii) checkUtf8(src, at, at + len)
    buf[p++] = 0x22
    this.pos = p
  }

  /** The uuid whose 16 bytes are at `src[at]`, as its quoted lower-case 8-4-4-4-12 text. */
  wireUuid(src: Buffer, at: number): void {
    this.room(38)
    const buf = this.buf
    let p = this.pos
    buf[p++] = 0x22
    for (let k = 0; k < 16; k++) {
      if (k === 4 || k === 6 || k === 8 || k === 10) buf[p++] = 0x2d
      const b = src[at + k]!
      buf[p++] = HEX_HIGH[b]!
      buf[p++] = HEX_LOW[b]!
    }
    buf[p++] = 0x22
    this.pos = p
  }
}

/** Decimal digits of a 32-bit non-negative integer above 9. */
function decimalDigits(v: number): number {
  if (v < 100) return 2
  if (v < 1_000) return 3
  if (v < 10_000) return 4
  if (v < 100_000) return 5
  if (v < 1_000_000) return 6
  if (v < 10_000_000) return 7
  if (v < 100_000_000) return 8
  return v < 1_000_000_000 ? 9 : 10
}

/** `text` as UTF-8 bytes, for the parts prepared once. */
export function utf8Bytes(text: string): Uint8Array {
  return Buffer.from(text, 'utf8')
}

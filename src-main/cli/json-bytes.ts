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
    for (let i = 0; i < b.length; i++) buf[p++] = b[i]!
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
}

/** `text` as UTF-8 bytes, for the parts prepared once. */
export function utf8Bytes(text: string): Uint8Array {
  return Buffer.from(text, 'utf8')
}

/**
 * String bytes to text (docs/protocol.md §2.1): strict UTF-8, validated in JS so the common case
 * costs one native slice or none.
 */
import { protocolError, type RasError } from './errors'

/**
 * Buffer's own latin1 slicer (what `toString('latin1', …)` calls once it has dispatched on the
 * encoding name): for bytes below 0x80 the text is the same as UTF-8's, made in one native step.
 */
interface Latin1Slicing {
  latin1Slice(start: number, end: number): string
}

/** The same for UTF-8: `toString('utf8', …)` without the dispatch. */
interface Utf8Slicing {
  utf8Slice(start: number, end: number): string
}

/** The `len` bytes at `at` as text; invalid UTF-8 fails with a protocol RasError. */
export function textAt(buf: Buffer, at: number, len: number): string {
  const end = at + len
  // Short ASCII strings dominate (app ids, locales, hosts, ip addresses): checked in JS, then made
  // by one latin1 slice (building them char by char made a string per char for the GC).
  if (len <= 16) {
    for (let i = at; i < end; i++) if (buf[i]! >= 0x80) return decodeUtf8(buf, at, end)
    return (buf as unknown as Latin1Slicing).latin1Slice(at, end)
  }
  return decodeUtf8(buf, at, end)
}

/**
 * Strict UTF-8 (what `TextDecoder('utf-8', { fatal: true })` accepts: no overlong forms, no
 * surrogates, nothing above U+10FFFF), validated in JS so the common case costs one native slice.
 * A leading U+FEFF is kept: it is part of the value, not a byte-order mark.
 */
function decodeUtf8(buf: Buffer, start: number, end: number): string {
  // V8 decodes as the WHATWG decoder does: anything not strict UTF-8 becomes U+FFFD. So a text
  // without U+FFFD came from valid bytes; one with it is checked byte by byte (it may be real).
  const text = (buf as unknown as Utf8Slicing).utf8Slice(start, end)
  if (text.indexOf('\uFFFD') !== -1) checkUtf8(buf, start, end)
  return text
}

/** Fails with a protocol RasError unless the bytes from `start` to `end` are strict UTF-8 (as above). */
export function checkUtf8(buf: Buffer, start: number, end: number): void {
  let i = start
  while (i < end) {
    const c = buf[i]!
    if (c < 0x80) {
      i++
      continue
    }
    let need: number
    let lo = 0x80
    let hi = 0xbf
    if (c >= 0xc2 && c <= 0xdf) need = 1
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2
      if (c === 0xe0) lo = 0xa0
      else if (c === 0xed) hi = 0x9f
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3
      if (c === 0xf0) lo = 0x90
      else if (c === 0xf4) hi = 0x8f
    } else throw invalidUtf8(start, i)
    if (i + need >= end) throw invalidUtf8(start, i) // sequence cut off by the end of the string
    const second = buf[i + 1]!
    if (second < lo || second > hi) throw invalidUtf8(start, i)
    for (let k = 2; k <= need; k++) {
      const cont = buf[i + k]!
      if (cont < 0x80 || cont > 0xbf) throw invalidUtf8(start, i)
    }
    i += need + 1
  }
}

function invalidUtf8(start: number, at: number): RasError {
  return protocolError(`invalid UTF-8 in the string at offset ${start} (byte ${at - start})`)
}

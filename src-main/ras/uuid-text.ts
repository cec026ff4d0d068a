/**
 * uuids between their text and their 16 raw bytes in textual order, with no GUID byte swapping
 * (docs/protocol.md §2.7).
 */

export const EMPTY_UUID = '00000000-0000-0000-0000-000000000000'

/** Every byte as two lower-case hex digits. */
export const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const HEX_HIGH: number[] = HEX.map((h) => h.charCodeAt(0))
const HEX_LOW: number[] = HEX.map((h) => h.charCodeAt(1))
const DASH = 0x2d
/** Char code → hex digit value, -1 for anything else. */
const HEX_VALUE: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1)
  for (let i = 0; i < 16; i++) {
    t['0123456789abcdef'.charCodeAt(i)] = i
    t['0123456789ABCDEF'.charCodeAt(i)] = i
  }
  return t
})()

/** The 16 bytes at `at` as a lower-case 8-4-4-4-12 string. */
export function uuidAt(b: Buffer, at: number): string {
  const h = HEX_HIGH
  const l = HEX_LOW
  // prettier-ignore
  return String.fromCharCode(
    h[b[at]!]!, l[b[at]!]!, h[b[at + 1]!]!, l[b[at + 1]!]!, h[b[at + 2]!]!, l[b[at + 2]!]!, h[b[at + 3]!]!, l[b[at + 3]!]!,
    DASH,
    h[b[at + 4]!]!, l[b[at + 4]!]!, h[b[at + 5]!]!, l[b[at + 5]!]!,
    DASH,
    h[b[at + 6]!]!, l[b[at + 6]!]!, h[b[at + 7]!]!, l[b[at + 7]!]!,
    DASH,
    h[b[at + 8]!]!, l[b[at + 8]!]!, h[b[at + 9]!]!, l[b[at + 9]!]!,
    DASH,
    h[b[at + 10]!]!, l[b[at + 10]!]!, h[b[at + 11]!]!, l[b[at + 11]!]!, h[b[at + 12]!]!, l[b[at + 12]!]!,
    h[b[at + 13]!]!, l[b[at + 13]!]!, h[b[at + 14]!]!, l[b[at + 14]!]!, h[b[at + 15]!]!, l[b[at + 15]!]!,
  )
}

/**
 * Writes the 16 bytes of `v` at `at`; false (with the bytes left half written) when `v` is neither
 * the canonical 8-4-4-4-12 form (any case) nor 32 bare hex digits.
 */
export function putUuid(buf: Buffer, at: number, v: string): boolean {
  const dashed = v.length === 36
  if (!dashed && v.length !== 32) return false
  if (
    dashed &&
    (v.charCodeAt(8) !== DASH || v.charCodeAt(13) !== DASH || v.charCodeAt(18) !== DASH || v.charCodeAt(23) !== DASH)
  ) {
    return false
  }
  let c = 0
  for (let k = 0; k < 16; k++) {
    if (dashed && (c === 8 || c === 13 || c === 18 || c === 23)) c++
    const hi = HEX_VALUE[v.charCodeAt(c)] ?? -1
    const lo = HEX_VALUE[v.charCodeAt(c + 1)] ?? -1
    if (hi < 0 || lo < 0) return false
    buf[at + k] = (hi << 4) | lo
    c += 2
  }
  return true
}

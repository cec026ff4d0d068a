/**
 * Signed 64-bit integers as JS numbers (docs/protocol.md §2.8): exact up to ±2^53, larger
 * magnitudes the nearest double; 2^63 goes back as INT64_MAX so an "unlimited" sentinel survives.
 */

const TWO_POW_32 = 0x1_0000_0000
const TWO_POW_63 = 2 ** 63

/** The eight big-endian bytes at `at`, which the caller has bounds-checked. */
export function readInt64(b: Buffer, at: number): number {
  // Assembled directly: Buffer.read*BE would check the bounds again, and i64 fields are many.
  const hi = (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!
  const lo = ((b[at + 4]! << 24) | (b[at + 5]! << 16) | (b[at + 6]! << 8) | b[at + 7]!) >>> 0
  // Most counters are small: returned as they are, they stay small integers (Smis) rather than
  // doubles, so the columns holding them clone as short integers (npm run bench, item 4).
  if (hi === 0 && lo < 0x40000000) return lo
  if (hi === -1 && lo >= 0xc0000000) return lo | 0
  return hi * TWO_POW_32 + lo
}

/** Whether `writeInt64` can write `v`: an integer within ±2^63. */
export function isInt64(v: number): boolean {
  return Number.isInteger(v) && v >= -TWO_POW_63 && v <= TWO_POW_63
}

/** Writes `v` (checked with `isInt64`) as eight big-endian bytes at `at`. */
export function writeInt64(b: Buffer, at: number, v: number): void {
  if (v === TWO_POW_63) {
    b.writeUInt32BE(0x7fffffff, at)
    b.writeUInt32BE(0xffffffff, at + 4)
    return
  }
  const hi = Math.floor(v / TWO_POW_32)
  b.writeInt32BE(hi, at)
  b.writeUInt32BE(v - hi * TWO_POW_32, at + 4)
}

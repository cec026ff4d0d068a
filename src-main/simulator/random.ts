/**
 * A small seeded PRNG (mulberry32) and the draws the world generator needs. Everything random in
 * the simulator goes through one of these, so a seed (plus an injected clock) fixes the world.
 */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

export class Random {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296
  }

  /** Uniform 32-bit unsigned integer: one step of mulberry32. */
  u32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.next() * items.length)]!
  }

  /** Picks by weight: entries are [value, weight]. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0
    for (const [, w] of entries) total += w
    let x = this.next() * total
    for (const [value, w] of entries) {
      x -= w
      if (x < 0) return value
    }
    return entries[entries.length - 1]![0]
  }

  /** A random uuid, shaped like version 4 (as real cluster objects' ids are). */
  uuid(): string {
    const a = this.u32()
    const b = this.u32()
    const c = this.u32()
    const d = this.u32()
    const byte = (x: number, shift: number) => HEX[(x >>> shift) & 0xff]!
    return (
      byte(a, 24) +
      byte(a, 16) +
      byte(a, 8) +
      byte(a, 0) +
      '-' +
      byte(b, 24) +
      byte(b, 16) +
      '-' +
      HEX[0x40 | ((b >>> 8) & 0x0f)]! +
      byte(b, 0) +
      '-' +
      HEX[0x80 | ((c >>> 24) & 0x3f)]! +
      byte(c, 16) +
      '-' +
      byte(c, 8) +
      byte(c, 0) +
      byte(d, 24) +
      byte(d, 16) +
      byte(d, 8) +
      byte(d, 0)
    )
  }

  /** A new generator whose stream depends only on this one's seed and `salt`. */
  fork(salt: number): Random {
    return new Random((this.next() * 4294967296) ^ Math.imul(salt, 0x9e3779b1))
  }
}

/** A 32-bit seed from a text (FNV-1a): a stream tied to a thing without drawing from another stream. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

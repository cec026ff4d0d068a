/**
 * The history file's packed blobs (src-main/history/history-blob.ts): what is written reads back
 * the same, whole or through a session filter, for counters of every size the file can hold.
 */
import { describe, expect, it } from 'vitest'
import {
  encodeBucket,
  encodeRaw,
  forEachBucket,
  forEachRaw,
  refFilter,
  type Values,
} from '../../../src-main/history/history-blob'

/** A small deterministic generator, so a failure names its seed. */
function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/**
 * Counters of every size the format holds: one byte, around the 2^28 boundary of the integer
 * path, up to ±2^52 (a signed number is stored as an unsigned one twice its size).
 */
function counter(next: () => number): number {
  const sizes = [1, 127, 128, 2 ** 28 - 1, 2 ** 28, 2 ** 31, 2 ** 40, 2 ** 52 - 1]
  const v = next() < 0.5 ? sizes[Math.floor(next() * sizes.length)]! : Math.floor(next() * 2 ** Math.floor(next() * 52))
  return v !== 0 && next() < 0.2 ? -v : v
}

function entries(next: () => number): Array<[number, Values | null]> {
  const out: Array<[number, Values | null]> = []
  let ref = 1 + Math.floor(next() * 5)
  const n = Math.floor(next() * 300)
  for (let i = 0; i < n; i++) {
    ref += 1 + Math.floor(next() * (next() < 0.05 ? 100_000 : 20))
    out.push([ref, next() < 0.15 ? null : [counter(next), counter(next), counter(next), counter(next)]])
  }
  return out
}

describe('history blobs', () => {
  for (const format of [1, 2] as const) {
    it(`a raw sample (format ${format}) reads back entry for entry, whole and through a filter of some sessions`, () => {
      for (let seed = 1; seed <= 300; seed++) {
        const next = random(seed)
        const written = entries(next)
        const blob = encodeRaw([...written], format)
        const read: Array<[number, Values | null]> = []
        forEachRaw(blob, format, (ref, v) => read.push([ref, v]))
        expect(read, `seed ${seed}`).toEqual(written)

        const kept = written.filter(() => next() < 0.1).map(([ref]) => ref)
        const filtered: Array<[number, Values | null]> = []
        forEachRaw(blob, format, (ref, v) => filtered.push([ref, v]), refFilter(kept))
        expect(filtered, `seed ${seed}`).toEqual(written.filter(([ref]) => kept.includes(ref)))
      }
    })
  }

  it('format 2 is format 1 with each entry’s counters preceded by their length', () => {
    const entries: Array<[number, Values | null]> = [
      [3, [1, -1, 300, 2 ** 40]],
      [5, null],
    ]
    const v1 = encodeRaw([...entries], 1)
    const v2 = encodeRaw([...entries], 2)
    expect(v2.length).toBe(v1.length + 1)
    // head of ref 3 (3 << 1), then the length of the four counters, then the same bytes as format 1
    expect(v2[0]).toBe(6)
    expect(v2[1]).toBe(v1.length - 2)
    expect(v2.subarray(2)).toEqual(v1.subarray(1))
  })

  it('a bucket reads back its sums, whole and through a filter, with one array reused per entry', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed)
      const sums = new Map<number, Values>()
      for (const [ref, v] of entries(next)) sums.set(ref, v ?? [0, 0, 0, 0])
      const blob = encodeBucket(sums)
      const read = new Map<number, Values>()
      forEachBucket(blob, (ref, v) => read.set(ref, [...v]))
      expect(read, `seed ${seed}`).toEqual(sums)

      const kept = [...sums.keys()].filter(() => next() < 0.2)
      const filtered = new Map<number, Values>()
      forEachBucket(blob, (ref, v) => filtered.set(ref, [...v]), refFilter(kept))
      expect([...filtered.keys()], `seed ${seed}`).toEqual(kept)
      for (const ref of kept) expect(filtered.get(ref)).toEqual(sums.get(ref))
    }
  })

  it('a filter of no sessions reads nothing, and refs past its end are not kept', () => {
    const blob = encodeRaw([
      [3, [1, 2, 3, 4]],
      [900, [5, 6, 7, 8]],
      [901, null],
    ])
    const none: number[] = []
    forEachRaw(blob, 2, (ref) => none.push(ref), refFilter([]))
    expect(none).toEqual([])
    const small: number[] = []
    forEachRaw(blob, 2, (ref) => small.push(ref), refFilter([3]))
    expect(small).toEqual([3])
  })
})

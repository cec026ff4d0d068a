/**
 * The sessions' values while a replay of raw samples sums them (history-replay.ts `rawSums`):
 * by ref, in typed arrays grown as refs come, so replaying an hour's entries makes no object per
 * entry — "who consumed it" replays the raw samples at a period's two edges on every ask.
 */
import type { Values } from './history-blob'

type Add = (ref: number, v: Readonly<Values>, w: number) => void

export class OpenValues {
  private values = new Float64Array(4 * 1024)
  private since = new Float64Array(1024)
  private open = new Uint8Array(1024)
  /** Refs opened since the last `closeAll` (a ref closed and opened again may be listed twice). */
  private opened: number[] = []
  /** What `add` is given: read during the call only. */
  private readonly value: Values = [0, 0, 0, 0]

  /** `ref` takes `v` when the period's Σ w is `since`. */
  set(ref: number, v: Readonly<Values>, since: number): void {
    if (ref >= this.open.length) this.grow(ref)
    if (this.open[ref] === 0) {
      this.open[ref] = 1
      this.opened.push(ref)
    }
    const at = 4 * ref
    this.values[at] = v[0]
    this.values[at + 1] = v[1]
    this.values[at + 2] = v[2]
    this.values[at + 3] = v[3]
    this.since[ref] = since
  }

  /** Ends `ref`'s value, if it has one, when the period's Σ w is `total`: adds value × the w it held. */
  close(ref: number, total: number, add: Add): void {
    if (ref >= this.open.length || this.open[ref] === 0) return
    this.open[ref] = 0
    const w = total - this.since[ref]!
    const at = 4 * ref
    const v = this.value
    v[0] = this.values[at]!
    v[1] = this.values[at + 1]!
    v[2] = this.values[at + 2]!
    v[3] = this.values[at + 3]!
    if (w !== 0 && (v[0] || v[1] || v[2] || v[3])) add(ref, v, w)
  }

  closeAll(total: number, add: Add): void {
    for (const ref of this.opened) this.close(ref, total, add)
    this.opened = []
  }

  private grow(ref: number): void {
    let size = this.open.length
    while (size <= ref) size *= 2
    const open = new Uint8Array(size)
    open.set(this.open)
    const since = new Float64Array(size)
    since.set(this.since)
    const values = new Float64Array(4 * size)
    values.set(this.values)
    this.open = open
    this.since = since
    this.values = values
  }
}

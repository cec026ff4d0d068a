/**
 * Reuse of repeated strings while decoding a record list: lists repeat most strings (license
 * texts, locale, app id, host, infobase and process ids), so a field that meets the same bytes
 * again returns the string it made before, saving both decoding and garbage.
 */

const SLOT_SIZE = 16
const SLOT_MASK = SLOT_SIZE - 1

/**
 * Where `Reader.repeatedStr`/`repeatedUuid` remember recent values of one field: a small
 * direct-mapped cache of (offset, length, string) into one buffer. Entries only count while the
 * reader is on that same buffer; `releaseSlot` drops the reference once a decode is done.
 */
export interface RepeatSlot {
  buf: Buffer | null
  readonly ats: Int32Array
  readonly lens: Int32Array
  readonly values: string[]
}

export function repeatSlot(): RepeatSlot {
  return {
    buf: null,
    ats: new Int32Array(SLOT_SIZE),
    lens: new Int32Array(SLOT_SIZE),
    values: new Array<string>(SLOT_SIZE).fill(''),
  }
}

export function releaseSlot(slot: RepeatSlot): void {
  slot.buf = null
  slot.values.fill('')
}

/**
 * The string of the `len` bytes at `at`: the one remembered under `hash` when its bytes are the
 * same, else `decode`'s, which is then remembered.
 */
export function repeatedText(
  slot: RepeatSlot,
  buf: Buffer,
  at: number,
  len: number,
  hash: number,
  decode: (buf: Buffer, at: number, len: number) => string,
): string {
  if (slot.buf !== buf) {
    slot.buf = buf
    slot.lens.fill(0)
  }
  const i = hash & SLOT_MASK
  if (slot.lens[i] === len && sameBytes(buf, slot.ats[i]!, at, len)) return slot.values[i]!
  const value = decode(buf, at, len)
  slot.lens[i] = len
  slot.ats[i] = at
  slot.values[i] = value
  return value
}

function sameBytes(buf: Buffer, a: number, b: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (buf[a + i] !== buf[b + i]) return false
  return true
}

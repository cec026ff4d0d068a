/**
 * Sorting the session rows by one leaf column: read each value once, compare plain values, stable.
 * Pure. Numbers (counters, times, flags: most columns) sort as a Float64Array of values under an
 * index permutation, without an object per row.
 */
import type { SessionRow } from '../../../src-shared/contract'
import { appIdLabel } from '../format/app-id'
import type { UiLocale } from '../format/units'
import { sortValue, type LeafDef } from './column-defs'

const collator = new Intl.Collator('ru', { sensitivity: 'base', numeric: true })

function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b)
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The order of integer values (counters, flags) with no comparator call: each value becomes
 * value·n + position in one Float64Array that sorts natively, so ties keep the list's order and
 * the position is the key modulo n. Null when a value is not an integer or a key would not be
 * exact (|value|·n beyond 2^53).
 */
function integerOrder(values: readonly (number | string)[], dir: 1 | -1): Uint32Array | null {
  const n = values.length
  let max = 0
  for (let i = 0; i < n; i++) {
    const v = values[i]!
    if (typeof v !== 'number' || !Number.isInteger(v)) return null
    const a = Math.abs(v)
    if (a > max) max = a
  }
  if ((max + 1) * n > Number.MAX_SAFE_INTEGER) return null
  const keys = new Float64Array(n)
  for (let i = 0; i < n; i++) keys[i] = (values[i] as number) * dir * n + i
  keys.sort()
  const perm = new Uint32Array(n)
  for (let i = 0; i < n; i++) perm[i] = ((keys[i]! % n) + n) % n
  return perm
}

export function sortRows(
  list: readonly SessionRow[],
  leaf: LeafDef | undefined,
  order: 'ascend' | 'descend',
  locale: UiLocale,
): readonly SessionRow[] {
  if (!leaf) return list
  const dir = order === 'ascend' ? 1 : -1
  const n = list.length
  // The connection type sorts by the label the user reads, not by the raw application id.
  const values = new Array<number | string>(n)
  let numeric = true
  for (let i = 0; i < n; i++) {
    const r = list[i]!
    const v = leaf.kind === 'appId' ? appIdLabel(r.appId, locale) : sortValue(r, leaf)
    values[i] = v
    // NaN never compares; such a column takes the general path, as before.
    if (typeof v !== 'number' || v !== v) numeric = false
  }
  const byInteger = numeric ? integerOrder(values, dir) : null
  if (byInteger) {
    const out = new Array<SessionRow>(n)
    for (let i = 0; i < n; i++) out[i] = list[byInteger[i]!]!
    return out
  }
  const perm = Array.from({ length: n }, (_, i) => i)
  if (numeric) {
    const nums = Float64Array.from(values as number[])
    // Equal values (or two infinities of one sign, whose difference is NaN) keep the list's order.
    perm.sort((a, b) => (nums[a]! - nums[b]!) * dir || a - b)
  } else {
    perm.sort((a, b) => compareValues(values[a]!, values[b]!) * dir || a - b)
  }
  const out = new Array<SessionRow>(n)
  for (let i = 0; i < n; i++) out[i] = list[perm[i]!]!
  return out
}

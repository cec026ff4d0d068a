/** sortRows against the plain decorate-sort-undecorate it replaced, for every leaf column. */
import { describe, expect, it } from 'vitest'
import type { SessionRow } from '../../src-shared/contract'
import { appIdLabel } from '../../src-renderer/src/format/app-id'
import { COLUMN_DEFS, sortValue, type LeafDef } from '../../src-renderer/src/grid/column-defs'
import { sortRows } from '../../src-renderer/src/grid/sort-rows'
import { simulatedRows } from '../support/renderer-world'

const collator = new Intl.Collator('ru', { sensitivity: 'base', numeric: true })

function reference(list: readonly SessionRow[], leaf: LeafDef, order: 'ascend' | 'descend'): SessionRow[] {
  const dir = order === 'ascend' ? 1 : -1
  const decorated = list.map((r, i) => ({
    r,
    i,
    v: leaf.kind === 'appId' ? appIdLabel(r.appId, 'ru') : sortValue(r, leaf),
  }))
  decorated.sort((a, b) => {
    const c =
      typeof a.v === 'string' && typeof b.v === 'string'
        ? collator.compare(a.v, b.v)
        : a.v < b.v
          ? -1
          : a.v > b.v
            ? 1
            : 0
    return c !== 0 ? c * dir : a.i - b.i
  })
  return decorated.map((d) => d.r)
}

describe('sortRows', () => {
  const rows = simulatedRows({ sessions: 600, seed: 11 })
  // Ties, nulls (-Infinity), negative integers and values too large for the integer keys: a third
  // of the rows share a few values.
  const tied = rows.map((r, i) =>
    i % 3 === 0
      ? { ...r, callsAll: i % 2, sessionId: -(i % 7), lastActiveAt: null, durationCurrent: Number.MAX_VALUE }
      : r,
  )

  it('orders every column as the reference does, both ways, equal values in list order', () => {
    for (const def of COLUMN_DEFS)
      for (const leaf of def.leaves)
        for (const order of ['ascend', 'descend'] as const)
          for (const list of [rows, tied])
            expect(
              sortRows(list, leaf, order, 'ru').map((r) => r.session),
              `${leaf.key} ${order}`,
            ).toEqual(reference(list, leaf, order).map((r) => r.session))
  })

  it('returns the list itself without a column', () => {
    expect(sortRows(rows, undefined, 'ascend', 'ru')).toBe(rows)
  })
})

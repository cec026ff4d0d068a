/** Sorting the session rows by one leaf column: decorate once, compare plain values, stable. Pure. */
import type { SessionRow } from '../../../src-shared/contract'
import { appIdLabel } from '../format/app-id'
import type { UiLocale } from '../format/units'
import { sortValue, type LeafDef } from './column-defs'

const collator = new Intl.Collator('ru', { sensitivity: 'base', numeric: true })

export function sortRows(
  list: readonly SessionRow[],
  leaf: LeafDef | undefined,
  order: 'ascend' | 'descend',
  locale: UiLocale,
): readonly SessionRow[] {
  if (!leaf) return list
  const dir = order === 'ascend' ? 1 : -1
  // The connection type sorts by the label the user reads, not by the raw application id.
  const decorated = list.map((r, i) => ({
    r,
    i,
    v: leaf.kind === 'appId' ? appIdLabel(r.appId, locale) : sortValue(r, leaf),
  }))
  decorated.sort((a, b) => {
    const c =
      typeof a.v === 'string' && typeof b.v === 'string'
        ? collator.compare(a.v, b.v)
        : (a.v as number) < (b.v as number)
          ? -1
          : (a.v as number) > (b.v as number)
            ? 1
            : 0
    return c !== 0 ? c * dir : a.i - b.i
  })
  return decorated.map((d) => d.r)
}

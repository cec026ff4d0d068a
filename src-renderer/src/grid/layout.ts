/** Column layout (choice, order, pins, widths) merged with the known column set. Pure. */
import type { ColumnLayout } from '../stores/preferences'
import { COLUMN_BY_ID, COLUMN_DEFS, PINNABLE_COLUMNS, type ColumnDef } from './column-defs'

/** The user stays in sight while scrolling right to the counters, unless they unpin it. */
export const DEFAULT_PINNED: readonly string[] = ['userName']

export function defaultLayout(): ColumnLayout {
  return {
    order: COLUMN_DEFS.map((c) => c.id),
    visible: COLUMN_DEFS.filter((c) => c.byDefault).map((c) => c.id),
    widths: {},
    pinned: DEFAULT_PINNED.slice(),
  }
}

export const isPinnable = (id: string): boolean => (PINNABLE_COLUMNS as readonly string[]).includes(id)

/** A stored layout made safe: unknown ids dropped, new columns appended (hidden unless default). */
export function normalizeLayout(stored: ColumnLayout | null | undefined): ColumnLayout {
  const base = defaultLayout()
  if (!stored || !Array.isArray(stored.order) || !Array.isArray(stored.visible)) return base
  const order = stored.order.filter((id) => COLUMN_BY_ID.has(id))
  const visible = stored.visible.filter((id) => COLUMN_BY_ID.has(id))
  for (const c of COLUMN_DEFS) if (!order.includes(c.id)) order.push(c.id)
  const widths: Record<string, number> = {}
  for (const [k, v] of Object.entries(stored.widths ?? {}))
    if (typeof v === 'number' && v >= 40 && v <= 1000) widths[k] = v
  // Layouts saved before pins existed get the default pin.
  const pinned = Array.isArray(stored.pinned) ? stored.pinned.filter(isPinnable) : DEFAULT_PINNED.slice()
  return { order, visible, widths, pinned }
}

/** Visible column defs in display order (pinned ones first: fixed columns must lead), minus the ones a view hides. */
export function visibleColumns(layout: ColumnLayout, hidden: readonly string[] = []): ColumnDef[] {
  const vis = new Set(layout.visible)
  const pins = new Set(layout.pinned ?? [])
  const shown = layout.order.filter((id) => vis.has(id) && !hidden.includes(id))
  return [...shown.filter((id) => pins.has(id)), ...shown.filter((id) => !pins.has(id))]
    .map((id) => COLUMN_BY_ID.get(id))
    .filter((c): c is ColumnDef => c !== undefined)
}

export function isPinned(layout: ColumnLayout, id: string): boolean {
  return (layout.pinned ?? []).includes(id)
}

export function togglePin(layout: ColumnLayout, id: string, on: boolean): ColumnLayout {
  if (!isPinnable(id)) return layout
  const pinned = (layout.pinned ?? []).filter((x) => x !== id)
  if (on) pinned.push(id)
  return { ...layout, pinned }
}

export function moveColumn(layout: ColumnLayout, id: string, dir: -1 | 1): ColumnLayout {
  const order = layout.order.slice()
  const i = order.indexOf(id)
  const j = i + dir
  if (i < 0 || j < 0 || j >= order.length) return layout
  ;[order[i], order[j]] = [order[j]!, order[i]!]
  return { ...layout, order }
}

export function toggleColumn(layout: ColumnLayout, id: string, on: boolean): ColumnLayout {
  const visible = layout.visible.filter((x) => x !== id)
  if (on) visible.push(id)
  return { ...layout, visible }
}

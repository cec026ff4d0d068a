/** Click / Ctrl+click / Shift+click / Ctrl+A selection over the visible row order. Pure. */
export interface SelectionState {
  selected: ReadonlySet<string>
  /** Where a Shift range starts. */
  anchor: string | null
}

export function clickSelect(
  state: SelectionState,
  visibleIds: readonly string[],
  id: string,
  mods: { shift: boolean; ctrl: boolean },
): SelectionState {
  if (mods.shift && state.anchor !== null) {
    const a = visibleIds.indexOf(state.anchor)
    const b = visibleIds.indexOf(id)
    if (a >= 0 && b >= 0) {
      const [from, to] = a <= b ? [a, b] : [b, a]
      const range = visibleIds.slice(from, to + 1)
      const selected = new Set(mods.ctrl ? state.selected : [])
      for (const r of range) selected.add(r)
      return { selected, anchor: state.anchor }
    }
  }
  if (mods.ctrl) {
    const selected = new Set(state.selected)
    if (selected.has(id)) selected.delete(id)
    else selected.add(id)
    return { selected, anchor: id }
  }
  return { selected: new Set([id]), anchor: id }
}

export function selectAll(visibleIds: readonly string[]): SelectionState {
  return { selected: new Set(visibleIds), anchor: visibleIds[0] ?? null }
}

/**
 * The session grid without a mouse: which command a key means, and where the focused row moves.
 * Pure. Delete and Ctrl+A are also window-wide shortcuts (composables/shortcuts.ts); the grid
 * handles them only to act on the focused row when nothing is selected.
 *
 *   ↑ ↓ Home End PgUp PgDn  move the focused row   (+Shift: extend the selection to it)
 *   Space / Enter           select or unselect the focused row
 *   Ctrl+A                  select every row shown
 *   Delete                  terminate the selection (or the focused row)
 *   Menu key / Shift+F10    the row menu of the focused row
 *   Esc                     clear the selection
 */
export type GridMove = 'up' | 'down' | 'home' | 'end' | 'pageUp' | 'pageDown'
export type GridKeyCommand =
  | { kind: 'move'; move: GridMove; extend: boolean }
  | { kind: 'toggle' }
  | { kind: 'menu' }
  | { kind: 'clear' }
  | { kind: 'selectAll' }
  | { kind: 'terminate' }

const MOVES: Record<string, GridMove> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  Home: 'home',
  End: 'end',
  PageUp: 'pageUp',
  PageDown: 'pageDown',
}

export function gridKeyCommand(e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>) {
  const ctrl = e.ctrlKey || e.metaKey
  const move = MOVES[e.key]
  let command: GridKeyCommand | null = null
  if (move && !ctrl && !e.altKey) command = { kind: 'move', move, extend: e.shiftKey }
  else if ((e.key === ' ' || e.key === 'Enter') && !ctrl && !e.altKey) command = { kind: 'toggle' }
  else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) command = { kind: 'menu' }
  else if (e.key === 'Escape') command = { kind: 'clear' }
  else if (ctrl && e.key.toLowerCase() === 'a') command = { kind: 'selectAll' }
  else if (e.key === 'Delete') command = { kind: 'terminate' }
  return command
}

/** The row focus lands on after `move` (the first row when none had focus). */
export function moveFocus(
  ids: readonly string[],
  focused: string | null,
  move: GridMove,
  pageSize: number,
): string | null {
  if (ids.length === 0) return null
  const at = focused === null ? -1 : ids.indexOf(focused)
  if (at < 0) return move === 'end' ? ids[ids.length - 1]! : ids[0]!
  const step = { up: -1, down: 1, pageUp: -pageSize, pageDown: pageSize, home: -ids.length, end: ids.length }[move]
  return ids[Math.min(ids.length - 1, Math.max(0, at + step))]!
}

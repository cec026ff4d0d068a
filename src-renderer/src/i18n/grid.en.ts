/** English strings of the session grid: its name and keys, pinning, density, the selection bar (en.ts `grid`). */
export const gridEn = {
  label: 'Sessions',
  keysHint:
    'Arrow keys move between sessions, Space or Enter selects, Shift+arrows extend the selection, Ctrl+A selects all, Delete terminates, Shift+F10 opens the session menu, Esc clears the selection.',
  empty: 'No sessions',
  actionsFor: 'Actions for session {n} ({user})',
  pin: 'Pin',
  pinHint: 'Keep this column at the left while scrolling',
  unpin: 'Unpin',
  density: 'Rows',
  comfortable: 'Comfortable',
  compact: 'Compact',
  selectionBar: 'Selected sessions',
  details: 'Details',
  interrupt: 'Interrupt current call',
  terminate: 'Terminate…',
  clear: 'Clear selection',
  oneOnly: 'Select one session for this.',
  trend: 'Trend (30 min)',
  trendLabel: 'CPU {cpu}, memory {memory} over 30 min (latest values)',
  trendNone: 'No history of this session in the last 30 minutes',
}

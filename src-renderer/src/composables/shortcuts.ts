/** Window-wide shortcuts. Text inputs keep their own Ctrl+A / Del. Esc is left to naive-ui dialogs. */
import { onBeforeUnmount, onMounted } from 'vue'
import { usePreferencesStore } from '../stores/preferences'
import { useTabsStore } from '../stores/tabs'
import { useUiStore } from '../stores/ui'
import { activeCommands } from './commands'

function inTextField(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null
  if (!el || !el.tagName) return false
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable
}

interface Stores {
  prefs: ReturnType<typeof usePreferencesStore>
  tabs: ReturnType<typeof useTabsStore>
  ui: ReturnType<typeof useUiStore>
}

export function handleShortcut(e: KeyboardEvent, { prefs, tabs, ui }: Stores): boolean {
  const ctrl = e.ctrlKey || e.metaKey
  const key = e.key
  const cmd = activeCommands.value
  if (ctrl && (key === '+' || key === '=')) prefs.zoomBy(1)
  else if (ctrl && (key === '-' || key === '_')) prefs.zoomBy(-1)
  else if (ctrl && key === '0') prefs.zoomReset()
  else if (key === 'F1' || (key === '?' && !inTextField(e))) ui.shortcutsOpen = true
  else if (ui.dialogOpen) return false
  else if (key === 'F5' || (ctrl && key.toLowerCase() === 'r')) cmd?.refresh()
  else if (ctrl && key.toLowerCase() === 'f') cmd?.focusSearch()
  else if (ctrl && key.toLowerCase() === 'w') {
    if (tabs.activeId) tabs.close(tabs.activeId)
  } else if (ctrl && key === 'Tab') tabs.next(e.shiftKey ? -1 : 1)
  else if (ctrl && key.toLowerCase() === 'b') {
    // Ctrl+B: the server list; with Shift, the tab's side panel (infobases, lock).
    if (e.shiftKey) ui.toggleSidePanel()
    else ui.toggleSidebar()
  } else if (key === 'Delete' && !inTextField(e)) cmd?.terminateSelected()
  else if (ctrl && key.toLowerCase() === 'a' && !inTextField(e)) cmd?.selectAll()
  else return false
  e.preventDefault()
  return true
}

export function useShortcuts() {
  // Bound to this app's stores at setup, not to whatever pinia is active when a key arrives.
  const stores: Stores = { prefs: usePreferencesStore(), tabs: useTabsStore(), ui: useUiStore() }
  const onKey = (e: KeyboardEvent) => {
    handleShortcut(e, stores)
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}

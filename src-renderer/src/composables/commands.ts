/**
 * Keyboard commands of the active tab (F5, Ctrl+F, Del, Ctrl+A): the visible workspace registers
 * its handlers here; the global key handler calls them.
 */
import { shallowRef } from 'vue'

export interface ViewCommands {
  refresh(): void
  focusSearch(): void
  terminateSelected(): void
  selectAll(): void
}

export const activeCommands = shallowRef<ViewCommands | null>(null)

/**
 * Roles for naive-ui dropdown menus, which render none: `menuAttrs` names the menu, `menuItem`
 * marks an option (with its test id). Pass them as NDropdown's `menu-props` and an option's `props`.
 */
import type { HTMLAttributes } from 'vue'
import { optionAttrs } from './testid'

export function menuItem(testid: string): HTMLAttributes {
  return optionAttrs(testid, { role: 'menuitem' })
}

/** NDropdown's `menu-props` (its DropdownMenuProps: plain string attributes). */
export function menuAttrs(label: string): () => Record<string, string> {
  return () => ({ role: 'menu', 'aria-label': label })
}

/** DOM ids tying the tab buttons to the one tab panel (aria-controls / aria-labelledby). */
export const TAB_PANEL_ID = 'cd-tabpanel'

/** A tab's button id; tab ids hold ':' and other characters an id selector would need escaped. */
export function tabDomId(tabId: string): string {
  return `cd-tab-${tabId.replace(/[^\w-]/g, '_')}`
}

/** English strings of the window frame: landmarks, collapsible panels, tab bar, profile list, keys (en.ts `shell`). */
export const shellEn = {
  workspace: 'Sessions workspace',
  hidePanel: 'Hide panel: {panel}',
  showPanel: 'Show panel: {panel}',
  tabList: 'Open tabs',
  closeTab: 'Close tab {label}',
  profileGroup: 'Group: {group}',
  profileMenu: 'Actions: {name}',
  zoomGroup: 'Zoom',
  keys: {
    switchTab: 'Next / previous tab',
    toggleSidebar: 'Show / hide the server list',
    toggleSidePanel: 'Show / hide the side panel of the tab',
    tabBar: 'In the tab bar: switch tabs; Delete closes the tab',
    tabBarKeys: '← → Home End',
    profileList: 'In the server list: move; Enter connects; → reaches the ⋯ menu',
    profileListKeys: '↑ ↓ Home End, Enter',
  },
}

/** "Find a user everywhere" strings (merged into en.ts as `findUser`). */
export const findUserEn = {
  open: 'Find user',
  openHint: 'Find a user on every open cluster (Ctrl+Shift+F)',
  title: 'Find a user everywhere',
  placeholder: 'User, computer, IP address or infobase',
  scope:
    'Searching {clusters} loaded cluster (open tabs and loaded servers). | Searching {clusters} loaded clusters (open tabs and loaded servers).',
  searchAll: 'Search all saved servers',
  searchAllHint: 'Loads the sessions of every cluster of every saved server',
  typeToSearch: 'Type a user name, computer, IP address or infobase.',
  nothing: 'No session matches on the loaded clusters.',
  found: '{total} session found | {total} sessions found',
  truncated: 'showing the first {shown}: refine the search',
  group: '{server} › {cluster} › {infobase}',
  terminateGroup: 'Terminate these {count}…',
  details: 'Details',
  sleeping: 'sleeping',
  service: 'background',
  started: 'Started ({time})',
  passwordNeeded: 'password needed',
}

/** Notification centre strings (merged into en.ts as `alerts`). */
export const alertsEn = {
  open: 'Alerts',
  openHint: 'Alerts of the watch: long calls, blocked sessions, locks, unreachable servers',
  count: '{n} open',
  title: 'Alerts',
  now: 'Open now',
  latest: 'Latest',
  none: 'No alerts yet. The watch looks at every cluster it refreshes.',
  fired: 'fired',
  cleared: 'cleared',
  at: '{time} (server time)',
  goTo: 'Open the cluster',
  goToHint: 'Open the cluster tab with this session selected',
  allowBrowser: 'Show as browser notifications',
  allowBrowserHint: 'The browser asks once; alerts then show even when this tab is in the background.',
  severity: { info: 'Information', warning: 'Warning', critical: 'Critical' },
}

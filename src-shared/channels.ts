/** The IPC names of the contract's methods (docs/architecture.md §4.3). */
import type { ApiMethod } from './contract'

/** IPC channel per method: bound once in main (ipc.ts), invoked by name in the preload. */
export const CHANNELS = {
  listProfiles: 'profiles:list',
  saveProfile: 'profiles:save',
  deleteProfile: 'profiles:delete',
  duplicateProfile: 'profiles:duplicate',
  testProfile: 'profiles:test',
  exportProfiles: 'profiles:export',
  previewImport: 'profiles:preview-import',
  importProfiles: 'profiles:import',
  previewImportFrom1C: 'profiles:preview-import-1c',
  importFrom1C: 'profiles:import-1c',
  findOneCFiles: 'profiles:find-1c-files',
  previewImportFrom1CFound: 'profiles:preview-import-1c-found',
  importFrom1CFound: 'profiles:import-1c-found',
  createDemoProfile: 'profiles:create-demo',
  unlockProfile: 'profiles:unlock',
  connect: 'clusters:connect',
  listInfobases: 'infobases:list',
  listSessions: 'sessions:list',
  getSession: 'sessions:get',
  terminateSessions: 'sessions:terminate',
  terminateAllSessions: 'sessions:terminate-all',
  interruptCurrentCall: 'sessions:interrupt',
  getInfobaseLock: 'locks:get',
  setInfobaseLock: 'locks:set',
  clearInfobaseLock: 'locks:clear',
  readAuditLog: 'audit:read',
  setUiLanguage: 'app:set-ui-language',
  watchState: 'watch:state',
  watchSettings: 'watch:settings',
  setWatchRules: 'watch:set-rules',
  setProfileWatch: 'watch:set-profile',
  getSessionSurroundings: 'around:session',
  listSessionsOn: 'around:sessions-on',
  getClusterMachinery: 'around:machinery',
  getClusterLicenses: 'around:licenses',
  getFleetLicenses: 'around:fleet-licenses',
  getBlockingChains: 'around:blocking',
  historyStatus: 'history:status',
  setHistorySettings: 'history:set-settings',
  historyTimeline: 'history:timeline',
  historyTop: 'history:top',
  historyUser: 'history:user',
  historyTrends: 'history:trends',
} as const satisfies Record<ApiMethod, string>

export const EVENT_CHANNEL = 'api:event'

export const API_METHODS = Object.keys(CHANNELS) as ApiMethod[]

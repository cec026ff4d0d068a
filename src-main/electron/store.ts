/**
 * The profile file in the Electron app: electron-store in the user-data folder, with the same
 * name, version and migrations that `conf` uses in the CLI, the web preview and tests (no JSON
 * schema: ProfileService checks the file with the one profile schema, services/conf-store.ts).
 */
import { app } from 'electron'
import Store from 'electron-store'
import { join } from 'node:path'
import {
  PROFILE_STORE_MIGRATIONS,
  PROFILE_STORE_NAME,
  PROFILE_STORE_VERSION,
  type OpenProfileStore,
  type ProfileStoreFile,
} from '../services'

function open(): ProfileStoreFile {
  const store = new Store<Record<string, unknown>>({
    name: PROFILE_STORE_NAME,
    projectVersion: PROFILE_STORE_VERSION,
    migrations: PROFILE_STORE_MIGRATIONS as never,
    clearInvalidConfig: false, // a damaged file is kept aside by ProfileService, never wiped
    accessPropertiesByDotNotation: false,
    // The CLI and web previews write this file too: every write must start from what is on disk.
    cache: false,
  })
  return { get: (key) => store.get(key), set: (key, value) => store.set(key, value), path: store.path }
}

export const openElectronProfileStore: OpenProfileStore = Object.assign(open, {
  get path() {
    return join(app.getPath('userData'), `${PROFILE_STORE_NAME}.json`)
  },
})

/**
 * The profile file for Node (tests, CLI, web preview): `conf` with the same name, version and
 * migrations the Electron app gives electron-store, so both read the same `profiles.json`. Neither
 * gets a JSON schema: the one profile schema (src-shared/profile-schema.ts) checks the file before
 * conf opens it and before every write (profile-file.ts), and a damaged file is kept aside.
 */
import { join } from 'node:path'
import Conf from 'conf'
import { PROFILE_STORE_MIGRATIONS, PROFILE_STORE_NAME, PROFILE_STORE_VERSION } from './profile-file'
import type { OpenProfileStore, ProfileStoreFile } from './ports'

export { PROFILE_STORE_MIGRATIONS, PROFILE_STORE_NAME, PROFILE_STORE_VERSION }

/**
 * Opens `<dir>/profiles.json` with conf. ProfileService checks the file and takes the
 * inter-process lock before calling this; conf's own errors on a damaged file are a last resort.
 */
export function openConfStore(dir: string): OpenProfileStore {
  const open = (): ProfileStoreFile => {
    const conf = new Conf<Record<string, unknown>>({
      cwd: dir,
      configName: PROFILE_STORE_NAME,
      projectName: 'ClusterDesk',
      projectVersion: PROFILE_STORE_VERSION,
      migrations: PROFILE_STORE_MIGRATIONS as never,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      // Other processes write this file: every write must start from what is on disk.
      cache: false,
    })
    return {
      get: (key) => conf.get(key),
      set: (key, value) => conf.set(key, value),
      path: conf.path,
    }
  }
  return Object.assign(open, { path: join(dir, `${PROFILE_STORE_NAME}.json`) })
}

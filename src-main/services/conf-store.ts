/**
 * The profile file for Node (tests, CLI, web preview): `conf` with the same name, schema and
 * version the Electron app gives electron-store, so both read the same `profiles.json`.
 */
import { join } from 'node:path'
import Conf from 'conf'
import type { OpenProfileStore, ProfileStoreFile } from './ports'

/** Version of the profile file's layout (not the app's version); bump it with a migration. */
export const PROFILE_STORE_VERSION = '1.0.0'
export const PROFILE_STORE_NAME = 'profiles'

/** The JSON schema conf/electron-store validate the file against (loose per profile on purpose). */
export const PROFILE_STORE_SCHEMA = {
  profiles: {
    type: 'array',
    default: [],
    items: {
      type: 'object',
      required: ['id', 'name', 'host', 'port'],
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        group: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        clusterUser: { type: 'string' },
        clusterPasswordSealed: { type: ['string', 'null'] },
        askClusterPassword: { type: 'boolean' },
        infobaseCredentials: { type: 'array' },
        label: { type: 'string' },
        refreshInterval: { type: 'number' },
        protection: { type: 'string' },
        demo: { type: 'boolean' },
      },
    },
  },
} as const

/** Migrations by store version (conf/electron-store `migrations` option). */
export const PROFILE_STORE_MIGRATIONS = {
  '1.0.0': (store: { has(key: string): boolean; set(key: string, value: unknown): void }) => {
    if (!store.has('profiles')) store.set('profiles', [])
  },
}

/** Opens `<dir>/profiles.json` with conf. Throws SyntaxError / a schema violation on a damaged file. */
export function openConfStore(dir: string): OpenProfileStore {
  const open = (): ProfileStoreFile => {
    const conf = new Conf<Record<string, unknown>>({
      cwd: dir,
      configName: PROFILE_STORE_NAME,
      projectName: 'ClusterDesk',
      projectVersion: PROFILE_STORE_VERSION,
      schema: PROFILE_STORE_SCHEMA as never,
      migrations: PROFILE_STORE_MIGRATIONS as never,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
    })
    return {
      get: (key) => conf.get(key),
      set: (key, value) => conf.set(key, value),
      path: conf.path,
    }
  }
  return Object.assign(open, { path: join(dir, `${PROFILE_STORE_NAME}.json`) })
}

/**
 * Where ClusterDesk keeps its files outside Electron (CLI, web preview), matching Electron's
 * `app.getPath('userData')` for productName "ClusterDesk" so every entry point finds the same
 * profiles. CLUSTERDESK_HOME overrides it (tests, portable use).
 */
import { homedir } from 'node:os'
import { join } from 'node:path'

export const PRODUCT_NAME = 'ClusterDesk'

export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CLUSTERDESK_HOME) return env.CLUSTERDESK_HOME
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME)
}

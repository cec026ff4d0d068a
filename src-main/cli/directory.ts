/**
 * Where a command connects: one host given on the command line or a profile saved by the app, as
 * the `ProfileDirectory` the services ask (docs/architecture.md §3.5). Passwords come from a flag,
 * the environment or a hidden prompt; sealed ones cannot be opened here (docs/architecture.md §7.2).
 */
import { join } from 'node:path'
import type { InfobaseCredentials, ProtectionLevel } from '../../src-shared/contract'
import { defaultUserDataDir } from '../paths'
import type { ClusterTarget, InfobaseLogin, ProfileDirectory, ProfileFacts } from '../services/directory'
import { toApiError } from '../services/errors'
import type { CliOptions } from './args'
import type { CliIo } from './context'
import { CliFailure } from './failure'
import { terminalText } from './output'

export interface CliDirectory extends ProfileDirectory {
  /** Infobase credentials for lock/unlock (flags, env, prompt or the profile's user). */
  infobaseCredentials(infobase: string): Promise<InfobaseCredentials>
}

export async function cliDirectory(o: CliOptions, io: CliIo): Promise<CliDirectory> {
  let host = o.host ?? ''
  let port = o.port
  let user = o.clusterUser ?? ''
  let name = `${host}:${port}`
  let protection: ProtectionLevel = 'normal'
  let savedPassword: 'sealed' | 'ask' | 'none' = 'none'
  let savedInfobaseUsers: Array<{ infobase: string; user: string }> = []
  if (o.profile !== undefined) {
    const profile = await loadProfile(o.profile, io)
    host = profile.host
    port = profile.port
    user = o.clusterUser ?? profile.clusterUser
    name = profile.name
    protection = profile.protection
    savedPassword = profile.hasClusterPassword ? 'sealed' : profile.askClusterPassword ? 'ask' : 'none'
    savedInfobaseUsers = profile.infobaseCredentials
  }
  const server = `${host}:${port}`
  let password: string | null = null
  const clusterPassword = async (): Promise<string> => {
    if (password !== null) return password
    password =
      o.clusterPwd ??
      io.env.CLUSTERDESK_CLUSTER_PWD ??
      (user && io.prompt ? await io.prompt(`Cluster administrator password for ${user}@${server}: `) : null)
    if (password === null) {
      if (savedPassword === 'sealed') {
        throw new CliFailure(
          `the saved password of profile "${name}" is sealed by the ClusterDesk app (OS encryption) and cannot be opened from the command line; pass --cluster-pwd, set CLUSTERDESK_CLUSTER_PWD or run in a terminal to be asked`,
        )
      }
      if (savedPassword === 'ask') {
        throw new CliFailure(
          `profile "${name}" asks for the cluster password every time; pass --cluster-pwd, set CLUSTERDESK_CLUSTER_PWD or run in a terminal to be asked`,
        )
      }
      password = ''
    }
    return password
  }
  const facts: ProfileFacts = { name, protection, server }
  return {
    async target(): Promise<ClusterTarget> {
      return { host, port, user, password: await clusterPassword() }
    },
    facts: () => facts,
    infobaseLogin: async (): Promise<InfobaseLogin | null> => null,
    rememberInfobaseLogin: async () => undefined,
    async infobaseCredentials(infobase: string): Promise<InfobaseCredentials> {
      const ibUser = o.infobaseUser ?? savedInfobaseUsers.find((c) => c.infobase === infobase)?.user ?? ''
      const ibPassword =
        o.infobasePwd ??
        io.env.CLUSTERDESK_INFOBASE_PWD ??
        (ibUser && io.prompt ? await io.prompt(`Infobase administrator password for ${ibUser}: `) : '')
      return { user: ibUser, password: ibPassword, remember: false }
    },
  }
}

async function loadProfile(name: string, io: CliIo) {
  const [{ ProfileService }, { openConfStore }, { SecretUnavailableError }] = await Promise.all([
    import('../services/profiles'),
    import('../services/conf-store'),
    import('../services/ports'),
  ])
  const dir = defaultUserDataDir(io.env)
  const unavailable = () => Promise.reject(new SecretUnavailableError('sealed passwords need the ClusterDesk app'))
  const profiles = new ProfileService({
    openStore: openConfStore(dir),
    secretBox: { isAvailable: async () => false, seal: unavailable, open: unavailable },
  })
  const aside = profiles.keptAsideFiles[0]
  if (aside) {
    throw new CliFailure(
      `the saved profiles file ${aside.file} is damaged (${aside.why}). It was moved to ${aside.movedTo} ` +
        `so nothing in it is lost, and the ClusterDesk app will say so when it starts. To get the ` +
        `profiles back: close ClusterDesk, repair that file (plain JSON) and put it back as ${aside.file}, ` +
        `replacing the new one.`,
    )
  }
  let found
  let known: string[]
  try {
    found = profiles.findByName(name)
    known = found ? [] : profiles.list().map((p) => `"${terminalText(p.name)}"`)
  } catch (e) {
    throw new CliFailure(`cannot read the saved profiles in ${dir}: ${toApiError(e).message}`)
  }
  if (!found) {
    throw new CliFailure(
      `no saved profile named "${terminalText(name)}" in ${join(dir, 'profiles.json')}${known.length ? ` (profiles: ${known.join(', ')})` : ''}`,
    )
  }
  if (found.demo) {
    throw new CliFailure(
      `"${name}" is the app's demo profile; run "clusterdesk simulator" and use --host/--port instead`,
    )
  }
  return found
}

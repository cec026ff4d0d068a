/**
 * The CLI with `--profile`: a profile saved by the app, sealed passwords it cannot open, a damaged
 * profile file, unsafe names, and a read-only profile (docs/architecture.md §7.1–§7.3).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openConfStore } from '../../../src-main/services/conf-store'
import { ProfileService } from '../../../src-main/services/profiles'
import { fakeSecretBox, profileInput, tempDir } from '../services/support'
import { ADMIN, GUARDED_SIMULATOR, cliRig } from './cli-rig'

const rig = cliRig('clusterdesk-cli-profiles-', GUARDED_SIMULATOR)
const { cli } = rig

/** Saves a profile of the simulator into the rig's user-data folder, as the app would. */
async function saveProfile(over: Record<string, unknown>): Promise<void> {
  const profiles = new ProfileService({ openStore: openConfStore(rig.home), secretBox: fakeSecretBox() })
  await profiles.save(profileInput({ host: rig.sim.host, port: rig.sim.port, clusterUser: ADMIN.user, ...over }))
}

describe('clusterdesk --profile', () => {
  it('--profile uses a saved profile; sealed passwords cannot be opened here and say so', async () => {
    await saveProfile({ name: 'Склад прод', clusterPassword: ADMIN.password })
    const sealed = await cli(['sessions', '--profile', 'склад прод', '--cluster', rig.cluster, '--json'])
    expect(sealed.code).toBe(1)
    expect(sealed.stderr).toContain('sealed by the ClusterDesk app')
    expect(sealed.stderr).toContain('CLUSTERDESK_CLUSTER_PWD')
    const ok = await cli(['sessions', '--profile', 'Склад прод', '--cluster', rig.cluster, '--json'], {
      CLUSTERDESK_CLUSTER_PWD: ADMIN.password,
    })
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout).length).toBe(rig.sim.world.sessions(rig.cluster).length)
    const missing = await cli(['clusters', '--profile', 'Нет такого'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('no saved profile named "Нет такого"')
    expect(missing.stderr).toContain('"Склад прод"')
  })

  it('--profile with a damaged profile file: kept aside, said in plain words, exit 1, the app is told', async () => {
    const other = await tempDir('clusterdesk-cli-damaged-')
    try {
      const file = join(other.dir, 'profiles.json')
      const truncated = '{"profiles": [{"id": "a", "name": "Prod", "host": "srv", "port": 15'
      writeFileSync(file, truncated)
      const r = await cli(['sessions', '--profile', 'Prod'], { CLUSTERDESK_HOME: other.dir })
      expect(r.code).toBe(1)
      expect(r.stdout).toBe('')
      expect(r.stderr).not.toContain('no saved profile named')
      const movedTo = /moved to (\S+) /.exec(r.stderr)?.[1]
      expect(r.stderr).toContain(`the saved profiles file ${file} is damaged`)
      expect(movedTo).toMatch(/profiles\.json\.corrupt-/)
      expect(r.stderr).toContain(`put it back as ${file}`)
      expect(readFileSync(movedTo!, 'utf8')).toBe(truncated)
      // the app started afterwards shows where the file went
      const app = new ProfileService({ openStore: openConfStore(other.dir), secretBox: fakeSecretBox() })
      expect((await app.state()).notices).toEqual([{ kind: 'corrupt-file-moved', movedTo }])
      expect(existsSync(file)).toBe(true)
    } finally {
      await other.remove()
    }
  })

  it('--profile refuses control and bidi characters without echoing them raw', async () => {
    const r = await cli(['sessions', '--profile', 'Prod\u001b]0;owned\u0007'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('contains a control character (U+001B)')
    expect(r.stderr).not.toContain('\u001b')
  })

  it('a read-only profile refuses to terminate', async () => {
    await saveProfile({ name: 'RO', clusterPassword: null, protection: 'read-only' })
    const s = rig.sim.world.sessions(rig.cluster)[0]!
    const r = await cli(['terminate', '--profile', 'RO', '--cluster', rig.cluster, '--session', s.session], {
      CLUSTERDESK_CLUSTER_PWD: ADMIN.password,
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('read-only')
    expect(rig.sim.world.sessions(rig.cluster).some((x) => x.session === s.session)).toBe(true)
  })
})

/**
 * What a session list leaves in main once its answer has gone: the services keep the few columns
 * a later lookup reads (terminate and the audit name sessions by them), not the whole table. The
 * table of 50,000 sessions is ~36 MB; holding it until the next refresh made every scavenge of that
 * refresh copy it (npm run bench, items 4a and 8).
 */
import { describe, expect, it, vi } from 'vitest'
import { createApi } from '../../../src-main/api'
import { gc } from '../../bench/harness'
import { startServicesWorld } from './world'

describe('what a list leaves behind', () => {
  it('keeps only the lookup columns once answered, while the look around the cluster is still being read', async () => {
    const world = await startServicesWorld()
    try {
      const { services, profile, cluster } = world
      const api = createApi(services, () => undefined)
      // Only WeakRefs leave this function: the caller has dropped the answer, as the window does.
      const answered = async () => {
        const r = await api.listSessions(profile.id, cluster)
        if (!r.ok) throw new Error(r.error.message)
        const c = r.value.sessions.columns
        return { table: new WeakRef(c), appId: new WeakRef(c.appId), session: new WeakRef(c.session) }
      }
      const refs = await answered()
      await new Promise((resolve) => setTimeout(resolve, 0)) // WeakRef targets live to the end of the job
      gc()
      expect(refs.table.deref(), 'the table is still held').toBeUndefined()
      expect(refs.appId.deref(), 'a column no lookup reads is still held').toBeUndefined()
      expect(refs.session.deref(), 'the sessions are looked up by uuid').toBeDefined()
      // …and terminating names a session of that list from what was kept, without listing again.
      const relist = vi.spyOn(services.sessions, 'listSessionRows')
      const target = world.sim.world.sessions(cluster)[0]!
      const report = await services.sessions.terminateSessions(profile.id, cluster, [target.session], 'bye')
      expect(report.results).toEqual([
        { session: target.session, sessionId: target.sessionId, userName: target.userName, outcome: 'terminated' },
      ])
      expect(relist).not.toHaveBeenCalled()
    } finally {
      await world.stop()
    }
  })
})

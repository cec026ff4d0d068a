/**
 * Item 6: bulk terminate of N sessions with one outcome per session, through the api (zod
 * validation, SessionService, ClusterPool, audit line). Reference: the same number of
 * TERMINATE_SESSION round trips straight over RasClient on as many connections as the pool uses.
 */
import { RasClient } from '../../src-main/ras/client'
import { mapBounded } from '../../src-shared/limit'
import { fmtInt, fmtRate, gc, ratioOf, summarize, type BenchRow, type RunOptions } from './harness'
import { benchServices } from './services'
import { CLUSTER_ADMIN, type SimAddress } from './sim-host'

export const TERMINATE_TARGET_MS = 1000

/** Sessions the simulator must hold: one fresh batch per run, measured and reference. */
export function terminateSessionsNeeded(batch: number, o: RunOptions): number {
  return batch * (o.warmup + 2 * o.runs) + batch
}

export async function benchTerminate(sim: SimAddress, batch: number, o: RunOptions): Promise<BenchRow> {
  const env = await benchServices()
  try {
    const profile = await env.addProfile(sim, 'terminate')
    const listed = await env.api.listSessions(profile, sim.cluster)
    if (!listed.ok) throw new Error(`listSessions failed: ${listed.error.message}`)
    const ids = [...listed.value.sessions.columns.session]
    const batches = () => {
      const next = ids.splice(0, batch)
      if (next.length < batch) throw new Error('terminate: the simulator ran out of sessions')
      return next
    }
    const connections = env.services.pool.maxConnections
    const measured: number[] = []
    const reference: number[] = []
    for (let i = 0; i < o.warmup + o.runs; i++) {
      const chosen = batches()
      gc()
      const t0 = performance.now()
      const r = await env.api.terminateSessions(profile, sim.cluster, chosen, 'bench: maintenance')
      const ms = performance.now() - t0
      if (!r.ok) throw new Error(`terminateSessions failed: ${r.error.message}`)
      if (r.value.results.length !== batch || r.value.terminated !== batch) {
        throw new Error(`terminate: ${r.value.terminated}/${r.value.results.length} of ${batch} terminated`)
      }
      if (i >= o.warmup) measured.push(ms)
    }
    const clients = await Promise.all(
      Array.from({ length: connections }, async () => {
        const c = await RasClient.connect({ host: sim.host, port: sim.port })
        await c.authenticateCluster(sim.cluster, CLUSTER_ADMIN.user, CLUSTER_ADMIN.password)
        return c
      }),
    )
    try {
      for (let i = 0; i < o.runs; i++) {
        const chosen = batches()
        const free = [...clients]
        gc()
        const t0 = performance.now()
        await mapBounded(chosen, connections, async (id) => {
          const c = free.pop()!
          try {
            await c.terminateSession(sim.cluster, id, 'bench: maintenance')
          } finally {
            free.push(c)
          }
        })
        reference.push(performance.now() - t0)
      }
    } finally {
      await Promise.all(clients.map((c) => c.close()))
    }
    const m = summarize(measured)
    const r = summarize(reference)
    return {
      item: '6',
      what: 'bulk terminate via api, per-session outcomes',
      size: `${fmtInt(batch)} sessions, ${connections} connections`,
      median: m.median,
      unit: 'ms',
      throughput: fmtRate(batch / (m.median / 1000), 'session'),
      reference: `bare RasClient ×${connections}`,
      referenceValue: r.median,
      ratio: ratioOf(m.median, r.median),
      target: `≤ ${TERMINATE_TARGET_MS} ms`,
      met: m.median <= TERMINATE_TARGET_MS,
      figures: { samples: m.samples, referenceSamples: r.samples, progressEvents: env.events.length },
    }
  } finally {
    await env.dispose()
  }
}

/**
 * Item 8 (main): heap the main process needs to hold N sessions — heapUsed after a full GC while
 * the SessionList returned by the api is held (the services keep their own row cache too, as in
 * the app), minus heapUsed after a full GC before the call. The simulator's world is not in this
 * process (see sim-host.ts). Reference: the same list's bytes on the wire. Also shown: what the
 * services keep once the caller has dropped the list (the columns a session lookup reads).
 */
import { fmtInt, gc, MB, type BenchRow } from './harness'
import { benchServices } from './services'
import type { SimAddress } from './sim-host'

export const MAIN_HEAP_TARGET_MB = 150

export async function benchMainMemory(sim: SimAddress, sessions: number, wireBytes: number): Promise<BenchRow> {
  const env = await benchServices()
  try {
    const profile = await env.addProfile(sim, 'memory')
    // Keeps the api's result in `holder` only, so dropping it there really frees it.
    const listInto = async (holder: { list: unknown }): Promise<number> => {
      const r = await env.api.listSessions(profile, sim.cluster)
      if (!r.ok) throw new Error(`memory: ${r.error.message}`)
      holder.list = r
      return r.value.sessions.count
    }
    // Connection, login and infobase names in place first, so only the list itself is counted.
    await env.services.sessions.listInfobases(profile, sim.cluster)
    gc()
    const before = process.memoryUsage()
    const holder: { list: unknown } = { list: null }
    const count = await listInto(holder)
    if (count !== sessions) throw new Error(`memory: listed ${count} sessions, expected ${sessions}`)
    gc()
    const holding = process.memoryUsage()
    holder.list = null
    gc()
    const cacheOnly = process.memoryUsage()
    const delta = (holding.heapUsed - before.heapUsed) / MB
    const cacheMb = (cacheOnly.heapUsed - before.heapUsed) / MB
    return {
      item: '8',
      what: 'main heap holding the session list (+ services cache)',
      size: `${fmtInt(sessions)} sessions`,
      median: delta,
      unit: 'MB',
      throughput: `${fmtInt((delta * MB) / sessions)} B/session · ${cacheMb.toFixed(1)} MB kept once the list is dropped`,
      reference: 'the list on the wire',
      referenceValue: wireBytes / MB,
      ratio: delta / (wireBytes / MB),
      target: `≤ ${MAIN_HEAP_TARGET_MB} MB`,
      met: delta <= MAIN_HEAP_TARGET_MB,
      figures: {
        heapUsedBefore: before.heapUsed,
        heapUsedHolding: holding.heapUsed,
        heapUsedAfterRelease: cacheOnly.heapUsed,
        servicesCacheMb: cacheMb,
        sessionListMb: delta - cacheMb,
        externalDeltaMb: (holding.external - before.external) / MB,
        arrayBuffersDeltaMb: (holding.arrayBuffers - before.arrayBuffers) / MB,
        rssDeltaMb: (holding.rss - before.rss) / MB,
      },
    }
  } finally {
    await env.dispose()
  }
}

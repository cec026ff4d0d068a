/**
 * Item 8 (main): heap the main process needs to hold N sessions — heapUsed after a full GC while
 * the SessionList returned by the api is held (the services keep their own row cache too, as in
 * the app), minus heapUsed after a full GC before the call. The simulator's world is not in this
 * process (see sim-host.ts). Reference: the same list's bytes on the wire.
 */
import { fmtInt, gc, MB, type BenchRow } from './harness'
import { benchServices } from './services'
import type { SimAddress } from './sim-host'

export const MAIN_HEAP_TARGET_MB = 150

export async function benchMainMemory(sim: SimAddress, sessions: number, wireBytes: number): Promise<BenchRow> {
  const env = await benchServices()
  try {
    const profile = await env.addProfile(sim, 'memory')
    // Connection, login and infobase names in place first, so only the list itself is counted.
    await env.services.sessions.listInfobases(profile, sim.cluster)
    gc()
    const before = process.memoryUsage()
    let held: unknown = await env.api.listSessions(profile, sim.cluster)
    gc()
    const holding = process.memoryUsage()
    const listResult = held as { ok: boolean; value?: { sessions: { count: number } } }
    if (!listResult.ok || listResult.value?.sessions.count !== sessions) throw new Error('memory: list failed')
    held = null
    gc()
    const cacheOnly = process.memoryUsage()
    void held
    const delta = (holding.heapUsed - before.heapUsed) / MB
    const cacheMb = (cacheOnly.heapUsed - before.heapUsed) / MB
    return {
      item: '8',
      what: 'main heap holding the session list (+ services cache)',
      size: `${fmtInt(sessions)} sessions`,
      median: delta,
      unit: 'MB',
      throughput: `${fmtInt((delta * MB) / sessions)} B/session`,
      reference: `wire bytes ${(wireBytes / MB).toFixed(1)} MB`,
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

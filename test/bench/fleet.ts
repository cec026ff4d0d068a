/**
 * Item 5: a fleet — N profiles × M sessions refreshed in parallel through the services (the
 * ClusterPool underneath), cold (connect + login + list) and warm (pooled connections). Then the
 * same with one server that stalls: the healthy ones must finish as fast as without it.
 * Reference: N bare sockets doing the same conversations in parallel, plus the buffer decode of
 * every reply.
 */
import { bareListSessions, listBodyOf } from './bare-socket'
import { decodeSessions } from './decode'
import { fmtInt, fmtRate, gc, median, ratioOf, summarize, type BenchRow, type RunOptions, type Timing } from './harness'
import { benchServices, type BenchServices } from './services'
import { CLUSTER_ADMIN, type SimAddress } from './sim-host'

/**
 * Ratios to the same-run reference: cold (connect, login, list) and warm (pooled) against bare
 * sockets doing the same; the healthy ones of a fleet with a stalled server against the same
 * fleet without it (noise on a shared machine is ±15 %, so "not delayed" allows 1.3×).
 */
export const FLEET_TARGET_RATIO = { cold: 2, warm: 1.5, stalled: 1.3 }

/** How long the stalled server is given before its refresh fails (not waited for in the timing). */
const STALL_TIMEOUT_MS = 3000

interface Fleet {
  env: BenchServices
  profiles: Array<{ id: string; sim: SimAddress }>
}

async function fleet(sims: readonly SimAddress[]): Promise<Fleet> {
  const env = await benchServices({ requestTimeoutMs: STALL_TIMEOUT_MS, connectTimeoutMs: STALL_TIMEOUT_MS })
  const profiles = []
  for (const [i, sim] of sims.entries()) profiles.push({ id: await env.addProfile(sim, `fleet ${i}`), sim })
  return { env, profiles }
}

/** Refreshes every profile at once; resolves with the ms until all of `healthy` have their list. */
async function refresh(f: Fleet, perCluster: number, stalled: ReadonlySet<string> = new Set()): Promise<number> {
  const t0 = performance.now()
  const all = f.profiles.map(async (p) => {
    const r = await f.env.services.sessions.listSessions(p.id, p.sim.cluster)
    if (r.sessions.count !== perCluster) throw new Error(`fleet: ${r.sessions.count} sessions, expected ${perCluster}`)
  })
  const healthy = all.filter((_, i) => !stalled.has(f.profiles[i]!.id))
  await Promise.all(healthy)
  const ms = performance.now() - t0
  for (const p of all) p.catch(() => undefined) // the stalled one fails later, by design
  return ms
}

async function bareFleet(sims: readonly SimAddress[], perCluster: number): Promise<number> {
  const t0 = performance.now()
  const replies = await Promise.all(sims.map((s) => bareListSessions(s, CLUSTER_ADMIN.user, CLUSTER_ADMIN.password)))
  for (const reply of replies) {
    const { buf, start } = listBodyOf(reply)
    if (decodeSessions({ sessions: perCluster, buf, start }) !== perCluster) throw new Error('bare fleet: short list')
  }
  return performance.now() - t0
}

export async function benchFleet(
  healthy: readonly SimAddress[],
  stalledSim: SimAddress,
  perCluster: number,
  o: RunOptions,
): Promise<BenchRow[]> {
  const n = healthy.length
  const total = n * perCluster
  const cold: number[] = []
  const coldRef: number[] = []
  const warm: number[] = []
  const warmRef: number[] = []
  // Cold: a fresh set of services (no connections) per run.
  for (let i = 0; i < o.warmup + Math.max(1, Math.ceil(o.runs / 2)); i++) {
    const f = await fleet(healthy)
    try {
      gc()
      const ms = await refresh(f, perCluster)
      // The watch's look at each new cluster's servers and licences (once a minute, a few at a
      // time) goes on after the lists: the reference is taken once it is done, on quiet simulators.
      await f.env.services.watch.idle()
      gc()
      const ref = await bareFleet(healthy, perCluster)
      if (i >= o.warmup) {
        cold.push(ms)
        coldRef.push(ref)
      }
      // Warm: the same services again, connections pooled and logged in.
      if (i === o.warmup) {
        for (let k = 0; k < o.warmup; k++) await refresh(f, perCluster)
        for (let k = 0; k < o.runs; k++) {
          gc()
          warm.push(await refresh(f, perCluster))
          gc()
          warmRef.push(await bareFleet(healthy, perCluster))
        }
      }
    } finally {
      await f.env.dispose()
    }
  }
  // One stalled server among the healthy ones: time until the healthy ones are done.
  const withStall = [...healthy.slice(0, n - 1), stalledSim]
  const stalledCold: number[] = []
  const stalledWarm: number[] = []
  const noStallWarm: number[] = []
  for (let i = 0; i < Math.max(1, Math.ceil(o.runs / 2)); i++) {
    const f = await fleet(withStall)
    try {
      const stalledId = new Set([f.profiles[n - 1]!.id])
      gc()
      stalledCold.push(await refresh(f, perCluster, stalledId))
      await f.env.services.watch.idle() // as a refresh a while later finds it (the stalled look timed out)
      gc()
      stalledWarm.push(await refresh(f, perCluster, stalledId))
    } finally {
      await f.env.dispose()
    }
  }
  {
    const f = await fleet(healthy.slice(0, n - 1))
    try {
      await refresh(f, perCluster)
      await f.env.services.watch.idle()
      for (let i = 0; i < Math.max(1, Math.ceil(o.runs / 2)); i++) {
        gc()
        noStallWarm.push(await refresh(f, perCluster))
      }
    } finally {
      await f.env.dispose()
    }
  }

  const size = `${n} × ${fmtInt(perCluster)} sessions`
  const withStallSize = `${n - 1} × ${fmtInt(perCluster)} + 1 stalled`
  const c = summarize(cold)
  const w = summarize(warm)
  const sc = summarize(stalledCold)
  const sw = summarize(stalledWarm)
  const nsw = median(noStallWarm)
  const throughput = (t: Timing) => fmtRate(total / (t.median / 1000), 'rec')
  return [
    fleetRow('fleet refresh via services, cold (connect+login+list)', FLEET_TARGET_RATIO.cold, size, c, throughput(c), {
      reference: `${n} bare sockets + decode`,
      value: median(coldRef),
      samples: coldRef,
    }),
    fleetRow('fleet refresh via services, warm (pooled connections)', FLEET_TARGET_RATIO.warm, size, w, throughput(w), {
      reference: `${n} bare sockets + decode`,
      value: median(warmRef),
      samples: warmRef,
    }),
    fleetRow(
      `fleet with 1 stalled server: the ${n - 1} healthy ones, cold`,
      FLEET_TARGET_RATIO.stalled,
      withStallSize,
      sc,
      '',
      {
        reference: `${n} healthy, cold`,
        value: c.median,
        figures: { stalledRequestTimeoutMs: STALL_TIMEOUT_MS },
      },
    ),
    fleetRow(
      `fleet with 1 stalled server: the ${n - 1} healthy ones, warm`,
      FLEET_TARGET_RATIO.stalled,
      withStallSize,
      sw,
      '',
      {
        reference: `${n - 1} healthy alone, warm`,
        value: nsw,
        samples: noStallWarm,
      },
    ),
  ]
}

/** One item-5 row: a timing next to its reference, measured in the same run, and the ratio allowed. */
function fleetRow(
  what: string,
  maxRatio: number,
  size: string,
  t: Timing,
  throughput: string,
  ref: { reference: string; value: number; samples?: number[]; figures?: Record<string, unknown> },
): BenchRow {
  const ratio = ratioOf(t.median, ref.value)
  return {
    item: '5',
    what,
    size,
    median: t.median,
    unit: 'ms',
    throughput,
    reference: ref.reference,
    referenceValue: ref.value,
    ratio,
    target: `≤ ${maxRatio}× ref`,
    met: ratio !== null && ratio <= maxRatio,
    figures: { samples: t.samples, ...(ref.samples ? { referenceSamples: ref.samples } : {}), ...ref.figures },
  }
}

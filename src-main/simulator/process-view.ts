/**
 * A working process as rac shows it at the moment of the request: its connection count is the
 * connections the cluster has on it now, and its available performance falls as it fills up and
 * grows in memory (a stopped or restarting process offers none).
 */
import type { ProcessRecord } from '../ras/records'
import type { SimCluster } from './model'

export function refreshProcessFigures(cluster: SimCluster): ProcessRecord[] {
  const counts = new Map<string, number>()
  for (const c of cluster.connections.values()) counts.set(c.process, (counts.get(c.process) ?? 0) + 1)
  for (const p of cluster.processes) {
    p.connections = counts.get(p.process) ?? 0
    const gigabytes = p.memorySize / 1_000_000
    p.availablePerformance =
      p.enable && p.running === 1 ? Math.max(10, Math.round(320 - p.connections * 0.4 - gigabytes * 12)) : 0
  }
  return cluster.processes
}

/** Item 7 and the renderer half of item 8 (placeholder until the grid module lands). */
import type { BenchRow } from './harness'

export interface GridOptions {
  root: string
  sessions: number
  runs: number
  log?: (line: string) => void
}

export async function benchGrid(_o: GridOptions): Promise<BenchRow[]> {
  return []
}

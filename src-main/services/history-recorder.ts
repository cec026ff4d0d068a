/**
 * Keeps the history of what the app already reads (issue 17): every full session list of a
 * cluster the services fetch becomes a sample, at most one per cluster per interval (the app
 * refreshes every few seconds; the history wants one a minute). The store is a port
 * (src-main/history/history-port.ts), opened at the first sample rather than at start (opening
 * checks the whole file); a failing store is logged, never in the way of a list, and a sample is
 * written after its list has been answered.
 */
import type { SessionTable } from '../../src-shared/contract'
import type { HistoryStore } from '../history/history-port'
import { buildSample, sampleTime } from '../history/sample'
import type { Clock } from './ports'

export interface FullList {
  profileId: string
  cluster: string
  /** `host:port` of the RAS server. */
  server: string
  table: SessionTable
  /** The server's now when known (ServerClock); null → the desktop's wall clock. */
  serverNow: number | null
}

export class HistoryRecorder {
  /** `${server}\n${cluster}` → desktop ms of the last sample. */
  private readonly last = new Map<string, number>()
  /** Cluster UUID → its name, as the cluster lists showed it (the background recorder tells). */
  readonly clusterNames = new Map<string, string>()

  constructor(
    /** The store, opened at its first use (HistoryService); null when it cannot be. */
    private readonly store: () => HistoryStore | null,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
    /** The interval (the history settings' everySeconds). */
    private readonly everyMs: () => number = () => 60_000,
  ) {}

  /** The samples being written, in order (see `observe`). */
  private writing: Promise<void> = Promise.resolve()

  /**
   * Takes the list as a sample when its interval has passed. The sample is written just after
   * the list has been answered, not before: 10,000 sessions take ~15 ms to write and their
   * first sample ~95 ms (npm run bench, item 9), which the list on its way to the window need
   * not wait for. `written()` tells when it is in the file.
   */
  observe(list: FullList): void {
    const key = `${list.server}\n${list.cluster}`
    const now = this.clock.now()
    const last = this.last.get(key)
    // A tenth of slack: the background recorder's rounds, an interval apart, must not be skipped
    // for arriving a few ms early.
    if (last !== undefined && now - last < this.everyMs() * 0.9) return
    this.last.set(key, now)
    this.writing = this.writing.then(
      () =>
        new Promise<void>((resolve) =>
          setImmediate(() => {
            this.write(key, list, now)
            resolve()
          }),
        ),
    )
  }

  /** Resolves once every sample taken so far is written (or its failure logged). */
  written(): Promise<void> {
    return this.writing
  }

  /** Never throws: it runs after the list was answered, where nobody could catch it. */
  private write(key: string, list: FullList, now: number): void {
    try {
      const store = this.store()
      if (store === null) {
        this.last.delete(key) // the next list tries again
        return
      }
      store.record(
        buildSample(
          { cluster: list.cluster, server: list.server, clusterName: this.clusterNames.get(list.cluster) ?? '' },
          sampleTime(list.serverNow, now),
          list.table,
        ),
      )
    } catch (e) {
      this.log(`history: recording ${list.server} ${list.cluster} failed: ${(e as Error).message}`)
    }
  }
}

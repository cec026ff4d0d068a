/**
 * The main-process services, wired. Electron, the web preview and tests call createServices with
 * their own ports; nothing here imports Electron.
 */
import { AlertLog } from './alert-log'
import { AroundService } from './around'
import { AuditLog } from './audit'
import { BackgroundRecorder, systemScheduler, type Scheduler } from './background-recorder'
import { ClusterPool, type ClusterPoolOptions } from './cluster-pool'
import { HistoryMarks } from './history-marks'
import { HistoryRecorder, type FullList } from './history-recorder'
import { HistoryService, type AppHistory } from './history'
import { LockService } from './locks'
import { systemClock, type Clock, type DemoCluster, type OpenProfileStore, type SecretBox } from './ports'
import { ProfileService } from './profiles'
import { ServerClock } from './server-clock'
import { SessionService } from './sessions'
import { WatchService } from './watch-service'

export { AlertLog, ALERTS_FILE_NAME } from './alert-log'
export { AroundService } from './around'
export { AuditLog, AUDIT_FILE_NAME } from './audit'
export { ClusterPool, type ClusterPoolOptions, type Lease } from './cluster-pool'
export { LockService } from './locks'
export { HistoryService, type AppHistory } from './history'
export { BackgroundRecorder, systemScheduler, type Scheduler } from './background-recorder'
export { ProfileService, type StoredProfile, type ExportedProfile, EXPORT_FORMAT } from './profiles'
export { ServerClock } from './server-clock'
export { SessionService, type ProgressListener } from './sessions'
export { sessionRow, sessionTable, type RowContext } from './session-rows'
export { searchSessions, sessionMatches, searchTerms, foldSearchText } from './session-search'
export { ServiceError, toApiError, describeError } from './errors'
export type { ClusterTarget, InfobaseLogin, ProfileDirectory, ProfileFacts } from './directory'
export {
  SecretUnavailableError,
  systemClock,
  type Clock,
  type DemoCluster,
  type OpenProfileStore,
  type ProfileStoreFile,
  type SecretBox,
} from './ports'
export { openConfStore, PROFILE_STORE_MIGRATIONS, PROFILE_STORE_NAME, PROFILE_STORE_VERSION } from './conf-store'

export interface ServicesOptions {
  openStore: OpenProfileStore
  secretBox: SecretBox
  /** JSON-lines audit file, e.g. `<userData>/audit.jsonl`. */
  auditFile: string
  /**
   * JSON-lines file of the watch's alerts, e.g. `<userData>/alerts.jsonl`: the notification
   * centre's history survives a restart. None: kept in memory only.
   */
  alertsFile?: string | null
  clock?: Clock
  demo?: DemoCluster
  log?: (line: string) => void
  /** Pool tuning (tests: short idle time and timeouts). */
  pool?: ClusterPoolOptions
  /**
   * Opens the store where every full session list is kept as history (one sample per cluster a
   * minute); called at the first list or history call, so checking a large file never delays the
   * start (openHistoryForApp). None: not kept, and the history answers are empty.
   */
  openHistory?: (() => AppHistory) | null
  /**
   * Record profiles marked "Record history" in the background (needs `openHistory`): true for the
   * real clock and timers, or a Scheduler (tests). Off by default.
   */
  backgroundHistory?: boolean | Scheduler
  /**
   * The watch also reads each cluster's servers and licences once a minute (idle-server and
   * licence rules; default on). Off: it judges only what the lists show.
   */
  watchAround?: boolean
  /** Where "Import from 1C" looks for the 1C tools' files; default %APPDATA% (one-c-places.ts). */
  oneCAppData?: string | null
}

export interface Services {
  profiles: ProfileService
  pool: ClusterPool
  sessions: SessionService
  locks: LockService
  audit: AuditLog
  /** Alerts from every list the services read (issue 19). */
  watch: WatchService
  /** What surrounds sessions: processes, connections, locks, licences, blocking chains (issue 18). */
  around: AroundService
  history: HistoryService
  /** Closes every connection and stops the demo cluster if it was started. */
  dispose(): Promise<void>
}

const noHistory = (): AppHistory => ({
  file: '',
  store: null,
  keptAside: null,
  unavailable: 'history is not kept in this run',
})

export function createServices(o: ServicesOptions): Services {
  const clock = o.clock ?? systemClock
  const log = o.log ?? (() => undefined)
  const profiles = new ProfileService({
    openStore: o.openStore,
    secretBox: o.secretBox,
    clock,
    demo: o.demo,
    log,
    oneCAppData: o.oneCAppData,
  })
  const pool = new ClusterPool(profiles, { log, ...o.pool })
  const audit = new AuditLog(o.auditFile, clock, log)
  const serverClock = new ServerClock(clock)
  const sessions = new SessionService(profiles, pool, audit, serverClock, clock)
  const locks = new LockService(profiles, pool, audit, serverClock, sessions.knownLocks, clock)
  const around = new AroundService(profiles, profiles, pool, sessions, serverClock)
  const watch = new WatchService(
    sessions,
    clock,
    o.watchAround === false ? null : around,
    (id) => profiles.watchFor(id),
    o.alertsFile ? new AlertLog(o.alertsFile, log) : null,
  )
  sessions.onListFailed = (id, cluster, e) => watch.observeFailure(id, cluster, e)
  const history = new HistoryService(o.openHistory ?? noHistory, profiles)
  let background: BackgroundRecorder | null = null
  let recordList: ((list: FullList) => void) | null = null
  if (o.openHistory) {
    const recorder = new HistoryRecorder(
      () => history.store(),
      clock,
      log,
      () => history.settings().everySeconds * 1000,
    )
    recordList = (list) => recorder.observe(list)
    history.recorder = recorder
    const marks = new HistoryMarks(
      () => history.store(),
      serverClock,
      clock,
      (cluster, infobase) => sessions.infobaseNameOf(cluster, infobase),
      log,
    )
    locks.onLockRead = (read) => marks.lockRead(read)
    audit.onRecord = (entry) => marks.audited(entry)
    if (o.backgroundHistory) {
      background = new BackgroundRecorder(
        {
          marked: () => profiles.list().flatMap((p) => (p.recordHistory ? [p.id] : [])),
          clusters: (id) => pool.listClusters(id),
          list: async (id, cluster, name) => {
            recorder.clusterNames.set(cluster, name)
            const { serverNow } = await sessions.listSessions(id, cluster)
            await recorder.written() // a round is over once its samples are in the file
            return serverNow
          },
          everyMs: () => history.settings().everySeconds * 1000,
          log,
        },
        o.backgroundHistory === true ? systemScheduler : o.backgroundHistory,
      )
      history.background = background
    }
  }
  sessions.onFullList = (list) => {
    recordList?.(list)
    watch.observeList(list)
  }
  profiles.onChange((id) => {
    pool.invalidate(id)
    sessions.invalidate(id)
    background?.sync()
  })
  background?.sync()
  let disposed: Promise<void> | null = null
  return {
    profiles,
    pool,
    sessions,
    locks,
    audit,
    watch,
    around,
    history,
    dispose() {
      disposed ??= (async () => {
        await background?.stop() // before the connections it may be using go
        await pool.dispose()
        await watch.alertsWritten()
        await history.written() // the samples of the last lists
        history.close()
        await o.demo?.stop().catch((e: unknown) => log(`demo: stop failed: ${(e as Error).message}`))
      })()
      return disposed
    },
  }
}

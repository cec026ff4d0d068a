/**
 * Fleet view: every saved profile loaded in parallel (at most FLEET_CONCURRENCY servers at once)
 * — connect, then per cluster its infobases, a session count split active / sleeping / service,
 * and each infobase's lock as the server's clock has it: in effect now, scheduled or expired. Each
 * profile fills in on its own as it answers.
 * "Ask every time" profiles are never prompted here: they show "password needed".
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import type {
  ApiError,
  ClusterDto,
  ConnectionInfo,
  InfobaseDto,
  LockPhase,
  ServerTime,
} from '../../../src-shared/contract'
import { call } from '../api'
import {
  addCounts,
  countSessions,
  fleetStatusOf,
  NO_SESSIONS,
  type FleetStatus,
  type SessionCounts,
} from '../format/fleet'
import { createLimiter } from '../../../src-shared/limit'
import { useProfilesStore } from './profiles'

/** Servers loaded at once. */
export const FLEET_CONCURRENCY = 6
/** Lock probes per server at once. */
const LOCK_PROBES = 2

/** An infobase with sessions-deny on, and where its period stands on the server's clock. */
export interface FleetLock {
  infobase: string
  name: string
  phase: Exclude<LockPhase, 'off'>
  from: ServerTime
  to: ServerTime
}

export interface FleetCluster {
  cluster: ClusterDto
  loading: boolean
  infobases: InfobaseDto[] | null
  counts: SessionCounts | null
  /** Infobases with a lock: in effect now, scheduled or expired (phase). */
  locked: FleetLock[]
  /** Infobases whose lock could not be read (infobase administrator needed). */
  lockUnknown: number
  error: ApiError | null
}

export interface FleetEntry {
  profileId: string
  status: FleetStatus
  info: ConnectionInfo | null
  clusters: FleetCluster[]
  error: ApiError | null
  /** Desktop time the load finished. */
  loadedAt: number | null
}

export const useFleetStore = defineStore('fleet', () => {
  const profiles = useProfilesStore()
  const open = ref(false)
  const entries = reactive<Record<string, FleetEntry>>({})
  const lastLoadAt = ref<number | null>(null)
  let generation = 0

  const loading = computed(() => Object.values(entries).some((e) => e.status === 'loading'))

  function totals(e: FleetEntry) {
    let counts: SessionCounts = NO_SESSIONS
    let infobases = 0
    let locked = 0
    let scheduled = 0
    for (const c of e.clusters) {
      if (c.counts) counts = addCounts(counts, c.counts)
      infobases += c.infobases?.length ?? 0
      for (const l of c.locked) {
        if (l.phase === 'active') locked++
        else if (l.phase === 'scheduled') scheduled++
      }
    }
    /** locked: in effect now; scheduled: starting later. */
    return { counts, infobases, locked, scheduled }
  }

  /** Reloads every saved profile. A load still running for an older call is dropped. */
  async function refresh(): Promise<void> {
    const gen = ++generation
    lastLoadAt.value = Date.now()
    const limit = createLimiter(FLEET_CONCURRENCY)
    const ids = profiles.profiles.map((p) => p.id)
    for (const key of Object.keys(entries)) if (!ids.includes(key)) delete entries[key]
    for (const id of ids) entries[id] = blank(id)
    await Promise.all(ids.map((id) => limit(() => loadProfile(id, gen))))
  }

  /** Reloads one profile (e.g. after its password was entered). */
  async function refreshOne(profileId: string): Promise<void> {
    entries[profileId] = blank(profileId)
    await loadProfile(profileId, generation)
  }

  function blank(profileId: string): FleetEntry {
    return { profileId, status: 'loading', info: null, clusters: [], error: null, loadedAt: null }
  }

  async function loadProfile(profileId: string, gen: number): Promise<void> {
    const mine = entries[profileId]
    const current = () => (gen === generation && mine && entries[profileId] === mine ? mine : null)
    if (!current()) return
    const r = await call((a) => a.connect(profileId))
    const entry = current()
    if (!entry) return
    if (!r.ok) {
      entry.status = fleetStatusOf(r.error)
      entry.error = r.error
      entry.loadedAt = Date.now()
      if (r.error.code !== 'PASSWORD_REQUIRED') mirrorError(profileId, r.error)
      return
    }
    entry.info = r.value
    mirrorOk(profileId, r.value)
    entry.clusters = r.value.clusters.map((cluster) => ({
      cluster,
      loading: true,
      infobases: null,
      counts: null,
      locked: [],
      lockUnknown: 0,
      error: null,
    }))
    const probe = createLimiter(LOCK_PROBES)
    await Promise.all(entry.clusters.map((_, i) => loadCluster(profileId, entry, i, probe, current)))
    if (!current()) return
    const failed = entry.clusters.find((c) => c.error)
    entry.status = failed ? 'partial' : 'ok'
    entry.error = failed?.error ?? null
    entry.loadedAt = Date.now()
  }

  async function loadCluster(
    profileId: string,
    entry: FleetEntry,
    index: number,
    probe: ReturnType<typeof createLimiter>,
    current: () => unknown,
  ): Promise<void> {
    const c = entry.clusters[index]!
    const clusterId = c.cluster.cluster
    const [ibs, sessions] = await Promise.all([
      call((a) => a.listInfobases(profileId, clusterId)),
      call((a) => a.listSessions(profileId, clusterId)),
    ])
    if (!current()) return
    if (sessions.ok) {
      c.counts = countSessions(sessions.value.sessions)
      profiles.setSessionCount(profileId, clusterId, sessions.value.sessions.count)
    } else c.error = sessions.error
    if (!ibs.ok) {
      c.error ??= ibs.error
      c.loading = false
      return
    }
    c.infobases = ibs.value
    // The list only knows locks someone read before: ask each infobase for its lock now.
    const states = await Promise.all(
      ibs.value.map((ib) => probe(() => call((a) => a.getInfobaseLock(profileId, clusterId, ib.infobase)))),
    )
    if (!current()) return
    const locked: FleetLock[] = []
    let unknown = 0
    states.forEach((s, i) => {
      const ib = ibs.value[i]!
      const add = (phase: LockPhase, from: ServerTime, to: ServerTime) => {
        if (phase !== 'off') locked.push({ infobase: ib.infobase, name: ib.name, phase, from, to })
      }
      if (s.ok) add(s.value.phase, s.value.deniedFrom, s.value.deniedTo)
      // Probe refused: what the list knows, if it knows a lock.
      else if (ib.lock && ib.lock.phase !== 'off') add(ib.lock.phase, ib.lock.from, ib.lock.to)
      else if (ib.locked === true) add('active', null, null)
      else unknown++
    })
    c.locked = locked
    c.lockUnknown = unknown
    c.loading = false
  }

  /** The sidebar's dot follows what the fleet learnt, unless the sidebar is connecting itself. */
  function mirrorOk(profileId: string, info: ConnectionInfo) {
    const conn = profiles.connection(profileId)
    if (conn.status === 'connecting') return
    conn.status = 'ok'
    conn.info = info
    conn.error = null
  }
  function mirrorError(profileId: string, error: ApiError) {
    if (profiles.connection(profileId).status === 'connecting') return
    profiles.markDisconnected(profileId, error)
  }

  /** Opens the drawer; loads when nothing was loaded yet or the last load is older than a minute. */
  function show() {
    open.value = true
    if (lastLoadAt.value === null || Date.now() - lastLoadAt.value > 60_000) void refresh()
  }

  return { open, entries, loading, lastLoadAt, totals, refresh, refreshOne, show }
})

/**
 * "Find a user everywhere": one search over every open cluster (the loaded data of the open
 * tabs) and, on request, over every saved server (each profile's clusters loaded in parallel,
 * FLEET_CONCURRENCY at once, never prompting for passwords). Matching uses the grid's own
 * search folding (format/search.ts); results are grouped by server / cluster / infobase.
 */
import { defineStore, getActivePinia } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import type { ApiError, ProfileDto, SessionRow } from '../../../src-shared/contract'
import { rowsFromTable } from '../../../src-shared/session-table'
import { call } from '../api'
import { createLimiter } from '../../../src-shared/limit'
import { fleetStatusOf, type FleetStatus } from '../format/fleet'
import { filterByQuery, foldText, searchKey } from '../format/search'
import { FLEET_CONCURRENCY } from './fleet'
import { useProfilesStore } from './profiles'
import { useTabData } from './tab-data'
import { useTabsStore, type TabDescriptor } from './tabs'

/** Rows rendered at most; the panel asks to refine the search beyond that. */
export const MAX_FOUND = 300

/** One cluster's sessions, from an open tab or from "search all saved servers". */
export interface FoundSource {
  profileId: string
  clusterId: string
  clusterName: string
  rows: readonly SessionRow[]
  keys: readonly string[]
  /** Desktop time the list was read. */
  at: number
}

export interface FoundGroup {
  key: string
  profile: ProfileDto
  clusterId: string
  clusterName: string
  infobase: string
  infobaseName: string
  rows: SessionRow[]
}

export interface RemoteState {
  status: FleetStatus
  error: ApiError | null
}

const sourceKey = (profileId: string, clusterId: string) => `${profileId}\n${clusterId}`

export const useFindUserStore = defineStore('find-user', () => {
  const profiles = useProfilesStore()
  const tabs = useTabsStore()
  const open = ref(false)
  const query = ref('')
  const remote = shallowRef<ReadonlyMap<string, FoundSource>>(new Map())
  const remoteState = reactive<Record<string, RemoteState>>({})
  const searchingAll = ref(false)
  /** Sessions terminated from the results: hidden even before the lists are read again. */
  const removed = shallowRef<ReadonlySet<string>>(new Set())
  let generation = 0

  /** Sessions the open tabs have loaded, one source per cluster (infobase tabs merged). */
  const tabSources = computed(() => {
    const pinia = getActivePinia()
    const out = new Map<string, FoundSource>()
    if (!pinia) return out
    const partial = new Map<string, { source: FoundSource; seen: Set<string> }>()
    for (const tab of tabs.tabs) {
      if (!(`tab:${tab.id}` in pinia.state.value)) continue
      const data = useTabData(tab)
      const at = data.lastRefreshAt
      if (at === null) continue
      const key = sourceKey(tab.profileId, tab.clusterId)
      const snap = data.snapshot
      if (tab.kind === 'cluster') {
        out.set(key, { ...base(tab), rows: snap.rows, keys: snap.keys, at })
        continue
      }
      let p = partial.get(key)
      if (!p) {
        p = { source: { ...base(tab), rows: [], keys: [], at }, seen: new Set() }
        partial.set(key, p)
      }
      const rows = p.source.rows as SessionRow[]
      const keys = p.source.keys as string[]
      snap.rows.forEach((r, i) => {
        if (p.seen.has(r.session)) return
        p.seen.add(r.session)
        rows.push(r)
        keys.push(snap.keys[i]!)
      })
      p.source.at = Math.min(p.source.at, at)
    }
    for (const [key, p] of partial) if (!out.has(key)) out.set(key, p.source)
    return out
  })

  function base(tab: TabDescriptor) {
    return { profileId: tab.profileId, clusterId: tab.clusterId, clusterName: tab.clusterName }
  }

  /** Tab data and loaded servers together; the newer list of a cluster wins. */
  const sources = computed(() => {
    const all = new Map(tabSources.value)
    for (const [key, s] of remote.value) {
      const tab = all.get(key)
      if (!tab || s.at >= tab.at || tab.rows.length < s.rows.length) all.set(key, s)
    }
    return [...all.values()]
  })

  const result = computed(() => {
    const groups: FoundGroup[] = []
    let total = 0
    if (foldText(query.value).trim() === '') return { groups, total, shown: 0 }
    let shown = 0
    for (const s of sources.value) {
      const profile = profiles.byId.get(s.profileId)
      if (!profile) continue
      const found = filterByQuery(s.rows, s.keys, query.value)
      total += found.length
      const byIb = new Map<string, FoundGroup>()
      for (const r of found) {
        if (removed.value.has(r.session)) {
          total--
          continue
        }
        if (shown >= MAX_FOUND) break
        shown++
        let g = byIb.get(r.infobase)
        if (!g) {
          g = {
            key: `${sourceKey(s.profileId, s.clusterId)}\n${r.infobase}`,
            profile,
            clusterId: s.clusterId,
            clusterName: s.clusterName,
            infobase: r.infobase,
            infobaseName: r.infobaseName || r.infobase,
            rows: [],
          }
          byIb.set(r.infobase, g)
        }
        g.rows.push(r)
      }
      groups.push(...byIb.values())
    }
    groups.sort(
      (a, b) =>
        a.profile.name.localeCompare(b.profile.name) ||
        a.clusterName.localeCompare(b.clusterName) ||
        a.infobaseName.localeCompare(b.infobaseName),
    )
    for (const g of groups) g.rows.sort((a, b) => a.userName.localeCompare(b.userName) || a.sessionId - b.sessionId)
    return { groups, total, shown }
  })

  /** How many clusters the search covers right now. */
  const clusterCount = computed(() => sources.value.length)

  /** Loads every saved profile's clusters' sessions (no password prompts). */
  async function searchAll(): Promise<void> {
    const gen = ++generation
    searchingAll.value = true
    const limit = createLimiter(FLEET_CONCURRENCY)
    const ids = profiles.profiles.map((p) => p.id)
    for (const key of Object.keys(remoteState)) delete remoteState[key]
    for (const id of ids) remoteState[id] = { status: 'loading', error: null }
    await Promise.all(ids.map((id) => limit(() => loadProfile(id, gen))))
    if (gen === generation) searchingAll.value = false
  }

  async function loadProfile(profileId: string, gen: number): Promise<void> {
    const state = remoteState[profileId]!
    const conn = await call((a) => a.connect(profileId))
    if (gen !== generation) return
    if (!conn.ok) {
      state.status = fleetStatusOf(conn.error)
      state.error = conn.error
      return
    }
    let failed: ApiError | null = null
    await Promise.all(
      conn.value.clusters.map(async (c) => {
        const r = await call((a) => a.listSessions(profileId, c.cluster))
        if (gen !== generation) return
        if (!r.ok) {
          failed ??= r.error
          return
        }
        const rows = rowsFromTable(r.value.sessions)
        const next = new Map(remote.value)
        next.set(sourceKey(profileId, c.cluster), {
          profileId,
          clusterId: c.cluster,
          clusterName: c.name || `${c.host}:${c.port}`,
          rows,
          keys: rows.map(searchKey),
          at: r.value.fetchedAt,
        })
        remote.value = next
      }),
    )
    if (gen !== generation) return
    state.status = failed ? 'partial' : 'ok'
    state.error = failed
  }

  /** After terminate: the sessions leave the results at once (terminate-flow.ts refreshes the tabs). */
  function forget(profileId: string, clusterId: string, sessionIds: readonly string[]) {
    removed.value = new Set([...removed.value, ...sessionIds])
    const key = sourceKey(profileId, clusterId)
    const s = remote.value.get(key)
    if (s) {
      const drop = new Set(sessionIds)
      const rows: SessionRow[] = []
      const keys: string[] = []
      s.rows.forEach((r, i) => {
        if (drop.has(r.session)) return
        rows.push(r)
        keys.push(s.keys[i]!)
      })
      const next = new Map(remote.value)
      next.set(key, { ...s, rows, keys })
      remote.value = next
    }
  }

  function show() {
    open.value = true
  }

  return {
    open,
    query,
    remote,
    remoteState,
    searchingAll,
    sources,
    result,
    clusterCount,
    searchAll,
    forget,
    show,
  }
})

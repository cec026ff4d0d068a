/**
 * Open tabs: one per cluster of a connected profile, plus infobase tabs and a cluster's history. Restored from
 * localStorage on start; only the active tab connects (lazily), the others when activated.
 */
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { ApiError } from '../../../src-shared/contract'
import { loadJson, saveJson } from './storage'
import { useProfilesStore } from './profiles'

export interface TabDescriptor {
  id: string
  kind: 'cluster' | 'infobase' | 'history'
  profileId: string
  clusterId: string
  clusterName: string
  infobaseId?: string
  infobaseName?: string
}

interface PersistedTabs {
  tabs: TabDescriptor[]
  active: string | null
}

const TABS_KEY = 'clusterdesk.tabs'

export function clusterTabId(profileId: string, clusterId: string) {
  return `c:${profileId}:${clusterId}`
}
export function historyTabId(profileId: string, clusterId: string) {
  return `h:${profileId}:${clusterId}`
}
export function infobaseTabId(profileId: string, clusterId: string, infobaseId: string) {
  return `i:${profileId}:${clusterId}:${infobaseId}`
}

export const useTabsStore = defineStore('tabs', () => {
  const saved = loadJson<PersistedTabs>(TABS_KEY, { tabs: [], active: null })
  const tabs = ref<TabDescriptor[]>(Array.isArray(saved.tabs) ? saved.tabs.filter((t) => t && t.id) : [])
  const activeId = ref<string | null>(saved.active)
  if (!tabs.value.some((t) => t.id === activeId.value)) activeId.value = tabs.value[0]?.id ?? null

  const active = computed(() => tabs.value.find((t) => t.id === activeId.value) ?? null)

  watch([tabs, activeId], () => saveJson(TABS_KEY, { tabs: tabs.value, active: activeId.value }), { deep: true })

  function add(tab: TabDescriptor, activate = true) {
    if (!tabs.value.some((t) => t.id === tab.id)) tabs.value.push(tab)
    if (activate) activeId.value = tab.id
  }

  /** Connects the profile and opens (or focuses) a tab per cluster. */
  async function openProfile(profileId: string): Promise<ApiError | null> {
    const profiles = useProfilesStore()
    const r = await profiles.connect(profileId)
    if (!r.ok) return r.error
    let first: string | null = null
    for (const c of r.value.clusters) {
      const id = clusterTabId(profileId, c.cluster)
      first ??= id
      add({ id, kind: 'cluster', profileId, clusterId: c.cluster, clusterName: c.name || `${c.host}:${c.port}` }, false)
    }
    if (first) activeId.value = first
    return null
  }

  function openInfobase(from: TabDescriptor, infobaseId: string, infobaseName: string) {
    add({
      id: infobaseTabId(from.profileId, from.clusterId, infobaseId),
      kind: 'infobase',
      profileId: from.profileId,
      clusterId: from.clusterId,
      clusterName: from.clusterName,
      infobaseId,
      infobaseName,
    })
  }

  /** The cluster's history (README "History"), from its cluster or infobase tab. */
  function openHistory(from: TabDescriptor) {
    const { profileId, clusterId, clusterName } = from
    add({ id: historyTabId(profileId, clusterId), kind: 'history', profileId, clusterId, clusterName })
  }

  function close(id: string) {
    const i = tabs.value.findIndex((t) => t.id === id)
    if (i < 0) return
    tabs.value.splice(i, 1)
    if (activeId.value === id) activeId.value = tabs.value[Math.min(i, tabs.value.length - 1)]?.id ?? null
  }

  function closeProfileTabs(profileId: string) {
    for (const t of tabs.value.filter((x) => x.profileId === profileId)) close(t.id)
  }

  function activate(id: string) {
    if (tabs.value.some((t) => t.id === id)) activeId.value = id
  }

  function next(dir: 1 | -1 = 1) {
    const n = tabs.value.length
    if (n === 0) return
    const i = tabs.value.findIndex((t) => t.id === activeId.value)
    activeId.value = tabs.value[(i + dir + n) % n]!.id
  }

  /** Drops restored tabs whose profile no longer exists. */
  function pruneMissing(profileIds: ReadonlySet<string>) {
    for (const t of tabs.value.filter((x) => !profileIds.has(x.profileId))) close(t.id)
  }

  return {
    tabs,
    activeId,
    active,
    add,
    openProfile,
    openInfobase,
    openHistory,
    close,
    closeProfileTabs,
    activate,
    next,
    pruneMissing,
  }
})

/**
 * Dialog bookkeeping shared by the whole window: how many dialogs are open (auto-refresh pauses
 * while any is) and the prompts other stores await (cluster password, infobase credentials);
 * and which side panels are collapsed (remembered across restarts).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { InfobaseCredentials, ProfileDto } from '../../../src-shared/contract'
import { loadJson, saveJson } from './storage'

/** The collapsed panels as saved: the server list on the left, a tab's side panel on the right. */
interface PersistedPanels {
  sidebar: boolean
  sidePanel: boolean
}
const PANELS_KEY = 'clusterdesk.panels'

/** A question one store awaits and one dialog answers (null: cancelled). */
type Pending<Q, A> = Q & { resolve: (answer: A | null) => void }

/** One question at a time: a newer question answers the older with null. */
function promptSlot<Q, A>() {
  const pending = shallowRef<Pending<Q, A> | null>(null)
  function ask(question: Q): Promise<A | null> {
    pending.value?.resolve(null)
    return new Promise((resolve) => {
      pending.value = {
        ...question,
        resolve: (answer: A | null) => {
          pending.value = null
          resolve(answer)
        },
      }
    })
  }
  return { pending, ask }
}

export const useUiStore = defineStore('ui', () => {
  const openDialogs = ref(0)
  const dialogOpen = computed(() => openDialogs.value > 0)
  const password = promptSlot<{ profile: ProfileDto }, string>()
  const credentials = promptSlot<{ infobaseName: string; defaultUser: string }, InfobaseCredentials>()
  const shortcutsOpen = ref(false)
  /** Bumped by "Add a server" outside the sidebar; the sidebar, which owns the form, opens it. */
  const addProfileRequests = ref(0)
  /** The audit log asked open on one entry (its ISO time), from the history's marks; the top bar opens it. */
  const auditRequest = shallowRef<{ time: string } | null>(null)
  // One flag per side, not per tab: collapsing is a layout choice the admin makes once.
  const savedPanels = loadJson<Partial<PersistedPanels> | null>(PANELS_KEY, null)
  const sidebarCollapsed = ref(savedPanels?.sidebar === true)
  const sidePanelCollapsed = ref(savedPanels?.sidePanel === true)
  watch([sidebarCollapsed, sidePanelCollapsed], ([sidebar, sidePanel]) =>
    saveJson(PANELS_KEY, { sidebar, sidePanel } satisfies PersistedPanels),
  )

  function dialogOpened() {
    openDialogs.value++
  }
  function dialogClosed() {
    openDialogs.value = Math.max(0, openDialogs.value - 1)
  }

  /** The cluster administrator password of an "ask every time" profile, for this run. */
  function askPassword(profile: ProfileDto): Promise<string | null> {
    return password.ask({ profile })
  }
  function askInfobaseCredentials(infobaseName: string, defaultUser = ''): Promise<InfobaseCredentials | null> {
    return credentials.ask({ infobaseName, defaultUser })
  }

  function requestAddProfile() {
    addProfileRequests.value++
  }

  function openAudit(time: string) {
    auditRequest.value = { time }
  }

  function toggleSidebar() {
    sidebarCollapsed.value = !sidebarCollapsed.value
  }
  function toggleSidePanel() {
    sidePanelCollapsed.value = !sidePanelCollapsed.value
  }

  return {
    openDialogs,
    dialogOpen,
    passwordPrompt: password.pending,
    credentialsPrompt: credentials.pending,
    shortcutsOpen,
    dialogOpened,
    dialogClosed,
    askPassword,
    askInfobaseCredentials,
    addProfileRequests,
    requestAddProfile,
    auditRequest,
    openAudit,
    sidebarCollapsed,
    sidePanelCollapsed,
    toggleSidebar,
    toggleSidePanel,
  }
})

/**
 * Dialog bookkeeping shared by the whole window: how many dialogs are open (auto-refresh pauses
 * while any is) and the prompts other stores await (cluster password, infobase credentials).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { InfobaseCredentials, ProfileDto } from '../../../src-shared/contract'

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
  }
})

/**
 * Dialog bookkeeping shared by the whole window: how many dialogs are open (auto-refresh pauses
 * while any is) and the prompts other stores await (cluster password, infobase credentials).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { InfobaseCredentials, ProfileDto } from '../../../src-shared/contract'

interface PasswordPrompt {
  profile: ProfileDto
  resolve: (password: string | null) => void
}
interface CredentialsPrompt {
  infobaseName: string
  defaultUser: string
  resolve: (c: InfobaseCredentials | null) => void
}

export const useUiStore = defineStore('ui', () => {
  const openDialogs = ref(0)
  const dialogOpen = computed(() => openDialogs.value > 0)
  const passwordPrompt = shallowRef<PasswordPrompt | null>(null)
  const credentialsPrompt = shallowRef<CredentialsPrompt | null>(null)
  const shortcutsOpen = ref(false)

  function dialogOpened() {
    openDialogs.value++
  }
  function dialogClosed() {
    openDialogs.value = Math.max(0, openDialogs.value - 1)
  }

  function askPassword(profile: ProfileDto): Promise<string | null> {
    passwordPrompt.value?.resolve(null)
    return new Promise((resolve) => {
      passwordPrompt.value = {
        profile,
        resolve: (p) => {
          passwordPrompt.value = null
          resolve(p)
        },
      }
    })
  }

  function askInfobaseCredentials(infobaseName: string, defaultUser = ''): Promise<InfobaseCredentials | null> {
    credentialsPrompt.value?.resolve(null)
    return new Promise((resolve) => {
      credentialsPrompt.value = {
        infobaseName,
        defaultUser,
        resolve: (c) => {
          credentialsPrompt.value = null
          resolve(c)
        },
      }
    })
  }

  return {
    openDialogs,
    dialogOpen,
    passwordPrompt,
    credentialsPrompt,
    shortcutsOpen,
    dialogOpened,
    dialogClosed,
    askPassword,
    askInfobaseCredentials,
  }
})

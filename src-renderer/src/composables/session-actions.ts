/**
 * Interrupt or terminate a session named by its id (a chain's head, a session around another):
 * its row is read afresh (api.getSession) so the one confirmation (SessionActionDialogs) shows the
 * session as it is now, and a session that ended meanwhile is said so instead. Read-only profiles
 * get the reason, never the dialog.
 */
import { computed, shallowRef } from 'vue'
import { useMessage } from 'naive-ui'
import { call } from '../api'
import { errorText, t } from '../i18n'
import { useProfilesStore } from '../stores/profiles'
import type { TabDescriptor } from '../stores/tabs'
import type { InterruptTarget, TerminateTarget } from '../components/terminate/SessionActionDialogs.vue'

export type SessionAction = 'interrupt' | 'terminate'

export function useSessionActions(tab: () => TabDescriptor) {
  const toast = useMessage()
  const profiles = useProfilesStore()
  const terminate = shallowRef<TerminateTarget | null>(null)
  const interrupt = shallowRef<InterruptTarget | null>(null)
  const profile = computed(() => profiles.byId.get(tab().profileId) ?? null)
  const readOnlyReason = computed(() => (profile.value?.protection === 'read-only' ? t('toolbar.readOnly') : null))

  async function act(action: SessionAction, target: { session: string; sessionId: number }): Promise<void> {
    if (readOnlyReason.value) {
      toast.warning(readOnlyReason.value)
      return
    }
    const where = tab()
    const r = await call((a) => a.getSession(where.profileId, where.clusterId, target.session))
    if (!r.ok) {
      if (r.error.code === 'NOT_FOUND') toast.info(t('around.chains.sessionGone', { id: target.sessionId }))
      else toast.error(errorText(r.error), { duration: 10000 })
      return
    }
    const row = r.value.row
    if (action === 'interrupt') interrupt.value = { row, tab: where }
    else if (profile.value)
      terminate.value = { mode: 'one', rows: [row], profile: profile.value, tab: where, infobaseName: row.infobaseName }
  }

  return { terminate, interrupt, readOnlyReason, act }
}

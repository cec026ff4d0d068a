/** "Open demo cluster": create the demo profile and open it in a tab (sidebar and empty page). */
import { ref } from 'vue'
import { useMessage } from 'naive-ui'
import { errorText } from '../i18n'
import { useProfilesStore } from '../stores/profiles'
import { useTabsStore } from '../stores/tabs'

export function useOpenDemo() {
  const profiles = useProfilesStore()
  const tabs = useTabsStore()
  const message = useMessage()
  const busy = ref(false)

  async function openDemo() {
    busy.value = true
    const r = await profiles.createDemo()
    busy.value = false
    if (!r.ok) {
      message.error(errorText(r.error), { duration: 8000 })
      return
    }
    const err = await tabs.openProfile(r.value.id)
    if (err) message.error(errorText(err), { duration: 8000 })
  }

  return { busy, openDemo }
}

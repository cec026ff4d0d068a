/** While `show` is true the dialog counts as open: auto-refresh loops pause. */
import { onBeforeUnmount, watch, type Ref } from 'vue'
import { useUiStore } from '../stores/ui'

export function useDialogPause(show: Ref<boolean>) {
  const ui = useUiStore()
  let counted = false
  const sync = (v: boolean) => {
    if (v && !counted) {
      ui.dialogOpened()
      counted = true
    } else if (!v && counted) {
      ui.dialogClosed()
      counted = false
    }
  }
  watch(show, sync, { immediate: true })
  onBeforeUnmount(() => sync(false))
}

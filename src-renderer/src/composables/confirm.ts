/**
 * "Are you sure?" for the smaller irreversible steps (unlock, delete a profile): naive-ui's
 * warning dialog, paused auto-refresh while it shows (ui store), test ids on its two buttons,
 * and an accessible name and description. naive-ui renders role="dialog" with neither and passes
 * no attributes through, so they are set on the dialog once it has entered.
 */
import { h } from 'vue'
import { useDialog } from 'naive-ui'
import { useUiStore } from '../stores/ui'
import { useT } from '../i18n'

export interface Confirmation {
  title: string
  content: string
  /** The confirming button's text. */
  confirm: string
  /** A red confirming button (deleting). */
  danger?: boolean
  onConfirm: () => unknown
}

let seq = 0

export function useConfirm(): (c: Confirmation) => void {
  const dialog = useDialog()
  const ui = useUiStore()
  const { t } = useT()
  return (c) => {
    const id = `cd-confirm-${++seq}`
    ui.dialogOpened()
    dialog.warning({
      title: () => h('span', { id: `${id}-title` }, c.title),
      content: () => h('p', { id: `${id}-body`, class: 'cd-confirm-body' }, c.content),
      positiveText: c.confirm,
      negativeText: t('app.cancel'),
      positiveButtonProps: { ...(c.danger && { type: 'error' }), 'data-testid': 'dialog-confirm' } as never,
      negativeButtonProps: { 'data-testid': 'dialog-cancel' } as never,
      onAfterEnter: () => {
        const el = document.getElementById(`${id}-title`)?.closest('[role="dialog"]')
        el?.setAttribute('aria-labelledby', `${id}-title`)
        el?.setAttribute('aria-describedby', `${id}-body`)
      },
      onAfterLeave: () => ui.dialogClosed(),
      onPositiveClick: c.onConfirm,
    })
  }
}

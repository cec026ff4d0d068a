/** The row menu (right click, ⋯, the Menu key): details and copy first, the dangerous actions last. */
import type { DropdownOption } from 'naive-ui'
import { optionAttrs } from '../composables/testid'
import type { I18nKey } from '../i18n'

export type RowAction = 'details' | 'terminate' | 'interrupt' | 'copyUser' | 'watchSession' | 'watchUser'

export function rowMenuOptions(t: (key: I18nKey) => string, readOnlyReason: string | null): DropdownOption[] {
  const dangerous = (key: RowAction, label: string): DropdownOption => ({
    key,
    label,
    disabled: !!readOnlyReason,
    props: optionAttrs(`row-menu-${key}`, { title: readOnlyReason ?? '' }),
  })
  return [
    { key: 'details', label: t('row.details'), props: optionAttrs('row-menu-details') },
    { key: 'copyUser', label: t('row.copyUser'), props: optionAttrs('row-menu-copyUser') },
    { key: 'watchSession', label: t('row.watchSession'), props: optionAttrs('row-menu-watchSession') },
    { key: 'watchUser', label: t('row.watchUser'), props: optionAttrs('row-menu-watchUser') },
    { type: 'divider', key: 'd1' },
    dangerous('interrupt', t('row.interrupt')),
    dangerous('terminate', t('row.terminate')),
  ]
}

/** The ⋯ button's name: the message resolved once per locale, with markers for number and user. */
export function actionsLabeller(t: (key: I18nKey, named?: Record<string, string>) => string) {
  const template = t('grid.actionsFor', { n: '\u0001', user: '\u0002' })
  return (row: { sessionId: number; userName: string }) =>
    template.replace('\u0001', () => String(row.sessionId)).replace('\u0002', () => row.userName)
}

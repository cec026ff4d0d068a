/** The export and table column titles of the history (history/export-rows.ts) in the UI's language. */
import { computed } from 'vue'
import { useT } from '../../i18n'
import { appIdLabel } from '../../format/app-id'
import { METRIC_UNIT } from '../../history/metrics'
import type { HistoryLabels } from '../../history/export-rows'

export function useHistoryLabels() {
  const { t, locale } = useT()
  return computed<HistoryLabels>(() => ({
    time: t('history.time'),
    metric: (m) => `${t(`history.metrics.${m}`)}, ${t(`history.units.${METRIC_UNIT[m]}`)}`,
    sessions: t('history.sessions'),
    active: t('history.active'),
    sleeping: t('history.sleeping'),
    appId: (id) => appIdLabel(id, locale.value),
    user: t('history.top.user'),
    session: t('history.top.session'),
    infobase: t('history.top.infobase'),
    computer: t('history.top.computer'),
    app: t('history.top.app'),
    users: t('history.top.usersCount'),
    appeared: t('history.user.appeared'),
    ended: t('history.user.ended'),
  }))
}

/**
 * One terminate, run the same way whatever screen starts it (docs/architecture.md §3.6): a fresh
 * operation id so the caller follows only its own progress (§4.7; two terminates may run at
 * once), one refresh of what changed, one report. The confirmation before it is
 * format/terminate-friction.ts with components/terminate/TerminateConfirm.vue.
 */
import { getActivePinia, type Pinia } from 'pinia'
import { ref, shallowRef } from 'vue'
import { useMessage } from 'naive-ui'
import type { Result, TerminateAllOptions, TerminateReport } from '../../../src-shared/contract'
import { api, call } from '../api'
import { errorText } from '../i18n'
import { useFindUserStore } from '../stores/find-user'
import { refreshTabIfLoaded } from '../stores/tab-data'
import { useTabsStore } from '../stores/tabs'

/** The cluster a terminate runs on. */
export interface TerminateScope {
  profileId: string
  clusterId: string
}

/** These sessions, or every session of the cluster / an infobase as main lists them when it runs. */
export type TerminateRequest = { sessionIds: readonly string[]; message: string } | { all: TerminateAllOptions }

export interface TerminateProgress {
  done: number
  total: number
}

/** Runs one terminate under its own operation id; `onProgress` hears only that operation. */
export async function runTerminate(
  scope: TerminateScope,
  request: TerminateRequest,
  onProgress?: (progress: TerminateProgress) => void,
): Promise<Result<TerminateReport>> {
  const operation = crypto.randomUUID()
  const off = onProgress
    ? api().onEvent?.((e) => {
        if (e.type === 'terminate-progress' && e.operation === operation) onProgress({ done: e.done, total: e.total })
      })
    : undefined
  try {
    return await call((a) =>
      'all' in request
        ? a.terminateAllSessions(scope.profileId, scope.clusterId, request.all, operation)
        : a.terminateSessions(scope.profileId, scope.clusterId, [...request.sessionIds], request.message, operation),
    )
  } finally {
    off?.()
  }
}

/**
 * After a terminate (also a failed one: some sessions may have ended before it failed): the ended
 * sessions leave find-user's results at once, and every loaded tab of that cluster (the cluster
 * tab and its infobase tabs) reads its sessions again, which also drops them from selections.
 */
export function refreshAfterTerminate(
  scope: TerminateScope,
  report: TerminateReport | null,
  pinia: Pinia | undefined = getActivePinia(),
): void {
  if (!pinia) return
  if (report) {
    const ended = report.results.filter((r) => r.outcome !== 'failed').map((r) => r.session)
    useFindUserStore(pinia).forget(scope.profileId, scope.clusterId, ended)
  }
  for (const tab of useTabsStore(pinia).tabs) {
    if (tab.profileId === scope.profileId && tab.clusterId === scope.clusterId) refreshTabIfLoaded(tab, pinia)
  }
}

/** runTerminate, then refreshAfterTerminate: what every entry point does (the runbook too). */
export async function terminateAndRefresh(
  scope: TerminateScope,
  request: TerminateRequest,
  onProgress?: (progress: TerminateProgress) => void,
  pinia: Pinia | undefined = getActivePinia(),
): Promise<Result<TerminateReport>> {
  const r = await runTerminate(scope, request, onProgress)
  refreshAfterTerminate(scope, r.ok ? r.value : null, pinia)
  return r
}

/**
 * For a component: `run` a terminate with its busy state and own progress, refresh afterwards,
 * show a failure as a message and keep the report until `closeReport`. Resolves true when the
 * call answered (the report may still hold failed sessions).
 */
export function useTerminateFlow() {
  const toast = useMessage()
  const pinia = getActivePinia()
  const busy = ref(false)
  const progress = shallowRef<TerminateProgress | null>(null)
  const report = shallowRef<TerminateReport | null>(null)

  async function run(scope: TerminateScope, request: TerminateRequest): Promise<boolean> {
    if (busy.value) return false
    busy.value = true
    progress.value = 'all' in request ? null : { done: 0, total: request.sessionIds.length }
    const r = await terminateAndRefresh(scope, request, (p) => (progress.value = p), pinia)
    busy.value = false
    progress.value = null
    if (!r.ok) {
      toast.error(errorText(r.error), { duration: 10000 })
      return false
    }
    report.value = r.value
    return true
  }

  return {
    busy,
    progress,
    report,
    run,
    closeReport: () => {
      report.value = null
    },
  }
}

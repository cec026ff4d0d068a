/**
 * One read of an "around" view (api.getClusterMachinery, getBlockingChains, …): its value, error
 * and busy state; a newer read wins over an older one still in flight.
 */
import { ref, shallowRef } from 'vue'
import type { ApiError, Result } from '../../../../src-shared/contract'
import { call } from '../../api'
import type { RendererApi } from '../../../../src-shared/contract'

export function useAroundRead<T>(read: (a: RendererApi) => Promise<Result<T>>) {
  const value = shallowRef<T | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const loading = ref(false)
  let seq = 0

  async function load(): Promise<void> {
    const mine = ++seq
    loading.value = true
    const r = await call(read)
    if (mine !== seq) return
    loading.value = false
    if (r.ok) {
      value.value = r.value
      error.value = null
    } else error.value = r.error
  }

  return { value, error, loading, load }
}

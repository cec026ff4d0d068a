/**
 * Lock calls may answer INFOBASE_AUTH_REQUIRED: ask for the infobase administrator, retry with
 * those credentials, and keep them (in memory) for the next call of this panel.
 */
import type { InfobaseCredentials, Result } from '../../../src-shared/contract'
import { useUiStore } from '../stores/ui'

export async function withInfobaseAuth<T>(
  infobaseName: string,
  state: { credentials: InfobaseCredentials | undefined; defaultUser: string },
  run: (c: InfobaseCredentials | undefined) => Promise<Result<T>>,
): Promise<Result<T>> {
  let r = await run(state.credentials)
  while (!r.ok && r.error.code === 'INFOBASE_AUTH_REQUIRED') {
    const c = await useUiStore().askInfobaseCredentials(infobaseName, state.credentials?.user ?? state.defaultUser)
    if (!c) return r
    state.credentials = c
    r = await run(c)
  }
  return r
}

/**
 * Lock calls may answer INFOBASE_AUTH_REQUIRED: ask for the infobase administrator, retry with
 * those credentials, and keep them (in memory) for the next call of this panel. Only calls the
 * admin started ask: opening an infobase tab never puts a prompt in front of its sessions.
 */
import type { InfobaseCredentials, Result } from '../../../src-shared/contract'
import { useUiStore } from '../stores/ui'

export interface InfobaseAuthState {
  credentials: InfobaseCredentials | undefined
  defaultUser: string
}

/** Asks for the infobase administrator now and keeps the answer; false when the prompt was cancelled. */
export async function askInfobaseAuth(infobaseName: string, state: InfobaseAuthState): Promise<boolean> {
  const c = await useUiStore().askInfobaseCredentials(infobaseName, state.credentials?.user ?? state.defaultUser)
  if (c) state.credentials = c
  return c !== null
}

export async function withInfobaseAuth<T>(
  infobaseName: string,
  state: InfobaseAuthState,
  run: (c: InfobaseCredentials | undefined) => Promise<Result<T>>,
): Promise<Result<T>> {
  let r = await run(state.credentials)
  while (!r.ok && r.error.code === 'INFOBASE_AUTH_REQUIRED') {
    if (!(await askInfobaseAuth(infobaseName, state))) return r
    r = await run(state.credentials)
  }
  return r
}

/**
 * Binds each contract method to its IPC channel, once. The renderer's event object is dropped:
 * handlers see only the arguments, which api.ts validates. No Electron import here — main passes
 * its `ipcMain` in.
 */
import { API_METHODS, CHANNELS, type ClusterApi } from '../src-shared/contract'

export interface IpcMainLike {
  handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown): void
}

export function registerIpc(ipcMain: IpcMainLike, api: ClusterApi): void {
  for (const method of API_METHODS) {
    const call = api[method] as (...args: unknown[]) => Promise<unknown>
    ipcMain.handle(CHANNELS[method], (_event: unknown, ...args: unknown[]) => call(...args))
  }
}

/**
 * The parts of a stand-in `electron` module every adapter test needs (there is no Electron binary
 * here, docs/architecture.md §3.1): `app` with its user-data folder in a temp dir, and an
 * `ipcMain` and a `shell` that do nothing. Loaded from inside a `vi.mock('electron')` factory.
 */
import { tmpdir } from 'node:os'

export function fakeElectronBasics(userData: string, isPackaged: boolean) {
  const app = {
    getPath: (name: string) => (name === 'userData' ? userData : tmpdir()),
    getVersion: () => '0.1.0',
    getName: () => 'ClusterDesk',
    isPackaged,
    on: () => undefined,
  }
  const ipcMain = { on: () => undefined, handle: () => undefined }
  const shell = { openExternal: async () => undefined }
  return { app, ipcMain, shell }
}

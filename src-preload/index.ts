/**
 * The preload: exposes exactly the ClusterApi contract as `window.api`, one named function per
 * contract method, plus the push-event subscription. No raw ipcRenderer reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { API_METHODS, CHANNELS, EVENT_CHANNEL, type ApiEvent, type RendererApi } from '../src-shared/contract'

const calls = Object.fromEntries(
  API_METHODS.map((name) => [name, (...args: unknown[]) => ipcRenderer.invoke(CHANNELS[name], ...args)]),
)

const api = {
  ...calls,
  onEvent(listener: (event: ApiEvent) => void): () => void {
    const handler = (_e: IpcRendererEvent, event: ApiEvent) => listener(event)
    ipcRenderer.on(EVENT_CHANNEL, handler)
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler)
  },
} as RendererApi

contextBridge.exposeInMainWorld('api', api)

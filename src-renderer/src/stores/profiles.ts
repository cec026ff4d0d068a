/**
 * Saved profiles, their connection state (status dot, versions, session counts) and the connect
 * flow, including the "ask every time" password prompt.
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import type {
  ApiError,
  ConnectionInfo,
  ImportPreview,
  OneCFoundFile,
  OneCImportPreview,
  ProfileDto,
  ProfileInput,
  Result,
  StoreNotice,
} from '../../../src-shared/contract'
import { call } from '../api'
import { useUiStore } from './ui'

export type ConnectionStatus = 'idle' | 'connecting' | 'ok' | 'auth' | 'unreachable' | 'error'

export interface ProfileConnection {
  status: ConnectionStatus
  info: ConnectionInfo | null
  error: ApiError | null
  /** clusterId → sessions in its last refresh. */
  sessionCounts: Record<string, number>
}

function statusFor(e: ApiError): ConnectionStatus {
  if (e.code === 'AUTH' || e.code === 'PASSWORD_REQUIRED' || e.code === 'SECRET_UNAVAILABLE') return 'auth'
  if (e.code === 'NETWORK' || e.code === 'TIMEOUT') return 'unreachable'
  return 'error'
}

export const useProfilesStore = defineStore('profiles', () => {
  const profiles = ref<ProfileDto[]>([])
  const notices = ref<StoreNotice[]>([])
  const demoAvailable = ref(false)
  const loaded = ref(false)
  const loadError = shallowRef<ApiError | null>(null)
  const connections = reactive<Record<string, ProfileConnection>>({})
  const pending = new Map<string, Promise<Result<ConnectionInfo>>>()

  const byId = computed(() => new Map(profiles.value.map((p) => [p.id, p])))
  const groups = computed(() => {
    const map = new Map<string, ProfileDto[]>()
    for (const p of profiles.value) {
      const list = map.get(p.group) ?? []
      list.push(p)
      map.set(p.group, list)
    }
    return [...map.entries()]
      .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
      .map(([group, items]) => ({ group, items: items.slice().sort((a, b) => a.name.localeCompare(b.name)) }))
  })

  function connection(id: string): ProfileConnection {
    if (!connections[id]) connections[id] = { status: 'idle', info: null, error: null, sessionCounts: {} }
    // The reactive proxy, not the raw object: mutations must be seen by the sidebar.
    return connections[id]
  }

  async function load(): Promise<void> {
    const r = await call((a) => a.listProfiles())
    loaded.value = true
    if (!r.ok) {
      loadError.value = r.error
      return
    }
    loadError.value = null
    profiles.value = r.value.profiles
    notices.value = r.value.notices
    demoAvailable.value = r.value.demoAvailable
  }

  async function save(input: ProfileInput): Promise<Result<ProfileDto>> {
    const r = await call((a) => a.saveProfile(input))
    if (r.ok) {
      upsert(r.value)
      // Changed host/credentials: the next use reconnects.
      const c = connections[r.value.id]
      if (c && input.id) c.status = c.status === 'ok' ? 'idle' : c.status
    }
    return r
  }

  function upsert(p: ProfileDto) {
    const i = profiles.value.findIndex((x) => x.id === p.id)
    if (i >= 0) profiles.value.splice(i, 1, p)
    else profiles.value.push(p)
  }

  async function remove(id: string): Promise<Result<null>> {
    const r = await call((a) => a.deleteProfile(id))
    if (r.ok) {
      profiles.value = profiles.value.filter((p) => p.id !== id)
      delete connections[id]
    }
    return r
  }

  async function duplicate(id: string): Promise<Result<ProfileDto>> {
    const r = await call((a) => a.duplicateProfile(id))
    if (r.ok) upsert(r.value)
    return r
  }

  async function createDemo(): Promise<Result<ProfileDto>> {
    const r = await call((a) => a.createDemoProfile())
    if (r.ok) upsert(r.value)
    return r
  }

  function exportJson(): Promise<Result<string>> {
    return call((a) => a.exportProfiles())
  }
  function previewImport(json: string): Promise<Result<ImportPreview>> {
    return call((a) => a.previewImport(json))
  }
  /** "Import from 1C": the file's bytes as base64; `ports[i]` is the RAS port of `servers[i]`. */
  function previewImportFrom1C(fileBase64: string, ports?: number[]): Promise<Result<OneCImportPreview>> {
    return call((a) => a.previewImportFrom1C(fileBase64, ports))
  }
  async function importFrom1C(fileBase64: string, ports?: number[]): Promise<Result<OneCImportPreview>> {
    const r = await call((a) => a.importFrom1C(fileBase64, ports))
    if (r.ok) await load()
    return r
  }
  /** The 1C server lists main finds in their usual places; a found one is imported by its path. */
  function findOneCFiles(): Promise<Result<OneCFoundFile[]>> {
    return call((a) => a.findOneCFiles())
  }
  function previewImportFrom1CFound(path: string, ports?: number[]): Promise<Result<OneCImportPreview>> {
    return call((a) => a.previewImportFrom1CFound(path, ports))
  }
  async function importFrom1CFound(path: string, ports?: number[]): Promise<Result<OneCImportPreview>> {
    const r = await call((a) => a.importFrom1CFound(path, ports))
    if (r.ok) await load()
    return r
  }
  async function importJson(json: string): Promise<Result<ImportPreview>> {
    const r = await call((a) => a.importProfiles(json))
    if (r.ok) await load()
    return r
  }

  /**
   * Connects (once at a time per profile). "Ask every time" profiles get the password prompt,
   * then api.unlockProfile and a retry.
   */
  function connect(id: string): Promise<Result<ConnectionInfo>> {
    const inFlight = pending.get(id)
    if (inFlight) return inFlight
    const p = doConnect(id).finally(() => pending.delete(id))
    pending.set(id, p)
    return p
  }

  async function doConnect(id: string): Promise<Result<ConnectionInfo>> {
    const c = connection(id)
    c.status = 'connecting'
    let r = await call((a) => a.connect(id))
    if (!r.ok && r.error.code === 'PASSWORD_REQUIRED') {
      const profile = byId.value.get(id)
      const password = profile ? await useUiStore().askPassword(profile) : null
      if (password !== null) {
        const u = await call((a) => a.unlockProfile(id, password))
        r = u.ok ? await call((a) => a.connect(id)) : u
      }
    }
    if (r.ok) {
      c.status = 'ok'
      c.info = r.value
      c.error = null
    } else {
      c.status = statusFor(r.error)
      c.error = r.error
    }
    return r
  }

  /** Connected already? Then the known info, else connect. */
  async function ensureConnected(id: string): Promise<Result<ConnectionInfo>> {
    const c = connection(id)
    if (c.status === 'ok' && c.info) return { ok: true, value: c.info }
    return connect(id)
  }

  function setSessionCount(profileId: string, clusterId: string, count: number) {
    connection(profileId).sessionCounts[clusterId] = count
  }

  function markDisconnected(profileId: string, error: ApiError) {
    const c = connection(profileId)
    c.status = statusFor(error)
    c.error = error
  }

  function dismissNotices() {
    notices.value = []
  }

  return {
    profiles,
    notices,
    demoAvailable,
    loaded,
    loadError,
    connections,
    byId,
    upsert,
    groups,
    connection,
    load,
    save,
    remove,
    duplicate,
    createDemo,
    exportJson,
    previewImport,
    importJson,
    previewImportFrom1C,
    importFrom1C,
    findOneCFiles,
    previewImportFrom1CFound,
    importFrom1CFound,
    connect,
    ensureConnected,
    setSessionCount,
    markDisconnected,
    dismissNotices,
  }
})

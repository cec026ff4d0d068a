/**
 * Import and export of profiles (docs/architecture.md §7.4). Export writes every profile without
 * passwords and ids; import reads each entry with the profile schema, reports the ones it cannot
 * use with the reason, and finds those already present by host, port and name.
 */
import type { ImportPreview, ProfileSummary } from '../../../src-shared/contract'
import {
  exportedProfileSchema,
  firstProblem,
  type ExportedProfile,
  type StoredProfile,
} from '../../../src-shared/profile-schema'
import { ServiceError } from '../errors'

export const EXPORT_FORMAT = 'clusterdesk-profiles'

/** The export file: every profile but the demo, without passwords and ids. */
export function exportDocument(profiles: readonly StoredProfile[], now: number): string {
  const exported: ExportedProfile[] = profiles
    .filter((p) => !p.demo)
    .map((p) => ({
      name: p.name,
      group: p.group,
      host: p.host,
      port: p.port,
      clusterUser: p.clusterUser,
      askClusterPassword: p.askClusterPassword,
      label: p.label,
      refreshInterval: p.refreshInterval,
      protection: p.protection,
      infobaseUsers: p.infobaseCredentials.map((c) => ({ infobase: c.infobase, user: c.user })),
    }))
  return JSON.stringify(
    { format: EXPORT_FORMAT, version: 1, exportedAt: new Date(now).toISOString(), profiles: exported },
    null,
    2,
  )
}

export function parseImportJson(json: string): unknown {
  try {
    return JSON.parse(json)
  } catch {
    throw new ServiceError('INVALID_ARGUMENT', 'the import file is not valid JSON')
  }
}

/** What an import of `doc` would add to `existing`, and the preview the user confirms. */
export function planImport(
  doc: unknown,
  existing: readonly StoredProfile[],
): { preview: ImportPreview; toAdd: ExportedProfile[] } {
  const entries = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc.profiles) ? doc.profiles : null
  if (!entries) throw new ServiceError('INVALID_ARGUMENT', 'the import file holds no "profiles" list')
  const seen = new Set(existing.map(duplicateKey))
  const preview: ImportPreview = { added: [], duplicates: [], invalid: [] }
  const toAdd: ExportedProfile[] = []
  entries.forEach((entry: unknown, i) => {
    const parsed = exportedProfileSchema.safeParse(entry)
    if (!parsed.success) {
      preview.invalid.push(`#${i + 1}: ${firstProblem(parsed.error)}`)
      return
    }
    const p = parsed.data
    const summary: ProfileSummary = { name: p.name, group: p.group, host: p.host, port: p.port }
    const key = duplicateKey(p)
    if (seen.has(key)) {
      preview.duplicates.push(summary)
      return
    }
    seen.add(key)
    preview.added.push(summary)
    toAdd.push(p)
  })
  return { preview, toAdd }
}

/** An imported entry as the file keeps it: no password is ever taken from an import. */
export function storedFromImport(p: ExportedProfile, id: string): StoredProfile {
  return {
    id,
    name: p.name,
    group: p.group,
    host: p.host,
    port: p.port,
    clusterUser: p.clusterUser,
    clusterPasswordSealed: null,
    askClusterPassword: p.askClusterPassword,
    infobaseCredentials: p.infobaseUsers.map((u) => ({ ...u, passwordSealed: null })),
    label: p.label,
    refreshInterval: p.refreshInterval,
    protection: p.protection,
    demo: false,
    recordHistory: false,
    watch: { rules: {}, pins: [] },
  }
}

function duplicateKey(p: { host: string; port: number; name: string }): string {
  return `${p.host.trim().toLocaleLowerCase()}\n${p.port}\n${p.name.trim().toLocaleLowerCase()}`
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

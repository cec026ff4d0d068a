/**
 * "Import from 1C" (docs/architecture.md §7.4): the servers of an appsrvrs.lst or ibases.v8i
 * (one-c-servers.ts) become profiles named after the server. A server already present — the same
 * host (trimmed, case-insensitive) and RAS port under any name — is skipped; the lines the parser
 * could not use are listed as unreadable. The RAS port of each server may be changed before the
 * merge (`ports[i]` for `servers[i]`).
 */
import type { ImportPreview, OneCImportPreview, ProfileSummary } from '../../../src-shared/contract'
import {
  exportedProfileSchema,
  firstProblem,
  type ExportedProfile,
  type StoredProfile,
} from '../../../src-shared/profile-schema'
import { ServiceError } from '../errors'
import { DEFAULT_AGENT_PORT, decodeOneCFile, parseOneCServers } from './one-c-servers'

/** appsrvrs.lst and ibases.v8i are a few KB; 1 MiB is far more than any real one. */
export const MAX_ONE_C_FILE = 1024 * 1024

export function decodeOneCBase64(fileBase64: string): Uint8Array {
  const bytes = Buffer.from(fileBase64, 'base64')
  if (bytes.length > MAX_ONE_C_FILE) throw new ServiceError('INVALID_ARGUMENT', 'the 1C file is larger than 1 MiB')
  return bytes
}

export function planOneCImport(
  bytes: Uint8Array,
  ports: readonly number[] | undefined,
  existing: readonly StoredProfile[],
): { preview: OneCImportPreview; toAdd: ExportedProfile[] } {
  const parsed = parseOneCServers(decodeOneCFile(bytes))
  const servers = parsed.servers.map((s, i) => ({
    host: s.host,
    sourcePort: s.sourcePort,
    port: ports?.[i] ?? s.rasPort,
    infobases: s.infobases,
  }))
  const seen = new Set(existing.map(serverKey))
  const preview: ImportPreview = {
    added: [],
    duplicates: [],
    invalid: parsed.problems.map((p) => `line ${p.line}: ${p.reason}${p.text ? ` — ${p.text}` : ''}`),
  }
  const toAdd: ExportedProfile[] = []
  for (const s of servers) {
    const otherPort =
      s.sourcePort !== null && s.sourcePort !== DEFAULT_AGENT_PORT && s.sourcePort !== DEFAULT_AGENT_PORT + 1
    const entry = exportedProfileSchema.safeParse({
      name: otherPort ? `${s.host}:${s.sourcePort}` : s.host,
      host: s.host,
      port: s.port,
    })
    if (!entry.success) {
      preview.invalid.push(`${s.host}: ${firstProblem(entry.error)}`)
      continue
    }
    const p = entry.data
    const summary: ProfileSummary = { name: p.name, group: p.group, host: p.host, port: p.port }
    const key = serverKey(p)
    if (seen.has(key)) {
      preview.duplicates.push(summary)
      continue
    }
    seen.add(key)
    preview.added.push(summary)
    toAdd.push(p)
  }
  return { preview: { ...preview, format: parsed.format, servers }, toAdd }
}

function serverKey(p: { host: string; port: number }): string {
  return `${p.host.trim().toLocaleLowerCase()}\n${p.port}`
}

/**
 * "Import from 1C" without hunting for the file (docs/architecture.md §7.4): the places the 1C
 * tools keep their server lists on Windows, under the user's roaming profile (%APPDATA%) —
 * the administration console's appsrvrs.lst (`1C\1cv8`, `1C\1cv82` for 8.2 consoles) and the
 * launcher's ibases.v8i (`1C\1CEStart`). Only these paths are ever read on the renderer's
 * behalf: a path it sends back must be one of them.
 */
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { OneCFoundFile } from '../../../src-shared/profile-schema'
import { ServiceError } from '../errors'
import { MAX_ONE_C_FILE } from './one-c-import'

/** Relative to %APPDATA%, in the order they are offered. */
export const ONE_C_PLACES: ReadonlyArray<{ kind: OneCFoundFile['kind']; parts: readonly string[] }> = [
  { kind: 'appsrvrs', parts: ['1C', '1cv8', 'appsrvrs.lst'] },
  { kind: 'appsrvrs', parts: ['1C', '1cv82', 'appsrvrs.lst'] },
  { kind: 'ibases', parts: ['1C', '1CEStart', 'ibases.v8i'] },
]

/** The 1C server lists present under `appData` (none without one: not Windows, or no profile). */
export async function findOneCFiles(appData: string | null): Promise<OneCFoundFile[]> {
  if (!appData) return []
  const found: OneCFoundFile[] = []
  for (const place of ONE_C_PLACES) {
    const path = join(appData, ...place.parts)
    const info = await stat(path).catch(() => null)
    if (!info?.isFile()) continue
    found.push({
      kind: place.kind,
      path,
      size: info.size,
      modifiedAt: info.mtimeMs,
      tooLarge: info.size > MAX_ONE_C_FILE,
    })
  }
  return found
}

/** The bytes of a found file; `path` must be one `findOneCFiles` gives now. */
export async function readFoundOneCFile(appData: string | null, path: string): Promise<Uint8Array> {
  const file = (await findOneCFiles(appData)).find((f) => f.path === path)
  if (!file) throw new ServiceError('INVALID_ARGUMENT', 'not one of the 1C server lists found in their usual places')
  if (file.tooLarge) throw new ServiceError('INVALID_ARGUMENT', 'the 1C file is larger than 1 MiB')
  try {
    const bytes = await readFile(path)
    if (bytes.length > MAX_ONE_C_FILE) throw new ServiceError('INVALID_ARGUMENT', 'the 1C file is larger than 1 MiB')
    return bytes
  } catch (e) {
    if (e instanceof ServiceError) throw e
    throw new ServiceError('IO', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`)
  }
}

/**
 * Saving a file the renderer made (CSV, XLSX, the profiles' JSON): the browser's download of a Blob
 * behind an object URL, which Electron and the web preview both turn into a save. The renderer
 * has no file system (docs/architecture.md §2.2), so this is its one way to write a file.
 */

/** Long enough for the browser to have read the Blob: revoking at once can cancel the download. */
const REVOKE_AFTER_MS = 60_000

export function downloadFile(content: Blob | string, name: string, type = 'text/plain;charset=utf-8'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS)
}

/** `clusterdesk-audit-2026-11-25.csv`: the base, the day (UTC) and the extension. */
export function datedFileName(base: string, ext: string, at: Date = new Date()): string {
  return `${base}-${at.toISOString().slice(0, 10)}.${ext}`
}

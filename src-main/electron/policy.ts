/**
 * Window security and placement decisions as pure functions (no Electron import), so they are
 * unit-tested in Node; src-main/electron/window.ts only applies them.
 */
import type { UiLanguage } from '../../src-shared/contract'

/** Links the app may hand to the OS browser: https only, no embedded credentials. */
export function isSafeExternalUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length > 2048) return false
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  return url.protocol === 'https:' && url.username === '' && url.password === ''
}

/** The window may only ever show the app itself: same origin as the URL it was loaded from. */
export function isAppNavigation(target: string, appUrl: string): boolean {
  try {
    const t = new URL(target)
    const a = new URL(appUrl)
    // Decoded: Node's pathToFileURL and Chromium may percent-encode a path (spaces, Cyrillic) differently.
    if (a.protocol === 'file:') return t.protocol === 'file:' && decodePath(t.pathname) === decodePath(a.pathname)
    return t.origin === a.origin
  } catch {
    return false
  }
}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname)
  } catch {
    return pathname
  }
}

/** The one permission the page gets: writing plain text to the clipboard ("Copy selected rows"). */
export const GRANTED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write']

/**
 * Permission requests and checks: granted only for GRANTED_PERMISSIONS, asked by the app's own
 * page in the main frame; everything else, and every other origin or frame, is refused.
 */
export function isPermissionGranted(request: {
  permission: string
  /** The requesting frame's URL (Electron's details.requestingUrl), else its origin. */
  requestingUrl: string | undefined
  isMainFrame: boolean
  appUrl: string
}): boolean {
  if (!GRANTED_PERMISSIONS.includes(request.permission)) return false
  if (!request.isMainFrame || !request.requestingUrl) return false
  return isAppNavigation(request.requestingUrl, request.appUrl)
}

/**
 * Asked when the page refuses to unload (a dialog is open) on Reload or Close window. Button 0
 * leaves, button 1 (also Esc and the default) stays.
 */
export function unloadPrompt(language: UiLanguage): {
  message: string
  detail: string
  buttons: [string, string]
} {
  return language === 'ru'
    ? {
        message: 'Открыт диалог. Закрыть или перезагрузить окно?',
        detail: 'Введённые в диалоге данные будут потеряны.',
        buttons: ['Закрыть диалог и продолжить', 'Остаться'],
      }
    : {
        message: 'A dialog is open. Close or reload the window anyway?',
        detail: 'What you entered in the dialog will be lost.',
        buttons: ['Discard and continue', 'Stay'],
      }
}
export const UNLOAD_LEAVE = 0

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  bounds: Rect
  maximized: boolean
}

export const DEFAULT_WINDOW_SIZE = { width: 1400, height: 860 }
const MIN_VISIBLE = 120

/**
 * Saved bounds are used only if enough of the window lands on a display that exists now (a
 * monitor may have been unplugged, an RDP session may be smaller); otherwise only the size is
 * kept, shrunk to the primary work area, and the OS centres the window.
 */
export function restoreBounds(saved: unknown, workAreas: Rect[]): Partial<Rect> & { width: number; height: number } {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE }
  if (!isRect(saved)) return fitSize(DEFAULT_WINDOW_SIZE, primary)
  const visible = workAreas.some((area) => overlap(saved, area) >= MIN_VISIBLE)
  if (visible) return saved
  return fitSize(saved, primary)
}

function fitSize(size: { width: number; height: number }, area: Rect): { width: number; height: number } {
  return { width: Math.min(size.width, area.width), height: Math.min(size.height, area.height) }
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return w > 0 && h > 0 ? Math.min(w, h) : 0
}

export function isRect(v: unknown): v is Rect {
  if (typeof v !== 'object' || v === null) return false
  const r = v as Record<string, unknown>
  return (
    ['x', 'y', 'width', 'height'].every((k) => Number.isFinite(r[k])) &&
    (r.width as number) >= 400 &&
    (r.height as number) >= 300
  )
}

/**
 * Menu language until the page reports its own: the OS's first preferred language, as the page
 * guesses from navigator.language, so the two agree from the start.
 */
export function menuLanguage(preferred: readonly string[]): UiLanguage {
  return preferred[0]?.toLowerCase().startsWith('ru') ? 'ru' : 'en'
}

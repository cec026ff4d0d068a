/**
 * The audit log viewer's pure parts: desktop time in the local zone (audit times are the
 * desktop's own ISO instants, unlike server times), the sessions cell, and the filters.
 */
import type { AuditAction, AuditEntry } from '../../../src-shared/contract'
import { foldText } from './search'
import type { UiLocale } from './units'

export const AUDIT_ACTIONS: readonly AuditAction[] = ['terminate', 'interrupt', 'lock', 'unlock']

const pad = (n: number) => String(n).padStart(2, '0')

/** An ISO instant in the desktop's zone: "25.11.2026 13:15:03" (ru) / "2026-11-25 13:15:03" (en). */
export function formatAuditTime(iso: string, locale: UiLocale = 'en'): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const date =
    locale === 'ru'
      ? `${pad(d.getDate())}.${pad(d.getMonth() + 1)}.${d.getFullYear()}`
      : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** "Иванов (12), Петров (15)": user and session number. */
export function sessionLabels(e: AuditEntry): string[] {
  return (e.sessions ?? []).map((s) => `${s.userName || '—'} (${s.sessionId})`)
}

/** Audit entries carry the infobase UUID; the viewer resolves names where it knows them. */
export type InfobaseNameOf = (infobase: string) => string | undefined

function key(e: AuditEntry, nameOf: InfobaseNameOf): string {
  const users = (e.sessions ?? []).map((s) => `${s.userName} ${s.sessionId}`).join(' ')
  const ib = e.infobase ? `${e.infobase} ${nameOf(e.infobase) ?? ''}` : ''
  return foldText([e.profile, e.server, e.cluster, ib, users, e.message ?? '', e.outcome].join('\u0001'))
}

/** Newest first; every whitespace-separated term must appear (profile, user, infobase, message…). */
export function filterAudit(
  entries: readonly AuditEntry[],
  text: string,
  action: AuditAction | null,
  nameOf: InfobaseNameOf = () => undefined,
): AuditEntry[] {
  const terms = foldText(text).split(/\s+/).filter(Boolean)
  return entries
    .filter(
      (e) =>
        (action === null || e.action === action) &&
        (terms.length === 0 || terms.every((t) => key(e, nameOf).includes(t))),
    )
    .sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0))
}

/**
 * Session search, shared by the CLI (--search) and mirrored by the renderer's filter box:
 * case-insensitive, Cyrillic-aware (Unicode NFKC + locale lower case, "ё" matches "е"), over
 * user name, infobase name, infobase UUID, client host, client IP and app-id. Every word of the
 * query must match one of those fields (AND over words).
 */
import type { SessionRow } from '../../src-preload/contract'

export type SearchableSession = Pick<
  SessionRow,
  'userName' | 'infobaseName' | 'infobase' | 'host' | 'clientIp' | 'appId'
>

/** Folds text for comparison: NFKC, lower case (ru/en), ё→е. */
export function foldSearchText(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase('ru-RU').replace(/ё/g, 'е')
}

/** The words of a query, folded; empty for a blank query. */
export function searchTerms(query: string): string[] {
  return foldSearchText(query).split(/\s+/).filter(Boolean)
}

export function sessionMatches(row: SearchableSession, terms: readonly string[]): boolean {
  if (terms.length === 0) return true
  const haystack = foldSearchText(
    `${row.userName}\u0001${row.infobaseName}\u0001${row.infobase}\u0001${row.host}\u0001${row.clientIp}\u0001${row.appId}`,
  )
  return terms.every((t) => haystack.includes(t))
}

/** The rows matching `query` (all rows for a blank query), in their original order. */
export function searchSessions<R extends SearchableSession>(rows: readonly R[], query: string): R[] {
  const terms = searchTerms(query)
  if (terms.length === 0) return [...rows]
  return rows.filter((r) => sessionMatches(r, terms))
}

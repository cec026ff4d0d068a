/**
 * Session search, one implementation for the grid's search box, "find a user", and the CLI's
 * --search: case-insensitive and Cyrillic-aware (Unicode NFKC, locale lower case, "ё" matches
 * "е"), over user name, infobase name, infobase UUID, client host, client IP and app-id. Every
 * word of the query must match (AND over words). Pure functions, no platform imports.
 */
import type { SessionRow } from './contract'

export type SearchableSession = Pick<
  SessionRow,
  'userName' | 'infobaseName' | 'infobase' | 'host' | 'clientIp' | 'appId'
>

/**
 * Folds text for comparison: NFKC, lower case (ru/en), ё→е. Russian has no language-specific case
 * mappings (only Lithuanian, Turkish and Azeri do), so the locale-free toLowerCase gives what
 * toLocaleLowerCase('ru-RU') gives, about ten times faster (10,000 session keys: ~2 ms, not ~23).
 */
export function foldSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/ё/g, 'е')
}

/** The words of a query, folded; empty for a blank query. */
export function searchTerms(query: string): string[] {
  return foldSearchText(query).split(/\s+/).filter(Boolean)
}

/** One folded haystack per session; fields separated by a character nobody types. */
export function searchKey(row: SearchableSession): string {
  return foldSearchText(
    `${row.userName}\u0001${row.infobaseName}\u0001${row.infobase}\u0001${row.host}\u0001${row.clientIp}\u0001${row.appId}`,
  )
}

export function keyMatches(key: string, terms: readonly string[]): boolean {
  for (const t of terms) if (!key.includes(t)) return false
  return true
}

/**
 * The rows whose precomputed key (searchKey, built once per refresh) contains every word of the
 * query, in their original order; all rows for a blank query.
 */
export function filterByQuery<T>(rows: readonly T[], keys: readonly string[], query: string): T[] {
  const terms = searchTerms(query)
  if (terms.length === 0) return rows.slice()
  const out: T[] = []
  for (let i = 0; i < rows.length; i++) if (keyMatches(keys[i]!, terms)) out.push(rows[i]!)
  return out
}

/** The rows matching `query`, computing each key on the way (one-off searches, the CLI). */
export function searchSessions<R extends SearchableSession>(rows: readonly R[], query: string): R[] {
  return filterByQuery(rows, rows.map(searchKey), query)
}

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
 * A list's keys joined into one text, made once per list (a list's keys are never changed once
 * searched): a keystroke then finds its word with the engine's native substring search over one
 * string instead of one `includes` per row (10,000 rows: ~0.5 ms, not ~3.5 on a fresh page).
 */
interface JoinedKeys {
  text: string
  /** Where each key ends in `text` (the separator after it). */
  ends: Int32Array
}

/** Between keys in the joined text; a word holding it is searched row by row instead. */
const KEY_SEPARATOR = '\u0002'
const joined = new WeakMap<readonly string[], JoinedKeys>()

function joinedKeys(keys: readonly string[]): JoinedKeys {
  let j = joined.get(keys)
  if (j === undefined || j.ends.length !== keys.length) {
    const ends = new Int32Array(keys.length)
    let at = 0
    for (let i = 0; i < keys.length; i++) {
      at += keys[i]!.length
      ends[i] = at
      at += KEY_SEPARATOR.length
    }
    j = { text: keys.join(KEY_SEPARATOR), ends }
    joined.set(keys, j)
  }
  return j
}

/** Makes the joined keys ahead of the first search (when the browser is idle after a refresh). */
export function prepareSearch(keys: readonly string[]): void {
  joinedKeys(keys)
}

/**
 * The rows whose precomputed key (searchKey, built once per refresh) contains every word of the
 * query, in their original order; all rows for a blank query. The longest word is looked for in
 * the joined keys; only the rows it is found in are tried with the other words.
 */
export function filterByQuery<T>(rows: readonly T[], keys: readonly string[], query: string): T[] {
  const terms = searchTerms(query)
  if (terms.length === 0) return rows.slice()
  const out: T[] = []
  const longest = terms.reduce((a, b) => (b.length > a.length ? b : a))
  if (longest.includes(KEY_SEPARATOR)) {
    for (let i = 0; i < rows.length; i++) if (keyMatches(keys[i]!, terms)) out.push(rows[i]!)
    return out
  }
  const others = terms.filter((t) => t !== longest)
  const { text, ends } = joinedKeys(keys)
  const n = Math.min(rows.length, keys.length)
  let row = 0
  for (let at = text.indexOf(longest); at >= 0 && row < n; at = text.indexOf(longest, at)) {
    while (ends[row]! < at + longest.length) row++ // the key the word was found in
    if (row >= n) break
    if (keyMatches(keys[row]!, others)) out.push(rows[row]!)
    at = ends[row]! + KEY_SEPARATOR.length
    row++
  }
  return out
}

/** The rows matching `query`, computing each key on the way (one-off searches, the CLI). */
export function searchSessions<R extends SearchableSession>(rows: readonly R[], query: string): R[] {
  return filterByQuery(rows, rows.map(searchKey), query)
}

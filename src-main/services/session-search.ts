/** Session search for the services and the CLI: the shared implementation in src-shared. */
import { keyMatches, searchKey, type SearchableSession } from '../../src-shared/session-search'

export { foldSearchText, searchSessions, searchTerms, type SearchableSession } from '../../src-shared/session-search'

export function sessionMatches(row: SearchableSession, terms: readonly string[]): boolean {
  return terms.length === 0 || keyMatches(searchKey(row), terms)
}

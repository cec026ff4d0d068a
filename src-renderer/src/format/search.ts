/** The search box's matching: the one implementation shared with main (src-preload/session-search). */
export { filterByQuery, foldSearchText as foldText, searchKey, searchTerms } from '../../../src-preload/session-search'

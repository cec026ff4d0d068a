/** The search box's matching: the one implementation shared with main (src-shared/session-search). */
export {
  filterByQuery,
  foldSearchText as foldText,
  prepareSearch,
  searchKey,
  searchTerms,
} from '../../../src-shared/session-search'

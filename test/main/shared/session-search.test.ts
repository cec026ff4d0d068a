import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { filterByQuery, keyMatches, prepareSearch, searchTerms } from '../../../src-shared/session-search'

/** The definition: every word of the query is in the row's key, rows in their order. */
function naive<T>(rows: readonly T[], keys: readonly string[], query: string): T[] {
  const terms = searchTerms(query)
  return rows.filter((_, i) => keyMatches(keys[i]!, terms))
}

// Few letters, so words are found often, across keys and fields; \u0001 separates a key's fields.
const letter = fc.constantFrom('п', 'е', 'т', 'р', 'о', 'в', 'а', 'a', '1', '-', '\u0001', '\u0002')
const key = fc.array(letter, { maxLength: 12 }).map((l) => l.join(''))
const query = fc.array(fc.oneof(letter, fc.constantFrom(' ', 'ё', 'П')), { maxLength: 8 }).map((l) => l.join(''))

describe('filterByQuery over the joined keys', () => {
  it('finds exactly the rows whose key holds every word, in their order (any keys, any query)', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 40 }), query, (keys, q) => {
        const rows = keys.map((_, i) => i)
        expect(filterByQuery(rows, keys, q)).toEqual(naive(rows, keys, q))
      }),
      { numRuns: 2000 },
    )
  })

  it('typing on over the same keys, prepared ahead, as a search box does', () => {
    const keys = ['петрова\u0001бух', 'петров\u0001зуп', '', 'иванова\u0001бух', 'петрова анна\u0001зуп']
    const rows = keys.map((_, i) => i)
    prepareSearch(keys)
    const shown = ['п', 'пе', 'пет', 'петрова', 'петрова зуп', 'ова', 'бух ова', 'нет'].map((q) =>
      filterByQuery(rows, keys, q),
    )
    expect(shown).toEqual([[0, 1, 4], [0, 1, 4], [0, 1, 4], [0, 4], [4], [0, 3, 4], [0, 3], []])
    expect(filterByQuery(rows, keys, '  ')).toEqual(rows)
  })

  it('a word never matches across two keys', () => {
    const keys = ['ab', 'cd']
    expect(filterByQuery([0, 1], keys, 'bc')).toEqual([])
    expect(filterByQuery([0, 1], keys, 'b\u0002c')).toEqual([])
  })
})

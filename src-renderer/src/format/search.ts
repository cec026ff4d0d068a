/** The one search box: user, infobase name, infobase UUID, host, client IP. Case-insensitive. */
import type { SessionRow } from '../../../src-preload/contract'

/** Lower case (Cyrillic included) with ё folded into е, as Russian users type it either way. */
export function foldText(s: string): string {
  return s.toLocaleLowerCase('ru-RU').replace(/ё/g, 'е')
}

/** One haystack per row, built once per refresh. Fields separated by a char nobody types. */
export function searchKey(r: SessionRow): string {
  return foldText(`${r.userName}\u0001${r.infobaseName}\u0001${r.infobase}\u0001${r.host}\u0001${r.clientIp}`)
}

/** Indexes of rows whose key contains every whitespace-separated term of the query. */
export function filterByQuery<T>(rows: readonly T[], keys: readonly string[], query: string): T[] {
  const terms = foldText(query).split(/\s+/).filter(Boolean)
  if (terms.length === 0) return rows.slice()
  const out: T[] = []
  for (let i = 0; i < rows.length; i++) {
    const k = keys[i]!
    let ok = true
    for (const t of terms) {
      if (!k.includes(t)) {
        ok = false
        break
      }
    }
    if (ok) out.push(rows[i]!)
  }
  return out
}

/**
 * The JSON text of an api answer in pieces, exactly as JSON.stringify writes it whole: the preview
 * server sends each piece as it is made, so a list of 10,000 sessions (~5 MB) starts on its way
 * to the page while its later columns are still being written, and no 10 MB string is built.
 * Plain objects and arrays are walked; everything else (numbers, strings, arrays of them, values
 * with toJSON) is left to JSON.stringify, so its rules (undefined skipped or null, toJSON, escapes)
 * are the ones that apply.
 */

function walkable(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false
  if (Array.isArray(value)) return true
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

/**
 * Writes `value` as JSON: `emit` gets every piece of at least `pieceSize` characters as it is
 * made; the rest (all of it for a small value) is returned. Throws as JSON.stringify does (a
 * cycle is a TypeError).
 */
export function jsonPieces(value: unknown, emit: (piece: string) => void, pieceSize = 64 * 1024): string {
  let pending = ''
  const put = (text: string) => {
    pending += text
    if (pending.length >= pieceSize) {
      emit(pending)
      pending = ''
    }
  }
  const open = new Set<object>()
  const walk = (v: object): void => {
    if (open.has(v)) throw new TypeError('Converting circular structure to JSON')
    open.add(v)
    if (Array.isArray(v)) {
      // A column of a session table: numbers or strings, written in one call.
      if (!v.some(walkable)) put(JSON.stringify(v))
      else {
        put('[')
        for (let i = 0; i < v.length; i++) {
          if (i > 0) put(',')
          const item: unknown = v[i]
          if (walkable(item)) walk(item)
          else put(JSON.stringify(item) ?? 'null')
        }
        put(']')
      }
    } else {
      put('{')
      let first = true
      for (const key of Object.keys(v)) {
        const item: unknown = (v as Record<string, unknown>)[key]
        const text = walkable(item) ? null : (JSON.stringify(item) as string | undefined)
        if (text === undefined) continue // undefined, a function, a symbol: left out
        put(`${first ? '' : ','}${JSON.stringify(key)}:`)
        first = false
        if (text === null) walk(item as object)
        else put(text)
      }
      put('}')
    }
    open.delete(v)
  }
  if (walkable(value)) walk(value)
  else return JSON.stringify(value) ?? ''
  return pending
}

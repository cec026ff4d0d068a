/**
 * A list reply decoded straight into columns, one array per field, from the same declaration as
 * the row decoder (record.ts `fieldReads`): no object per record, so a 10,000-session list leaves
 * nothing for the GC to copy but the columns themselves — which is the shape the app sends over
 * IPC anyway (docs/architecture.md §6.3; npm run bench, items 1, 4a and 5). A nested list the
 * caller shows one field of (a session's licences) is read without an object per item.
 */
import type { Reader } from './codec'
import { absentValue, fieldReads, listCount, type RecordDef, type RecordValue } from './record'
import { firstItemReader } from './record-skip'

/**
 * Nested lists a caller shows one field of: the column of list field `K` holds field `first` of
 * each record's first item, and the other items are read and dropped (record-skip.ts). Pass one
 * object for good (a module constant): the compiled decoders are cached by its identity.
 */
export type ColumnReductions = Readonly<Record<string, { readonly first: string }>>

/** No reduction: every column as decodeList gives it. */
export const NO_REDUCTIONS: Readonly<Record<never, never>> = Object.freeze({})

type FirstItemField<V, F> = V extends readonly (infer I)[] ? (F extends keyof I ? I[F] : never) : never

/** One array per field of the record, the i-th entry of each from the i-th record. */
export type RecordColumns<R extends RecordDef, P extends ColumnReductions = Record<never, never>> = {
  [K in keyof RecordValue<R>]: K extends keyof P
    ? FirstItemField<RecordValue<R>[K], P[K]['first']>[]
    : RecordValue<R>[K][]
}

export interface ColumnList<R extends RecordDef, P extends ColumnReductions = Record<never, never>> {
  count: number
  columns: RecordColumns<R, P>
}

interface CompiledColumns {
  decode: (r: Reader, count: number) => Record<string, unknown[]>
  release: () => void
}

const cache = new WeakMap<ColumnReductions, WeakMap<RecordDef, Map<number, CompiledColumns>>>()

/** Columns are filled with push: dense arrays, which structured clone writes compactly. */
function compileColumns(record: RecordDef, version: number, reductions: ColumnReductions): CompiledColumns {
  const reads = fieldReads(record, version)
  const releases = [reads.release]
  for (const [fieldName, { first }] of Object.entries(reductions)) {
    const i = record.fields.findIndex((f) => f.name === fieldName)
    const type = record.fields[i]?.type
    if (typeof type !== 'object') throw new Error(`${record.name}.${fieldName} is not a list field`)
    const item = type.list.fields.find((f) => f.name === first)
    if (!item) throw new Error(`${type.list.name} has no field ${first}`)
    if (record.fields[i]!.since > version) {
      reads.fields[i]!.read = JSON.stringify(absentValue(item.type))
      continue
    }
    const reader = firstItemReader(type.list, version, first)
    releases.push(reader.release)
    const name = `d${reads.deps.length}`
    reads.deps.push(reader.read)
    reads.names.push(name)
    reads.fields[i]!.read = `${name}(r)`
  }
  const source = [
    `return function columns${record.name.replace(/\W/g, '')}(r, count) {`,
    `  ${reads.fields.map((_, i) => `const c${i} = []`).join('; ')}`,
    '  for (let i = 0; i < count; i++) {',
    ...reads.fields.map((f, i) => `    c${i}.push(${f.read})`),
    '  }',
    `  return { ${reads.fields.map((f, i) => `${f.key}: c${i}`).join(', ')} }`,
    '}',
  ].join('\n')
  const decode = new Function(...reads.names, source)(...reads.deps) as CompiledColumns['decode']
  return { decode, release: () => releases.forEach((release) => release()) }
}

/** `decodeList`, as columns; a list field named in `reductions` keeps one field of its first item. */
export function decodeListColumns<R extends RecordDef, P extends ColumnReductions = Record<never, never>>(
  r: Reader,
  record: R,
  version: number,
  reductions: P = NO_REDUCTIONS as P,
): ColumnList<R, P> {
  let byRecord = cache.get(reductions)
  if (!byRecord) cache.set(reductions, (byRecord = new WeakMap()))
  let byVersion = byRecord.get(record)
  if (!byVersion) byRecord.set(record, (byVersion = new Map()))
  let compiled = byVersion.get(version)
  if (!compiled) byVersion.set(version, (compiled = compileColumns(record, version, reductions)))
  try {
    const count = listCount(r, record)
    return { count, columns: compiled.decode(r, count) as RecordColumns<R, P> }
  } finally {
    compiled.release()
  }
}

/**
 * A list reply decoded straight into columns, one array per field, from the same declaration as
 * the row decoder (record.ts `fieldReads`): no object per record, so a 10,000-session list leaves
 * nothing for the GC to copy but the columns themselves — which is the shape the app sends over
 * IPC anyway (docs/architecture.md §6.3; npm run bench, items 4a and 5).
 */
import type { Reader } from './codec'
import { protocolError } from './errors'
import { fieldReads, type RecordDef, type RecordValue } from './record'

/** One array per field of the record, the i-th entry of each from the i-th record. */
export type RecordColumns<R extends RecordDef> = { [K in keyof RecordValue<R>]: RecordValue<R>[K][] }

export interface ColumnList<R extends RecordDef> {
  count: number
  columns: RecordColumns<R>
}

interface CompiledColumns {
  decode: (r: Reader, count: number) => Record<string, unknown[]>
  release: () => void
}

const cache = new WeakMap<RecordDef, Map<number, CompiledColumns>>()

/** Columns are filled with push: dense arrays, which structured clone writes compactly. */
function compileColumns(record: RecordDef, version: number): CompiledColumns {
  const reads = fieldReads(record, version)
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
  return { decode, release: reads.release }
}

/** `decodeList`, as columns. */
export function decodeListColumns<R extends RecordDef>(r: Reader, record: R, version: number): ColumnList<R> {
  let byVersion = cache.get(record)
  if (!byVersion) cache.set(record, (byVersion = new Map()))
  let compiled = byVersion.get(version)
  if (!compiled) byVersion.set(version, (compiled = compileColumns(record, version)))
  try {
    const count = r.size()
    // Upper bound on list counts: no record is smaller than one byte.
    if (count > r.remaining)
      throw protocolError(`${record.name} list count ${count} exceeds the ${r.remaining} bytes left`)
    return { count, columns: compiled.decode(r, count) as RecordColumns<R> }
  } finally {
    compiled.release()
  }
}

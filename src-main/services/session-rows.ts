/**
 * SessionInfo records as contract rows (SessionRow) and as the columnar table that crosses IPC
 * (SessionTable), both from one declaration: every SessionRow field is the record's field of the
 * same name, except the few DERIVED below. Both builders are compiled from that declaration, like
 * the record decoders (src-main/ras/record.ts): a list of 10,000 sessions goes into its columns
 * in one pass with no row object per session, which kept `api.listSessions` at twice the cost of
 * the decode it wraps (npm run bench, item 4a).
 */
import type { SessionField, SessionRow, SessionTable } from '../../src-shared/contract'
import { SESSION_FIELDS } from '../../src-shared/session-table'
import { isServiceAppId } from '../ras/app-ids'
import type { SessionRecord } from '../ras/records'

/** What a row needs beyond its record. */
export interface RowContext {
  /** infobase uuid → name */
  infobaseNames: ReadonlyMap<string, string>
  protocolMajor: number
}

const DERIVED = {
  infobaseName: (r, c) => c.infobaseNames.get(r.infobase) ?? '',
  isService: (r) => isServiceAppId(r.appId),
  // The client's IP address is sent from protocol 10 on (docs/protocol.md, SessionInfo).
  clientIp: (r, c) => (c.protocolMajor >= 10 ? (r.clientIp ?? '') : ''),
  license: (r) => r.licenses[0]?.shortPresentation ?? '',
} satisfies { [F in SessionField]?: (r: SessionRecord, c: RowContext) => SessionRow[F] }

// Compile-time check: every other field is on the record with a type the row accepts.
type Direct = Exclude<SessionField, keyof typeof DERIVED>
type DirectFits = {
  [F in Direct]: F extends keyof SessionRecord ? (SessionRecord[F] extends SessionRow[F] ? 1 : 0) : 0
}
const _directFieldsFit: DirectFits[Direct] extends 1 ? true : never = true
void _directFieldsFit

/** The expression for field `f` of record `r` in generated code (keys are identifiers from SESSION_FIELDS). */
function valueOf(f: SessionField): string {
  if (!/^[A-Za-z]\w*$/.test(f)) throw new Error(`unexpected session field name ${f}`)
  return f in DERIVED ? `d.${f}(r, ctx)` : `r.${f}`
}

type RowBuilder = (r: SessionRecord, ctx: RowContext) => SessionRow
type TableBuilder = (records: readonly SessionRecord[], ctx: RowContext) => SessionTable

const buildRow = new Function(
  'd',
  `return function sessionRow(r, ctx) {\n  return { ${SESSION_FIELDS.map((f) => `${f}: ${valueOf(f)}`).join(', ')} }\n}`,
)(DERIVED) as RowBuilder

// Columns are filled with push, never preallocated (src-shared/session-table.ts says why).
const buildTable = new Function(
  'd',
  [
    'return function sessionTable(records, ctx) {',
    `  ${SESSION_FIELDS.map((_, i) => `const c${i} = []`).join('; ')}`,
    '  for (let i = 0; i < records.length; i++) {',
    '    const r = records[i]',
    ...SESSION_FIELDS.map((f, i) => `    c${i}.push(${valueOf(f)})`),
    '  }',
    `  return { count: records.length, columns: { ${SESSION_FIELDS.map((f, i) => `${f}: c${i}`).join(', ')} } }`,
    '}',
  ].join('\n'),
)(DERIVED) as TableBuilder

/** A SessionInfo record as a contract row. */
export function sessionRow(r: SessionRecord, ctx: RowContext): SessionRow {
  return buildRow(r, ctx)
}

/** SessionInfo records as the columnar table, without a row object per session. */
export function sessionTable(records: readonly SessionRecord[], ctx: RowContext): SessionTable {
  return buildTable(records, ctx)
}

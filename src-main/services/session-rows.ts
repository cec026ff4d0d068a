/**
 * SessionInfo records as contract rows (SessionRow) and session lists as the columnar table that
 * crosses IPC (SessionTable), both from one declaration: every SessionRow field is the record's
 * field of the same name, except the few DERIVED below, each computed from one record field. The
 * table takes the decoded columns (src-main/ras/record-columns.ts) as they are and computes only
 * the derived ones, so a list of 10,000 sessions never becomes 10,000 objects in main
 * (docs/architecture.md §6.3; npm run bench, item 4a).
 */
import type { SessionField, SessionRow, SessionTable } from '../../src-shared/contract'
import { SESSION_FIELDS } from '../../src-shared/session-table'
import { isServiceAppId } from '../ras/app-ids'
import type { ColumnReductions } from '../ras/record-columns'
import type { SessionColumns, SessionRecord } from '../ras/records'

/** What a row needs beyond its record. */
export interface RowContext {
  /** infobase uuid → name */
  infobaseNames: ReadonlyMap<string, string>
  protocolMajor: number
}

interface Derived<K extends keyof SessionRecord, T> {
  from: K
  value: (v: SessionRecord[K], c: RowContext) => T
}

function derive<K extends keyof SessionRecord, T>(from: K, value: (v: SessionRecord[K], c: RowContext) => T) {
  return { from, value } satisfies Derived<K, T>
}

/**
 * Of a session's licences the table shows the first one's short name, so a list is decoded with
 * only that (record-columns.ts): no object per licence. The row from a single record reads the
 * same field below.
 */
export const LIST_REDUCTIONS = { licenses: { first: 'shortPresentation' } } as const satisfies ColumnReductions

/** A session list as this module takes it. */
export type ListedSessions = SessionColumns<typeof LIST_REDUCTIONS>

const DERIVED = {
  infobaseName: derive('infobase', (ib, c) => c.infobaseNames.get(ib) ?? ''),
  isService: derive('appId', (appId) => isServiceAppId(appId)),
  // The client's IP address is sent from protocol 10 on (docs/protocol.md, SessionInfo).
  clientIp: derive('clientIp', (ip, c) => (c.protocolMajor >= 10 ? (ip ?? '') : '')),
  license: derive('licenses', (licenses) => licenses[0]?.[LIST_REDUCTIONS.licenses.first] ?? ''),
} satisfies { [F in SessionField]?: { from: keyof SessionRecord; value: (v: never, c: RowContext) => SessionRow[F] } }

type DerivedField = keyof typeof DERIVED
// Compile-time check: every other field is on the record with a type the row accepts.
type Direct = Exclude<SessionField, DerivedField>
type DirectFits = {
  [F in Direct]: F extends keyof SessionRecord ? (SessionRecord[F] extends SessionRow[F] ? 1 : 0) : 0
}
const _directFieldsFit: DirectFits[Direct] extends 1 ? true : never = true
void _directFieldsFit

const isDerived = (f: SessionField): f is DerivedField => f in DERIVED

/** Field `f` of record `r` in generated code (keys are identifiers from SESSION_FIELDS). */
function valueOf(f: SessionField): string {
  if (!/^[A-Za-z]\w*$/.test(f)) throw new Error(`unexpected session field name ${f}`)
  return isDerived(f) ? `d.${f}.value(r.${DERIVED[f].from}, ctx)` : `r.${f}`
}

// Compiled like the record decoders (src-main/ras/record.ts): one object literal, one shape.
const buildRow = new Function(
  'd',
  `return function sessionRow(r, ctx) {\n  return { ${SESSION_FIELDS.map((f) => `${f}: ${valueOf(f)}`).join(', ')} }\n}`,
)(DERIVED) as (r: SessionRecord, ctx: RowContext) => SessionRow

/** A SessionInfo record as a contract row. */
export function sessionRow(r: SessionRecord, ctx: RowContext): SessionRow {
  return buildRow(r, ctx)
}

/**
 * A decoded session list as the table: its own columns, plus the derived ones; a field derived
 * from a list the decoder reduced is that column already.
 */
export function sessionTable(list: ListedSessions, ctx: RowContext): SessionTable {
  const from = list.columns as unknown as Record<string, unknown[]>
  const columns = {} as Record<SessionField, unknown[]>
  for (const f of SESSION_FIELDS) {
    if (isDerived(f)) {
      const { from: source, value } = DERIVED[f] as { from: string; value: (v: unknown, c: RowContext) => unknown }
      columns[f] = Object.hasOwn(LIST_REDUCTIONS, source) ? from[source]! : from[source]!.map((v) => value(v, ctx))
    } else {
      columns[f] = from[f]!
    }
  }
  return { count: list.count, columns: columns as SessionTable['columns'] }
}

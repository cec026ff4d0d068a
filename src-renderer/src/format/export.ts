/**
 * Export of the session view: the grid's visible columns (in their order) and rows (filtered and
 * sorted) as typed values, then CSV text or tab-separated clipboard text. Pure: the caller passes
 * the translated titles; XLSX writing (a library) lives in the component.
 */
import { csvDocument, guardFormula } from '../../../src-shared/csv'
import type { SessionRow } from '../../../src-shared/contract'
import type { ColumnDef, LeafDef } from '../grid/column-defs'
import { appIdLabel } from './app-id'
import { formatServerTime } from './server-time'
import type { UiLocale } from './units'

export interface ExportColumn {
  leaf: LeafDef
  title: string
}

export type ExportValue = string | number

/** Units in the exported headers: durations export as seconds, memory and traffic as bytes. */
const UNIT: Record<UiLocale, Partial<Record<LeafDef['kind'], string>>> = {
  en: { ms: ', s', seconds: ', s', bytes: ', bytes' },
  ru: { ms: ', с', seconds: ', с', bytes: ', байт' },
}

/**
 * One export column per visible grid leaf. `title(def, leaf)` gives the header text; its unit is
 * added here, and a time's header names the server's clock (`serverTime`, "server time"): a file
 * opened on another desktop has no grid header to say so.
 */
export function exportColumns(
  defs: readonly ColumnDef[],
  title: (def: ColumnDef, leaf: LeafDef) => string,
  locale: UiLocale,
  serverTime: string,
): ExportColumn[] {
  const suffix = (l: LeafDef) => (l.kind === 'time' ? ` (${serverTime})` : (UNIT[locale][l.kind] ?? ''))
  // A trend is a picture of the history, not a value of the row: not exported.
  return defs.flatMap((d) =>
    d.leaves.flatMap((l) => (l.kind === 'trend' ? [] : [{ leaf: l, title: `${title(d, l)}${suffix(l)}` }])),
  )
}

/** The value of one cell: numbers stay numbers (seconds for durations), the rest text. */
export function exportValue(row: SessionRow, l: LeafDef, locale: UiLocale, yes: string): ExportValue {
  const v = row[l.field]
  switch (l.kind) {
    case 'ms':
      return Math.round(v as number) / 1000
    case 'bytes':
    case 'seconds':
    case 'count':
    case 'int':
      return v as number
    case 'time':
      return formatServerTime(v as number | null, locale)
    case 'bool':
      return v ? yes : ''
    case 'appId':
      return appIdLabel(row.appId, locale)
    case 'ip':
      return row.clientIp || row.host
    default:
      return String(v ?? '')
  }
}

export { guardFormula }

export interface CsvOptions {
  locale: UiLocale
}

/** `;` and a decimal comma for Russian (what Excel expects there), `,` and a point for English. */
export function csvSeparator(locale: UiLocale): string {
  return locale === 'ru' ? ';' : ','
}

/** A number without grouping, with the locale's decimal mark. */
export function formatNumber(n: number, locale: UiLocale): string {
  if (!Number.isFinite(n)) return ''
  const s = String(n)
  return locale === 'ru' ? s.replace('.', ',') : s
}

function cellText(v: ExportValue, locale: UiLocale): string {
  return typeof v === 'number' ? formatNumber(v, locale) : guardFormula(v)
}

/** The table as a matrix: header row then one row per session. */
export function exportMatrix(
  rows: readonly SessionRow[],
  columns: readonly ExportColumn[],
  locale: UiLocale,
  yes: string,
): { header: string[]; body: ExportValue[][] } {
  return {
    header: columns.map((c) => c.title),
    body: rows.map((r) => columns.map((c) => exportValue(r, c.leaf, locale, yes))),
  }
}

/** The table as text: what the export matrix's rows and columns give; `yes` marks a true flag. */
type TableText = (
  rows: readonly SessionRow[],
  columns: readonly ExportColumn[],
  locale: UiLocale,
  yes: string,
) => string

/** CSV: UTF-8 BOM (Excel then reads Cyrillic right), every field quoted, CRLF line ends. */
export const buildCsv: TableText = (rows, columns, locale, yes) => {
  const { header, body } = exportMatrix(rows, columns, locale, yes)
  return csvDocument(
    [header, ...body].map((cells) => cells.map((v) => cellText(v, locale))),
    csvSeparator(locale),
  )
}

/** Tab-separated text with a header, for pasting into a spreadsheet or a message. */
export const buildTsv: TableText = (rows, columns, locale, yes) => {
  const { header, body } = exportMatrix(rows, columns, locale, yes)
  const clean = (v: ExportValue) =>
    typeof v === 'number' ? formatNumber(v, locale) : guardFormula(v.replace(/[\t\r\n]+/g, ' '))
  return [header, ...body].map((cells) => cells.map(clean).join('\t')).join('\n') + '\n'
}

/** A file name like `sessions-Main-2026-11-25-0942.csv` (server time of the snapshot if known). */
export function exportFileName(base: string, at: number, ext: 'csv' | 'xlsx'): string {
  const d = new Date(at)
  const p = (n: number) => String(n).padStart(2, '0')
  const stamp = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}`
  const safe = base.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '') || 'sessions'
  return `${safe}-${stamp}.${ext}`
}

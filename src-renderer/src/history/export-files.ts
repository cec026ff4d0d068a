/**
 * A history table written as CSV (the app's CSV conventions: src-shared/csv.ts, `;` and decimal
 * comma for Russian) or XLSX (write-excel-file, loaded on first use as the session export does).
 */
import { csvDocument, guardFormula } from '../../../src-shared/csv'
import { csvSeparator, exportFileName, formatNumber } from '../format/export'
import type { UiLocale } from '../format/units'
import type { HistoryTable } from './export-rows'

export function historyCsv(table: HistoryTable, locale: UiLocale): string {
  const text = (v: string | number) => (typeof v === 'number' ? formatNumber(v, locale) : guardFormula(v))
  return csvDocument([table.header.map(guardFormula), ...table.rows.map((r) => r.map(text))], csvSeparator(locale))
}

export async function historyXlsx(table: HistoryTable): Promise<Blob> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser')
  const sheet = [
    table.header.map((value) => ({ value: guardFormula(value), fontWeight: 'bold' as const })),
    ...table.rows.map((cells) =>
      cells.map((v) => (typeof v === 'number' ? { value: v, type: Number } : { value: guardFormula(v) })),
    ),
  ]
  return writeXlsxFile(sheet, { sheet: table.name.slice(0, 31), stickyRowsCount: 1 }).toBlob()
}

/** `History-Main-timeline-2026-11-25-0942.csv`: stamped with the period's end (server time). */
export function historyFileName(scope: string, table: HistoryTable, at: number, ext: 'csv' | 'xlsx'): string {
  return exportFileName(`history-${scope}-${table.name}`, at, ext)
}

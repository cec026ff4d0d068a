/**
 * The audit entries as CSV: UTF-8 BOM, every field quoted, CRLF; `;` for Russian (Excel's list
 * separator there), `,` for English. Reuses the session export's conventions (format/export.ts).
 */
import type { AuditEntry } from '../../../src-shared/contract'
import { csvDocument, guardFormula } from '../../../src-shared/csv'
import { csvSeparator } from './export'
import { formatAuditTime, sessionLabels } from './audit'
import type { UiLocale } from './units'

export interface AuditCsvLabels {
  header: string[]
  action: (a: AuditEntry['action']) => string
  /** The infobase's name when known (the entry holds its UUID). */
  infobase?: (id: string) => string | undefined
}

export function auditCsv(entries: readonly AuditEntry[], locale: UiLocale, labels: AuditCsvLabels): string {
  const sep = csvSeparator(locale)
  const rows = entries.map((e) => [
    formatAuditTime(e.time, locale),
    labels.action(e.action),
    e.profile,
    e.server,
    e.cluster,
    e.infobase ? (labels.infobase?.(e.infobase) ?? e.infobase) : '',
    sessionLabels(e).join(', '),
    e.message ?? '',
    e.outcome,
  ])
  return csvDocument(
    [labels.header, ...rows].map((cells) => cells.map(guardFormula)),
    sep,
  )
}

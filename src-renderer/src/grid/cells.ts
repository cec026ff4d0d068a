/**
 * Cell rendering for the session grid: plain text (an element only where the look needs one), and
 * the cell's tooltip, made when the pointer enters the cell rather than for every cell drawn.
 */
import { h, type VNode } from 'vue'
import type { SessionRow } from '../../../src-shared/contract'
import { appIdLabel } from '../format/app-id'
import { formatServerTime } from '../format/server-time'
import { formatBytes, formatCount, formatMsExact, formatSeconds, type UiLocale } from '../format/units'
import type { LeafDef } from './column-defs'
import { renderTrendCell, trendTitle, type TrendCellContext } from './trend-cell'

export interface CellContext {
  locale: UiLocale
  yes: string
  serverTime: string
  /** The Trend column's data and names; without it (the session details) the cell is empty. */
  trend?: TrendCellContext
}

export function renderCell(row: SessionRow, l: LeafDef, c: CellContext): string | VNode {
  const v = row[l.field]
  switch (l.kind) {
    case 'bytes':
      return formatBytes(v as number, c.locale)
    case 'ms':
      return formatSeconds(v as number, c.locale)
    case 'seconds':
      return formatSeconds((v as number) * 1000, c.locale)
    case 'count':
      // A zero is a reading like "0 B" in the next column, not a missing value.
      return formatCount(v as number, c.locale)
    case 'int':
      return String(v)
    case 'time':
      return formatServerTime(v as number | null, c.locale)
    case 'bool':
      return v ? c.yes : ''
    case 'appId':
      return appIdLabel(row.appId, c.locale)
    case 'ip':
      return row.clientIp || h('span', { class: 'cd-muted' }, row.host)
    case 'trend':
      return c.trend ? renderTrendCell(row.session, c.trend, c.locale) : ''
    default:
      return String(v ?? '')
  }
}

/** The tooltip of a cell: what the cell cuts short or rounds, or null for none. */
export function cellTitle(row: SessionRow, l: LeafDef, c: CellContext): string | null {
  const v = row[l.field]
  switch (l.kind) {
    case 'ms':
      return formatMsExact(v as number, c.locale)
    case 'time': {
      const s = formatServerTime(v as number | null, c.locale)
      return s ? `${s} (${c.serverTime})` : null
    }
    case 'appId': {
      // The whole label, which the column may cut ("Системное фоновое задание"), and the id the server sent.
      const label = appIdLabel(row.appId, c.locale)
      return label === row.appId ? row.appId : `${label} (${row.appId})`
    }
    case 'ip':
      return row.clientIp ? null : row.host
    case 'trend':
      return c.trend ? trendTitle(row.session, c.trend, c.locale) : null
    case 'text':
    case 'uuid': {
      const s = String(v ?? '')
      return s || null
    }
    default:
      return null
  }
}

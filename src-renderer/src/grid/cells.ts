/** Cell rendering for the session grid: plain text or a span with a native tooltip (cheap). */
import { h, type VNodeChild } from 'vue'
import type { SessionRow } from '../../../src-shared/contract'
import { appIdLabel } from '../format/app-id'
import { formatServerTime } from '../format/server-time'
import { formatBytes, formatCount, formatMsExact, formatSeconds, type UiLocale } from '../format/units'
import type { LeafDef } from './column-defs'

export interface CellContext {
  locale: UiLocale
  yes: string
  serverTime: string
}

export function renderCell(row: SessionRow, l: LeafDef, c: CellContext): VNodeChild {
  const v = row[l.field]
  switch (l.kind) {
    case 'bytes':
      return formatBytes(v as number, c.locale)
    case 'ms':
      return h('span', { title: formatMsExact(v as number, c.locale) }, formatSeconds(v as number, c.locale))
    case 'seconds':
      return formatSeconds((v as number) * 1000, c.locale)
    case 'count':
      // A zero is a reading like "0 B" in the next column, not a missing value.
      return formatCount(v as number, c.locale)
    case 'int':
      return String(v)
    case 'time': {
      const s = formatServerTime(v as number | null, c.locale)
      return s ? h('span', { title: `${s} (${c.serverTime})` }, s) : ''
    }
    case 'bool':
      return v ? c.yes : ''
    case 'appId':
      return h('span', { title: row.appId }, appIdLabel(row.appId, c.locale))
    case 'ip':
      return row.clientIp || h('span', { class: 'cd-muted', title: row.host }, row.host)
    default: {
      const s = String(v ?? '')
      return s ? h('span', { title: s }, s) : ''
    }
  }
}

/**
 * A user's sessions laid out for the user's timeline: one lane per infobase and computer, each
 * session a bar from when it appeared to when it ended (or the period's end), as fractions of the
 * period so the view places them with percentages.
 */
import type { HistoryPeriod, UserSessionSpan } from '../../../src-shared/history-contract'

export interface SpanBar {
  span: UserSessionSpan
  /** 0…1 of the period. */
  left: number
  width: number
}

export interface Lane {
  infobaseName: string
  host: string
  bars: SpanBar[]
}

const clamp = (v: number) => Math.min(1, Math.max(0, v))

export function userLanes(spans: readonly UserSessionSpan[], period: HistoryPeriod): Lane[] {
  const length = Math.max(1, period.to - period.from)
  const lanes = new Map<string, Lane>()
  for (const span of [...spans].sort((a, b) => a.appeared - b.appeared)) {
    const key = `${span.infobaseName}\u0001${span.host}`
    let lane = lanes.get(key)
    if (!lane) {
      lane = { infobaseName: span.infobaseName, host: span.host, bars: [] }
      lanes.set(key, lane)
    }
    const left = clamp((span.appeared - period.from) / length)
    const right = clamp(((span.ended ?? period.to) - period.from) / length)
    lane.bars.push({ span, left, width: Math.max(0.002, right - left) })
  }
  return [...lanes.values()].sort(
    (a, b) => a.infobaseName.localeCompare(b.infobaseName) || a.host.localeCompare(b.host),
  )
}

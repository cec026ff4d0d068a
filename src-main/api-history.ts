/**
 * The history calls of the contract (src-shared/history-contract.ts): their argument schemas,
 * spread into api.ts's ARGUMENTS, and their implementation over the HistoryService.
 */
import { z } from 'zod'
import {
  HISTORY_METRICS,
  type HistoryApi,
  type HistoryPeriod,
  type HistorySettings,
  type TimelineQuery,
  type TopQueryInput,
} from '../src-shared/history-contract'
import { HISTORY_SETTING_RANGES, historySettingsProblem } from '../src-shared/history-settings'
import { profileIdSchema as profileId } from '../src-shared/profile-schema'
import { MAX_SERVER_TIME, MIN_SERVER_TIME } from '../src-shared/server-time'
import { UUID_PATTERN } from '../src-shared/validate'
import type { Services } from './services'

/** The rows of the grid on screen: the trends asked for at once. */
export const MAX_TREND_SESSIONS = 200
/** 1C user names are at most 64 characters; leave room, refuse a megabyte. */
const MAX_USER_NAME = 1024

const uuid = z.string().max(36).regex(UUID_PATTERN, 'expected a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)')
const time = z.number().int().min(MIN_SERVER_TIME).max(MAX_SERVER_TIME)
const period = { from: time, to: time }
const ordered = (p: HistoryPeriod) => p.to > p.from
const ORDER = { message: 'to must be after from', path: ['to'] }

const periodSchema = z.strictObject(period).refine(ordered, ORDER) satisfies z.ZodType<HistoryPeriod>

/** A chart's points: two per pixel column of the widest screen there is, at most. */
const MAX_TIMELINE_POINTS = 20_000
const timelineSchema = z
  .strictObject({ ...period, points: z.number().int().min(2).max(MAX_TIMELINE_POINTS).optional() })
  .refine(ordered, ORDER) satisfies z.ZodType<TimelineQuery>

const topQuerySchema = z
  .strictObject({ ...period, by: z.enum(HISTORY_METRICS), limit: z.number().int().min(1).max(100).optional() })
  .refine(ordered, ORDER) satisfies z.ZodType<TopQueryInput>

const setting = (key: keyof HistorySettings) =>
  z.number().int().min(HISTORY_SETTING_RANGES[key].min).max(HISTORY_SETTING_RANGES[key].max)

const settingsSchema = z
  .strictObject({
    rawHours: setting('rawHours'),
    aggregateDays: setting('aggregateDays'),
    totalsDays: setting('totalsDays'),
    maxMegabytes: setting('maxMegabytes'),
    everySeconds: setting('everySeconds'),
  })
  .check((ctx) => {
    const problem = historySettingsProblem(ctx.value)
    if (problem !== null) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value })
  }) satisfies z.ZodType<HistorySettings>

type HistoryMethod = keyof HistoryApi

export const HISTORY_ARGUMENTS: { [M in HistoryMethod]: readonly z.ZodType[] } = {
  historyStatus: [],
  setHistorySettings: [settingsSchema],
  historyTimeline: [profileId, uuid, timelineSchema],
  historyTop: [profileId, uuid, topQuerySchema],
  historyUser: [profileId, uuid, z.string().max(MAX_USER_NAME), periodSchema],
  historyTrends: [profileId, uuid, z.array(uuid).max(MAX_TREND_SESSIONS)],
}

export function historyImpl({ history }: Services): { [M in HistoryMethod]: (...args: never[]) => Promise<unknown> } {
  // Each answer includes the samples of the lists answered before it (they are written just after).
  const read = async <T>(answer: () => T): Promise<T> => {
    await history.written()
    return answer()
  }
  return {
    historyStatus: () => read(() => history.status()),
    setHistorySettings: async (s: HistorySettings) => history.setSettings(s),
    historyTimeline: (id: string, cluster: string, q: TimelineQuery) => read(() => history.timeline(id, cluster, q)),
    historyTop: (id: string, cluster: string, q: TopQueryInput) => read(() => history.top(id, cluster, q)),
    historyUser: (id: string, cluster: string, user: string, p: HistoryPeriod) =>
      read(() => history.user(id, cluster, user, p)),
    historyTrends: (id: string, cluster: string, ids: string[]) => read(() => history.trends(id, cluster, ids)),
  }
}

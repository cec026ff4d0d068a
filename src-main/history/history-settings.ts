/**
 * The user's history settings kept in the history file itself (table `settings`, schema 2), so the
 * app and `clusterdesk record` — two processes sharing the file — keep the same retention and cap.
 * A value that is missing or out of range reads as its default.
 */
import type Database from 'better-sqlite3'
import { HISTORY_SETTING_RANGES, historySettingsProblem } from '../../src-shared/history-settings'
import { DEFAULT_SETTINGS, type StoredSettings } from './history-port'
import { prepared } from './statements'

const KEY = 'history'

export function readSettings(db: Database.Database): StoredSettings {
  const row = prepared(db, 'SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined
  if (!row) return { ...DEFAULT_SETTINGS }
  let saved: Record<string, unknown> = {}
  try {
    const parsed = JSON.parse(row.value) as unknown
    if (typeof parsed === 'object' && parsed !== null) saved = parsed as Record<string, unknown>
  } catch {
    // a hand-edited value: the defaults
  }
  const out = { ...DEFAULT_SETTINGS }
  for (const key of Object.keys(HISTORY_SETTING_RANGES) as Array<keyof StoredSettings>) {
    const v = saved[key]
    const r = HISTORY_SETTING_RANGES[key]
    if (typeof v === 'number' && Number.isInteger(v) && v >= r.min && v <= r.max) out[key] = v
  }
  return historySettingsProblem(out) === null ? out : { ...DEFAULT_SETTINGS }
}

export function writeSettings(db: Database.Database, s: StoredSettings): void {
  const problem = historySettingsProblem(s)
  if (problem !== null) throw new RangeError(`history settings: ${problem}`)
  const value = JSON.stringify({
    rawHours: s.rawHours,
    aggregateDays: s.aggregateDays,
    totalsDays: s.totalsDays,
    maxMegabytes: s.maxMegabytes,
    everySeconds: s.everySeconds,
  })
  prepared(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(KEY, value)
}

/** Whether the file holds saved settings (otherwise the caller's retention, or the defaults, apply). */
export function hasSettings(db: Database.Database): boolean {
  return prepared(db, 'SELECT 1 FROM settings WHERE key = ?').get(KEY) !== undefined
}

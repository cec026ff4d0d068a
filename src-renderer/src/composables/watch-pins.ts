/**
 * Pinned sessions and users of a profile (issue 19): the grid marks their rows, and the row menu
 * pins or unpins one. Pins live in the profile (setProfileWatch); the watch then alerts when a
 * pinned session ends or a pinned user comes and goes.
 */
import { computed } from 'vue'
import type { SessionRow } from '../../../src-shared/contract'
import type { WatchPin } from '../../../src-shared/watch-rules'
import { call } from '../api'
import { useProfilesStore } from '../stores/profiles'

export function useWatchPins(profileId: () => string) {
  const profiles = useProfilesStore()
  const watch = computed(() => profiles.byId.get(profileId())?.watch ?? { rules: {}, pins: [] })
  const pinned = computed(() => {
    const sessions = new Set<string>()
    const users = new Set<string>()
    for (const p of watch.value.pins) {
      if ('session' in p) sessions.add(p.session.toLowerCase())
      else users.add(p.userName)
    }
    return { sessions, users }
  })
  const isPinned = computed(() => {
    const { sessions, users } = pinned.value
    if (sessions.size === 0 && users.size === 0) return () => false
    return (row: SessionRow) => sessions.has(row.session.toLowerCase()) || users.has(row.userName)
  })

  /** Pins the session (or its user), or unpins it when it is pinned; says which it did. */
  async function toggle(kind: 'session' | 'user', row: SessionRow) {
    const same = (p: WatchPin) =>
      kind === 'session'
        ? 'session' in p && p.session.toLowerCase() === row.session.toLowerCase()
        : 'userName' in p && p.userName === row.userName
    const had = watch.value.pins.some(same)
    const pin: WatchPin = kind === 'session' ? { session: row.session } : { userName: row.userName }
    const pins = had ? watch.value.pins.filter((p) => !same(p)) : [...watch.value.pins, pin]
    const r = await call((a) => a.setProfileWatch(profileId(), { rules: watch.value.rules, pins }))
    if (r.ok) profiles.upsert(r.value)
    return { ok: r.ok, watching: !had, error: r.ok ? null : r.error }
  }

  return { isPinned, toggle }
}

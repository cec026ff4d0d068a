/**
 * Licences held by sessions, summed up: per licence server, series and kind (software or a HASP
 * key, docs/protocol.md §6.5 license-type), sleeping sessions that still hold one, and unique
 * users against sessions. Pure; the fleet total is the summary of every cluster's sessions at once.
 */
import type { LicenseGroup, LicenseKind, LicenseSummary } from '../../src-shared/around-contract'
import type { LicenseDto } from '../../src-shared/contract'

export interface LicensedSession {
  userName: string
  hibernate: boolean
  licenses: readonly LicenseDto[]
}

export const licenseKind = (l: Pick<LicenseDto, 'licenseType'>): LicenseKind =>
  l.licenseType === 1 ? 'hasp' : 'software'

export const licenseServerOf = (l: Pick<LicenseDto, 'rmngrAddress' | 'rmngrPort'>): string =>
  l.rmngrAddress === '' ? '' : `${l.rmngrAddress}:${l.rmngrPort}`

export function summarizeLicenses(sessions: Iterable<LicensedSession>): LicenseSummary {
  const groups = new Map<string, LicenseGroup & { names: Set<string> }>()
  const users = new Set<string>()
  const byKind: Record<LicenseKind, number> = { software: 0, hasp: 0 }
  let count = 0
  let withLicense = 0
  let sleeping = 0
  for (const s of sessions) {
    count++
    if (s.licenses.length === 0) continue
    withLicense++
    if (s.hibernate) sleeping++
    users.add(s.userName)
    const kinds = new Set<LicenseKind>()
    for (const l of s.licenses) {
      const kind = licenseKind(l)
      kinds.add(kind)
      const key = `${licenseServerOf(l)}\n${l.series}\n${kind}`
      let g = groups.get(key)
      if (!g) {
        g = {
          licenseServer: licenseServerOf(l),
          series: l.series,
          kind,
          shortPresentation: l.shortPresentation,
          maxUsers: l.maxUsersAll,
          sessions: 0,
          sleepingSessions: 0,
          users: 0,
          names: new Set(),
        }
        groups.set(key, g)
      }
      g.sessions++
      if (s.hibernate) g.sleepingSessions++
      g.names.add(s.userName)
    }
    for (const k of kinds) byKind[k]++
  }
  const list = [...groups.values()].map(({ names, ...g }) => ({ ...g, users: names.size }))
  list.sort(
    (a, b) =>
      b.sessions - a.sessions || a.licenseServer.localeCompare(b.licenseServer) || a.series.localeCompare(b.series),
  )
  return {
    groups: list,
    sessions: count,
    sessionsWithLicense: withLicense,
    sleepingWithLicense: sleeping,
    uniqueUsers: users.size,
    byKind,
  }
}

/** Data the renderer tests build the same way: profiles, lock states, tabs, component props. */
import type { LockState, ProfileDto } from '../../src-shared/contract'
import { infobaseTabId, type TabDescriptor } from '../../src-renderer/src/stores/tabs'

/** The server's clock in the dialog tests: 02:13:00 on 2026-11-25 (server wall clock, UTC ms). */
export const SERVER_NOW = Date.UTC(2026, 10, 25, 2, 13, 0)

/** A saved profile as the store holds it, for components given a profile (no server behind it). */
export function profileDto(overrides: Partial<ProfileDto> = {}): ProfileDto {
  return {
    id: 'p1',
    name: 'Бухгалтерия (прод)',
    group: '',
    host: 'srv',
    port: 1545,
    clusterUser: '',
    hasClusterPassword: false,
    askClusterPassword: false,
    infobaseCredentials: [],
    label: 'prod',
    refreshInterval: 0,
    protection: 'normal',
    demo: false,
    recordHistory: false,
    watch: { rules: {}, pins: [] },
    ...overrides,
  }
}

/** A lock in effect since 2026-11-20 08:00 until 23:45 on SERVER_NOW's day, jobs allowed. */
export const ACTIVE_LOCK: LockState = {
  infobase: 'ib',
  name: 'buh_prod',
  sessionsDeny: true,
  active: true,
  phase: 'active',
  serverNow: SERVER_NOW,
  deniedFrom: Date.UTC(2026, 10, 20, 8, 0, 0),
  deniedTo: Date.UTC(2026, 10, 25, 23, 45, 0),
  deniedMessage: 'Идёт обновление',
  permissionCode: '777',
  deniedParameter: '',
  scheduledJobsDeny: false,
}

/** The infobase settings of a lock set on the simulated server (`world.lockInfobase`). */
export const lockRecord = (deniedFrom: number, deniedTo: number | null, deniedMessage = '', permissionCode = '') => ({
  sessionsDeny: true,
  deniedFrom,
  deniedTo,
  deniedMessage,
  permissionCode,
  scheduledJobsDeny: false,
})

/** The tab of an infobase, as the cluster tab opens it. */
export function infobaseTab(
  profileId: string,
  clusterId: string,
  ib: { infobase: string; name: string },
): TabDescriptor {
  return {
    id: infobaseTabId(profileId, clusterId, ib.infobase),
    kind: 'infobase',
    profileId,
    clusterId,
    clusterName: 'c',
    infobaseId: ib.infobase,
    infobaseName: ib.name,
  }
}

/** RunbookDialog's props for an infobase, with no infobase credentials and no current lock. */
export const runbookProps = (
  profile: ProfileDto,
  clusterId: string,
  ib: { infobase: string; name: string },
  extra: Record<string, unknown> = {},
) => ({
  show: true,
  profile,
  clusterId,
  infobaseId: ib.infobase,
  infobaseName: ib.name,
  auth: { credentials: undefined, defaultUser: '' },
  current: null,
  ...extra,
})

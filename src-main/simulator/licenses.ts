/**
 * The client licences of a simulated cluster (docs/protocol.md §6.5): several software series
 * issued by the cluster's licence server, and HASP keys (license-type 1, no file, a network key)
 * served from the second working server, as a real installation that grew over the years has them.
 */
import type { LicenseRecord } from '../ras/records'
import type { SimCluster } from './model'
import type { Random } from './random'

/** A licence server: the manager (rmngr) that issues the licences, by address, port and PID. */
export interface LicenseServer {
  host: string
  port: number
  pid: string
}

/** Software series with their seat counts: the first is the big one most sessions take. */
const SOFTWARE_SEATS = [500, 100, 50] as const
/** HASP network keys: series and seats as printed on 1C's keys. */
const HASP_KEYS = [
  { series: 'ORGL8', seats: 50 },
  { series: 'ORG8B', seats: 20 },
] as const

export function softwareLicense(rng: Random, server: LicenseServer, seats: number): LicenseRecord {
  const series = `8100${rng.int(100_000, 999_999)}`
  const file = `file:///C:/ProgramData/1C/licenses/2024${rng.int(10, 12)}${rng.int(10, 28)}1015${rng.int(10, 59)}.lic`
  return {
    fullName: file,
    fullPresentation: `Клиент, ${server.pid}, ${series} ${seats} ${seats}, ${file}`,
    issuedByServer: true,
    licenseType: 0,
    maxUsersAll: seats,
    maxUsersCur: seats,
    net: false,
    rmngrAddress: server.host,
    rmngrPid: server.pid,
    rmngrPort: server.port,
    series,
    shortPresentation: `Клиент, ${series} ${seats} ${seats}`,
  }
}

export function haspLicense(server: LicenseServer, series: string, seats: number): LicenseRecord {
  return {
    fullName: '',
    fullPresentation: `Клиент, ${series} ${seats} (сетевой ключ HASP, ${server.host})`,
    issuedByServer: true,
    licenseType: 1,
    maxUsersAll: seats,
    maxUsersCur: seats,
    net: true,
    rmngrAddress: server.host,
    rmngrPid: server.pid,
    rmngrPort: server.port,
    series,
    shortPresentation: `Клиент, ${series} ${seats}`,
  }
}

/** The cluster's pool: software series from the main manager, HASP keys from the second server's. */
export function licensePool(cluster: SimCluster, rng: Random): LicenseRecord[] {
  const [main, second] = cluster.managers
  const software: LicenseServer = { host: cluster.info.host, port: cluster.info.port, pid: main?.pid ?? '1' }
  const keys: LicenseServer = second ? { host: second.host, port: second.port, pid: second.pid } : software
  return [
    ...SOFTWARE_SEATS.map((seats) => softwareLicense(rng, software, seats)),
    ...HASP_KEYS.map((k) => haspLicense(keys, k.series, k.seats)),
  ]
}

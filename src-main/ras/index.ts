/** The RAS protocol client: usable from Node, the CLI, the simulator and tests. No Electron. */
export { RasClient } from './client'
export { RasConnection, DEFAULT_PORT, KNOWN_VERSIONS, versionMajor, type ConnectOptions } from './connection'
export { RasError, isRasError, type RasErrorKind, type NotFoundSubject } from './errors'
export { EMPTY_UUID, type ServerTime, ticksToServerTime, serverTimeToTicks } from './codec'
export * from './records'

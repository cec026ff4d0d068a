import { defineRecord, field, list } from '../record'

export const PortRange = defineRecord('PortRange', [field('high', 'u16'), field('low', 'u16')])

/**
 * ServerInfo (docs/protocol.md §6.9): a working server. Ports are u16 (captures). service-principal-name is
 * present in 11 (its first version is unknown); v16 appends two bytes that rac 8.5 shows as an
 * empty restart-schedule plus one unknown byte.
 */
export const ServerInfo = defineRecord('ServerInfo', [
  field('server', 'uuid'),
  field('agentHost', 'str'),
  field('agentPort', 'u16'),
  field('name', 'str'),
  field('mainServer', 'bool'),
  field('safeWorkingProcessesMemoryLimit', 'i64'),
  field('safeCallMemoryLimit', 'i64'),
  field('infobasesLimit', 'i32'),
  field('memoryLimit', 'i64'),
  field('connectionsLimit', 'i32'),
  field('clusterPort', 'u16'),
  field('dedicateManagers', 'bool'),
  field('portRanges', list(PortRange)),
  field('criticalTotalMemory', 'i64', 8),
  field('temporaryAllowedTotalMemory', 'i64', 8),
  field('temporaryAllowedTotalMemoryTimeLimit', 'i64', 8),
  field('servicePrincipalName', 'str', 11),
  field('restartSchedule', 'str', 16),
  field('unknownV16', 'u8', 16),
])

import { defineRecord, field } from '../record'

/**
 * ClusterInfo (docs/protocol.md §6.1). The v16 tail (fields 15–18) appeared somewhere in 12–16; we never
 * negotiate 12–15, so it is gated at 16. Field 15 is 5 bytes: an i32 (always 1, not shown by rac)
 * and, most likely, the allow-access-right-audit-events-recording flag.
 */
export const ClusterInfo = defineRecord('ClusterInfo', [
  field('cluster', 'uuid'),
  field('expirationTimeout', 'i32'),
  field('host', 'str'),
  field('lifetimeLimit', 'i32'),
  field('port', 'u16'),
  field('maxMemorySize', 'i32'),
  field('maxMemoryTimeLimit', 'i32'),
  field('name', 'str'),
  field('securityLevel', 'i32'),
  field('sessionFaultToleranceLevel', 'i32'),
  field('loadBalancingMode', 'i32'),
  field('errorsCountThreshold', 'i32'),
  field('killProblemProcesses', 'bool'),
  field('killByMemoryWithDump', 'bool', 8),
  field('unknownV16', 'i32', 16),
  field('allowAccessRightAuditEventsRecording', 'bool', 16),
  field('pingPeriod', 'i32', 16),
  field('pingTimeout', 'i32', 16),
  field('restartSchedule', 'str', 16),
])

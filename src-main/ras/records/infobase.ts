import { defineRecord, field } from '../record'

/** InfobaseSummary (docs/protocol.md §6.2): note descr comes before name on the wire. */
export const InfobaseSummary = defineRecord('InfobaseSummary', [
  field('infobase', 'uuid'),
  field('descr', 'str'),
  field('name', 'str'),
])

/**
 * InfobaseInfo (docs/protocol.md §6.3), fields 1–24. What newer versions append (v16: four more settings
 * whose names are only probable) is kept as an opaque hex `tail` and written back unchanged by
 * UPDATE_INFOBASE, so a lock change never resets settings we do not understand.
 */
export const InfobaseInfo = defineRecord('InfobaseInfo', [
  field('infobase', 'uuid'),
  field('dateOffset', 'i32'),
  field('dbms', 'str'),
  field('dbName', 'str'),
  field('dbPwd', 'str'), // the server sends U+FFFD when a password is set
  field('dbServer', 'str'),
  field('dbUser', 'str'),
  field('deniedFrom', 'datetime'),
  field('deniedMessage', 'str'),
  field('deniedParameter', 'str'),
  field('deniedTo', 'datetime'),
  field('descr', 'str'),
  field('locale', 'str'),
  field('name', 'str'),
  field('permissionCode', 'str'),
  field('scheduledJobsDeny', 'bool'),
  field('securityLevel', 'i32'),
  field('sessionsDeny', 'bool'),
  field('licenseDistribution', 'i32'), // 1 allow, 0 deny
  field('externalSessionManagerConnectionString', 'str'),
  field('externalSessionManagerRequired', 'bool'),
  field('securityProfileName', 'str'),
  field('safeModeSecurityProfileName', 'str'),
  field('reserveWorkingProcesses', 'bool', 9),
  field('tail', 'tail', 12),
])

/** The server's placeholder for a stored password. */
export const MASKED_PASSWORD = '\uFFFD'

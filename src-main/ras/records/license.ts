import { defineRecord, field } from '../record'

/** LicenseInfo (docs/protocol.md §6.5), inside SessionInfo and ProcessInfo. */
export const LicenseInfo = defineRecord('LicenseInfo', [
  field('fullName', 'str'),
  field('fullPresentation', 'str'),
  field('issuedByServer', 'bool'),
  field('licenseType', 'i32'), // 0 software, 1 HASP hardware key
  field('maxUsersAll', 'i32'),
  field('maxUsersCur', 'i32'),
  field('net', 'bool'),
  field('rmngrAddress', 'str'),
  field('rmngrPid', 'str'),
  field('rmngrPort', 'i32'),
  field('series', 'str'),
  field('shortPresentation', 'str'),
])

import { defineRecord, field } from '../record'

/** ConnectionShort (docs/protocol.md §6.6): no version-dependent fields through v16. */
export const ConnectionShort = defineRecord('ConnectionShort', [
  field('connection', 'uuid'),
  field('application', 'str'),
  field('blockedByLs', 'i32'),
  field('connectedAt', 'datetime'),
  field('connId', 'i32'),
  field('host', 'str'),
  field('infobase', 'uuid'),
  field('process', 'uuid'),
  field('sessionNumber', 'i32'),
])

import { defineRecord, field } from '../record'

/** LockInfo (docs/protocol.md §6.7): a managed or object lock. */
export const LockInfo = defineRecord('LockInfo', [
  field('connection', 'uuid'),
  field('descr', 'str'),
  field('lockedAt', 'datetime'),
  field('object', 'uuid'),
  field('session', 'uuid'),
])

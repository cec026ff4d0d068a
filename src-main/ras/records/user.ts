import { defineRecord, field } from '../record'

/** UserInfo (docs/protocol.md §6.12): a cluster or agent administrator; passwords come back as U+FFFD. */
export const UserInfo = defineRecord('UserInfo', [
  field('name', 'str'),
  field('descr', 'str'),
  field('password', 'str'),
  field('passwordAuthAllowed', 'bool'),
  field('osAuthAllowed', 'bool'),
  field('osUser', 'str'),
])

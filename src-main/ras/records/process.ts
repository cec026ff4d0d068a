import { defineRecord, field, list } from '../record'
import { LicenseInfo } from './license'

/** ProcessInfo (docs/protocol.md §6.8): a working process (rphost). */
export const ProcessInfo = defineRecord('ProcessInfo', [
  field('process', 'uuid'),
  field('avgBackCallTime', 'f64'),
  field('avgCallTime', 'f64'),
  field('avgDbCallTime', 'f64'),
  field('avgLockCallTime', 'f64'),
  field('avgServerCallTime', 'f64'),
  field('avgThreads', 'f64'),
  field('capacity', 'i32'),
  field('connections', 'i32'),
  field('host', 'str'),
  field('enable', 'bool'),
  field('licenses', list(LicenseInfo)),
  field('port', 'u16'),
  field('memoryExcessTime', 'i32'),
  field('memorySize', 'i32'),
  field('pid', 'str'),
  field('running', 'i32'), // 1 = yes
  field('selectionSize', 'i32'),
  field('startedAt', 'datetime'),
  field('use', 'i32'), // 1 = used
  field('availablePerformance', 'i32'),
  field('reserve', 'bool', 9),
])

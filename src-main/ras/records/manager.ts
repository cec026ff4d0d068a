import { defineRecord, field, list } from '../record'

/** ManagerInfo (docs/protocol.md §6.10): a cluster manager (rmngr). */
export const ManagerInfo = defineRecord('ManagerInfo', [
  field('manager', 'uuid'),
  field('descr', 'str'),
  field('host', 'str'),
  field('mainManager', 'i32'), // 1 = main
  field('port', 'u16'),
  field('pid', 'str'),
])

export const ManagerRef = defineRecord('ManagerRef', [field('manager', 'uuid')])

/** ServiceInfo (docs/protocol.md §6.11): a cluster service and the managers running it. */
export const ServiceInfo = defineRecord('ServiceInfo', [
  field('name', 'str'),
  field('descr', 'str'),
  field('mainOnly', 'i32'),
  field('managers', list(ManagerRef)),
])

export { Watch, ClusterWatch } from './episodes'
export { conditionsOf, type Condition } from './conditions'
export type { ClusterObservation, LockObservation, ServerObservation, LicenceUse, Reachability } from './observation'
export { observeCluster } from './observe'
export {
  aroundLook,
  aroundParts,
  licenceUse,
  AroundSchedule,
  AroundSlots,
  type AroundParts,
  type AroundRead,
  type AroundReader,
} from './around-look'

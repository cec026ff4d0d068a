/**
 * The RAS codec "1.0" (docs/protocol.md §2) in one import: `Reader` and `Writer` for the primitive
 * types, and the values they carry — server datetimes (§2.5), typed values and parameter maps
 * (§2.4, §2.6), uuids (§2.7).
 */
export { Reader } from './reader'
export { Writer } from './writer'
export { releaseSlot, repeatSlot, type RepeatSlot } from './repeat-slot'
export {
  MAX_DATE_TICKS,
  TICKS_AT_UNIX_EPOCH,
  serverTimeToTicks,
  ticksToServerTime,
  type ServerTime,
} from './server-time'
export { TypeTag, type ParamMap, type TypedValue } from './typed-value'
export { EMPTY_UUID } from './uuid-text'

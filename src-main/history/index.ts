/** The history port and its SQLite implementation (issue 17). */
export * from './history-port'
export { buildSample } from './sample'
export {
  openHistory,
  sampleWeight,
  bucketOf,
  BUCKET_MS,
  KEYFRAME_EVERY,
  type OpenHistoryOptions,
} from './sqlite-history'

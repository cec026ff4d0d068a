/** The history port and its SQLite implementation (issue 17). */
export * from './history-port'
export { buildSample } from './sample'
export { sampleWeight, bucketOf, BUCKET_MS } from './history-blob'
export { openHistory, type OpenHistoryOptions } from './history-file'
export { KEYFRAME_EVERY } from './sqlite-history'

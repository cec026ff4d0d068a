/** The saved profiles (docs/architecture.md §7): ProfileService and what its callers name. */
export { ProfileService, type ProfileServiceOptions } from './profile-service'
export { EXPORT_FORMAT } from './exchange'
export type { KeptAside } from './stored-profiles'
export type { ExportedProfile, StoredProfile } from '../../../src-shared/profile-schema'

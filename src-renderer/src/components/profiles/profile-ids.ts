/** The DOM id of a profile's focusable row in the sidebar (roving focus moves between them). */
export function profileDomId(profileId: string): string {
  return `cd-profile-${profileId.replace(/[^\w-]/g, '_')}`
}

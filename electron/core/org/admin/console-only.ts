/**
 * What an Admin API key is refused, read from the SDK's documented errors and the API's answers:
 * it cannot remove, nor change the role of, a person whose role is primary owner, owner, admin or
 * membership admin (403, or 400 for the primary owner). Those changes are made in the Claude
 * Console. Offboarding and Review ask here before offering a step, so they never offer one that
 * cannot succeed.
 */
const CONSOLE_ONLY_ROLES = new Set(['primary_owner', 'owner', 'admin', 'membership_admin'])

/** True when the Admin API refuses to remove a person with this role or change it. */
export const isConsoleOnlyRole = (role: string): boolean => CONSOLE_ONLY_ROLES.has(role)

/** "membership admin" from `membership_admin`. */
const roleWords = (role: string): string => role.replace(/_/g, ' ')

/** Why the Admin API cannot remove this person and what to do instead, or null when it can. */
export function removalInConsole(person: { name: string; role: string }, orgName: string): { reason: string; instead: string } | null {
  if (!isConsoleOnlyRole(person.role)) return null
  const reason = `an Admin API key cannot remove a person whose role is ${roleWords(person.role)}`
  const instead =
    person.role === 'primary_owner'
      ? `in the Claude Console of ${orgName}, make someone else the primary owner (Settings → Organization), then remove ${person.name} under Settings → Members`
      : `remove ${person.name} in the Claude Console of ${orgName}: Settings → Members, ${person.name}'s row → Remove`
  return { reason, instead }
}

/** What to do instead of changing this person's role through the API, or null when the API can. */
export function roleChangeInConsole(person: { name: string; role: string }): string | null {
  if (!isConsoleOnlyRole(person.role)) return null
  return `an Admin API key cannot change the role of a person whose role is ${roleWords(person.role)}: change ${person.name}'s role in the Claude Console (Settings → Members)`
}

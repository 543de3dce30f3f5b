/** Age in whole days from an ISO time, for "created 12 d ago". */
export function ageDays(iso: string, now: number = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 86_400_000))
}

/** An ISO time as a day in the user's locale, or a dash: the one day format (dates.ts), under the name the admin screens use. */
export { formatOptionalDate as shortDate } from '../../dates'

/** A role id (`workspace_developer`) as words. */
export function roleLabel(role: string): string {
  return role.replace(/^workspace_/, '').replace(/_/g, ' ')
}

/** Age in whole days from an ISO time, for "created 12 d ago". */
export function ageDays(iso: string, now: number = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 86_400_000))
}

/** An ISO time as a short local date. */
export function shortDate(iso: string | null): string {
  return iso ? new Date(iso).toLocaleDateString() : '—'
}

/** A role id (`workspace_developer`) as words. */
export function roleLabel(role: string): string {
  return role.replace(/^workspace_/, '').replace(/_/g, ' ')
}

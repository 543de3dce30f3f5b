import { presetRange, systemTimeZone } from '../../../../shared/calendar'
import type { UsageModule } from '../usage-module'

/**
 * The profiles a synced org reports usage for this month (by the host's time zone), across every
 * synced org: for these the server's figure is shown and Claude Code's estimate is not.
 */
export async function serverProfilesThisMonth(usage: Pick<UsageModule, 'queries' | 'sync'>, now: Date = new Date()): Promise<Set<string>> {
  const timeZone = systemTimeZone()
  const range = { ...presetRange('month', now.getTime(), timeZone), timeZone }
  const profiles = new Set<string>()
  for (const org of await usage.sync.status()) {
    const summary = await usage.queries.summary({ orgId: org.orgId, range, groupBy: 'profile' }).catch(() => null)
    for (const group of summary?.groups ?? []) if (group.kind === 'group') profiles.add(group.id)
  }
  return profiles
}

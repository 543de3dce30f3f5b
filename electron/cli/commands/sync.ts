import type { OrgSyncStatus } from '../../../shared/contract/usage.contract'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT, exitCodeFor } from '../exit-codes'
import type { CliIO } from '../io'
import type { UsageModule } from '../../core/usage/usage-module'
import { safeValue } from '../../../shared/terminal-text'
import { isValidTimeZone, systemTimeZone } from '../../../shared/calendar'
import { formatDataAsOf } from '../../../shared/data-age'

/** One org's line after a sync: what was fetched, when, and how complete the service says the figures are. */
export function syncSummaryLine(r: OrgSyncStatus, nowMs: number, timeZone: string): string {
  if (r.lastError) return `${safeValue(r.orgName)}: sync failed (${r.windowsDone}/${r.windowsTotal} windows kept): ${safeValue(r.lastError.message)}\n`
  const asOf = formatDataAsOf(r.dataRefreshedAt, { nowMs, timeZone })
  return `${safeValue(r.orgName)}: synced ${r.windowsTotal} window(s), ${r.pages} report page(s) at ${r.lastSyncedAt}${asOf ? `; ${asOf}` : ''}\n`
}

/** Runs `keyward sync`: syncs usage for every org (or one) now and reports how each went. */
export async function runSync(options: { orgId: string | undefined; json: boolean; now?: Date; timeZone?: string }, io: CliIO, usage: Pick<UsageModule, 'sync'>): Promise<number> {
  const results: OrgSyncStatus[] = await usage.sync.syncNow(options.orgId)
  if (options.json) printJson(io, { orgs: results })
  else if (results.length === 0) io.stdout.write('No orgs to sync. Add one: keyward orgs add PROFILE (an Admin-key profile), or try the demo: keyward demo\n')
  else {
    const nowMs = (options.now ?? new Date()).getTime()
    const timeZone = options.timeZone ?? (io.env.TZ && isValidTimeZone(io.env.TZ) ? io.env.TZ : systemTimeZone())
    for (const r of results) io.stdout.write(syncSummaryLine(r, nowMs, timeZone))
  }
  const failed = results.find((r) => r.lastError)
  return failed?.lastError ? exitCodeFor(failed.lastError.code as Parameters<typeof exitCodeFor>[0]) : EXIT.OK
}

/** `keyward sync`. */
export const syncCommand: Command = {
  summary: 'fetch usage and cost from the Admin API into the local cache now',
  help: `Usage: keyward sync [--org ID] [--json]

The first sync fetches 90 days (daily buckets, in 31-day windows; never before 2026-01-01, the
Admin API's first day) and the last 48 hours hourly. Later syncs fetch the trailing hours, and the
days of open months (this month; last month through the 8th) again when the service says it
revised them, or once a day; closed months are final. A window that fails leaves the cache as it was; run it again to resume. The app and the daemon sync every 5 minutes by themselves
(KEYWARD_SYNC_INTERVAL_MINUTES changes that; never less than 1).
  --org   only this org (default: every org)
  --json  print each org's sync status as JSON`,
  run: async (args, io, cli) => {
    const { values } = parseFlags(args, { org: { type: 'string' }, json: { type: 'boolean', default: false } }, false)
    return runSync({ orgId: values.org, json: values.json }, io, await cli.usage())
  },
}

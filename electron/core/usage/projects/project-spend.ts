import { localDateOf, monthStart, rangeInstants } from '../../../../shared/calendar'
import type { ProjectSpend } from '../../../../shared/contract'
import { toAmount } from '../../../../shared/money'
import { shownRange } from '../../../../shared/projection'
import { type Watermarks, projectionOf, projectionWindows } from '../usage-projection'
import type { UsageQueryService } from '../usage-service'

/** Micro-cents of one project: its own keys', and each group of keys it shares (by the projects sharing them). */
interface Tally {
  today: bigint
  month: bigint
  /** The month-end range summed over the orgs that could project it (null: none could yet). */
  projected: { low: bigint; high: bigint } | null
  shared: Map<string, { today: bigint; month: bigint; dirs: readonly string[] }>
}

/** Spend of every org's cache per project, today and month to date in `timeZone`, and when the newest sync ran. */
export async function spendByProject(
  usage: UsageQueryService,
  directories: readonly string[],
  now: Date,
  timeZone: string,
  watermarks?: Watermarks,
): Promise<{ spend: Map<string, ProjectSpend>; lastSyncedAt: string | null }> {
  const today = localDateOf(now.getTime(), timeZone)
  const tallies = new Map<string, Tally>(directories.map((d) => [d, { today: 0n, month: 0n, projected: null, shared: new Map() }]))
  let lastSyncedAt: string | null = null
  for (const { id } of await usage.orgs()) {
    const org = await usage.load(id).catch(() => null)
    if (!org) continue
    if (org.meta.lastSyncedAt && (lastSyncedAt === null || org.meta.lastSyncedAt > lastSyncedAt)) lastSyncedAt = org.meta.lastSyncedAt
    const { projectsOfKey } = await usage.attribution(id)
    // One group per set of projects a key serves: a key of one project is that project's; a key of several is
    // their shared group, counted once, never added to any one of them (as the dashboard's project breakdown).
    const groupOf = (s: number): string | null => {
      const dirs = projectsOfKey.get(org.index.series[s]!.apiKeyId)
      return dirs && dirs.length > 0 ? dirs.join('\0') : null
    }
    const sumOver = (from: string) => {
      const { startMs, endMs } = rangeInstants({ from, to: today }, timeZone)
      const { fromHour, toHour } = org.index.cover(startMs, endMs)
      return org.index.group(fromHour, toHour, groupOf)
    }
    const day = sumOver(today)
    const month = sumOver(monthStart(today))
    // The same windows and maths as the dashboard's projection, per project this org serves alone.
    const windows = projectionWindows(org.index, now.getTime(), timeZone, watermarks?.get(id))
    const trailing = org.index.group(windows.trailing.fromHour, windows.trailing.toHour, groupOf)
    const monthOwn = org.index.group(windows.month.fromHour, windows.month.toHour, groupOf)
    for (const [dir, tally] of tallies) {
      const p = projectionOf(windows, monthOwn.get(dir)?.cost ?? 0n, trailing.get(dir)?.cost ?? 0n)
      if (p.kind === 'projected') tally.projected = { low: (tally.projected?.low ?? 0n) + p.low, high: (tally.projected?.high ?? 0n) + p.high }
    }
    for (const group of new Set([...day.keys(), ...month.keys()])) {
      const dirs = group.split('\0')
      const t = day.get(group)?.cost ?? 0n
      const m = month.get(group)?.cost ?? 0n
      for (const dir of dirs) {
        const tally = tallies.get(dir)
        if (!tally) continue
        if (dirs.length === 1) {
          tally.today += t
          tally.month += m
        } else {
          const prior = tally.shared.get(group) ?? { today: 0n, month: 0n, dirs }
          tally.shared.set(group, { today: prior.today + t, month: prior.month + m, dirs })
        }
      }
    }
  }
  const spend = new Map<string, ProjectSpend>()
  for (const [dir, tally] of tallies) {
    const groups = [...tally.shared.values()]
    const shown = tally.projected && shownRange(tally.projected.low, tally.projected.high)
    spend.set(dir, {
      today: toAmount(tally.today),
      monthToDate: toAmount(tally.month),
      projected:
        tally.projected && shown ? { low: toAmount(tally.projected.low), high: toAmount(tally.projected.high), shownLow: toAmount(shown.shownLow), shownHigh: toAmount(shown.shownHigh) } : null,
      shared:
        groups.length === 0
          ? null
          : {
              today: toAmount(groups.reduce((sum, g) => sum + g.today, 0n)),
              monthToDate: toAmount(groups.reduce((sum, g) => sum + g.month, 0n)),
              withProjects: [...new Set(groups.flatMap((g) => g.dirs))].filter((d) => d !== dir).sort(),
            },
    })
  }
  return { spend, lastSyncedAt }
}

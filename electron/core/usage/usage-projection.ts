import { localDateOf, requireTimeZone } from '../../../shared/calendar'
import { completeHoursEndMs } from '../../../shared/data-age'
import type { GroupProjection, UsageGroupBy, UsageProjection } from '../../../shared/contract/usage.contract'
import { KeywardError, isKeywardError } from '../../../shared/errors'
import { toAmount } from '../../../shared/money'
import { PROJECTION_METHOD, type RangeProjection, TRAILING_DAYS, monthBounds, projectRange, shownRange } from '../../../shared/projection'
import { type GroupLabel, grouper } from './usage-groups'
import { groupingKey, groupingOf } from './usage-breakdown'
import type { Attribution } from './attribution'
import type { Series } from './store/totals'
import type { UsageView } from './store/usage-view'
import { CURRENCY, type LoadedOrg, type UsageQueryService } from './usage-service'

const HOUR_MS = 3_600_000

/** The hours a month-to-date and a trailing window cover in an org's cache, for `projectRange`. */
export interface ProjectionWindows {
  readonly month: { fromHour: number; toHour: number }
  readonly trailing: { fromHour: number; toHour: number }
  readonly monthStartMs: number
  readonly monthEndMs: number
}

/** The service's watermark (`data_refreshed_at`) per org id, as the sync status carries it; an org not in it projects as without one. */
export type Watermarks = ReadonlyMap<string, string | null | undefined>

/** The watermarks of the orgs' sync statuses (`OrgSyncStatus.dataRefreshedAt`). */
export function watermarksOf(statuses: ReadonlyArray<{ readonly orgId: string; readonly dataRefreshedAt?: string | null | undefined }>): Watermarks {
  return new Map(statuses.map((s) => [s.orgId, s.dataRefreshedAt]))
}

/**
 * Where the month containing `nowMs` (in `timeZone`) and the trailing TRAILING_DAYS fall in the
 * cache, snapped to what it holds. With the service's watermark both stop at the start of the
 * hour holding it: that hour is partial, and counting it would read as a slow hour.
 */
export function projectionWindows(index: UsageView, nowMs: number, timeZone: string, dataRefreshedAt?: string | null): ProjectionWindows {
  const { startMs, endMs } = monthBounds(nowMs, timeZone)
  const complete = dataRefreshedAt === null || dataRefreshedAt === undefined ? nowMs : completeHoursEndMs(nowMs, dataRefreshedAt)
  const month = index.cover(startMs, Math.min(complete, endMs))
  const trailing = index.cover(month.toHour * HOUR_MS - TRAILING_DAYS * 24 * HOUR_MS, month.toHour * HOUR_MS)
  return { month, trailing, monthStartMs: startMs, monthEndMs: endMs }
}

/** Projects one group from its month-to-date and trailing spend over `windows`. */
export function projectionOf(windows: ProjectionWindows, monthToDate: bigint, trailing: bigint): RangeProjection {
  // A cache last synced before this month began covers none of it: project the whole month at the trailing rate.
  const stale = windows.month.toHour * HOUR_MS < windows.monthStartMs
  return projectRange({
    monthToDate,
    monthFromMs: stale ? windows.monthStartMs : windows.month.fromHour * HOUR_MS,
    coveredToMs: stale ? windows.monthStartMs : windows.month.toHour * HOUR_MS,
    monthEndMs: windows.monthEndMs,
    trailing,
    trailingFromMs: windows.trailing.fromHour * HOUR_MS,
    trailingToMs: windows.trailing.toHour * HOUR_MS,
  })
}

/** A projection on the wire (null when too early). */
export function wireRange(p: RangeProjection): GroupProjection['projection'] {
  return p.kind === 'projected' ? { low: toAmount(p.low), high: toAmount(p.high), shownLow: toAmount(p.shownLow), shownHigh: toAmount(p.shownHigh) } : null
}

/** The error for a projection asked of an org (or a Keyward) with nothing synced: there is no pace to project from. */
export function nothingToProject(orgName: string | null): KeywardError {
  return new KeywardError(
    'NOT_FOUND',
    `there is nothing to project from: no usage has been synced ${orgName ? `for org ${orgName.slice(0, 80)} ` : ''}yet; run: keyward sync (or add an org first: keyward orgs add PROFILE, or keyward demo)`,
  )
}

/**
 * The month-end projection of an org, in total and per group of `groupBy`. It rides on the
 * usage query's generic grouping (`grouper`), so every breakdown the dashboard has (key,
 * workspace, project, profile, model, and any grouping added to UsageGroupBy) projects alike.
 */
export async function projectUsage(
  queries: UsageQueryService,
  input: { orgId?: string | undefined; timeZone: string; groupBy: UsageGroupBy; now: Date; watermarks?: Watermarks | undefined },
): Promise<UsageProjection> {
  requireTimeZone(input.timeZone)
  const org = await queries.load(input.orgId).catch((error: unknown) => {
    throw isKeywardError(error) && error.code === 'NOT_FOUND' ? nothingToProject(null) : error
  })
  if (org.index.syncedToHour === 0) throw nothingToProject(org.meta.orgName)
  const attribution = await queries.attribution(org.meta.orgId)
  const windows = projectionWindows(org.index, input.now.getTime(), input.timeZone, input.watermarks?.get(org.meta.orgId))
  // The summary's own grouping (kept per view), so a projection after a summary groups nothing again.
  const label = grouper(input.groupBy, org.meta.catalog, attribution, org.meta.actors)
  const { cellOf, names, labels } = groupingOf(org.index, (s) => label(org.index.series[s]!), groupingKey(input.groupBy, attribution))
  const month = org.index.sumsInto(windows.month.fromHour, windows.month.toHour, null, cellOf, names.length)
  const trailing = org.index.sumsInto(windows.trailing.fromHour, windows.trailing.toHour, null, cellOf, names.length)
  const row = (g: Pick<GroupLabel, 'id' | 'label' | 'kind'>, mtd: bigint, recent: bigint): GroupProjection & { sortKey: bigint } => {
    const p = projectionOf(windows, mtd, recent)
    return { id: g.id, label: g.label, kind: g.kind, monthToDate: toAmount(mtd), projection: wireRange(p), sortKey: p.kind === 'projected' ? p.high : mtd }
  }
  let mtdTotal = 0n
  let trailingTotal = 0n
  const rows: Array<GroupProjection & { sortKey: bigint }> = []
  for (let cell = 0; cell < names.length; cell++) {
    const mtd = month.touched[cell] === 1 ? month.sums.costOf(cell) : 0n
    const recent = trailing.touched[cell] === 1 ? trailing.sums.costOf(cell) : 0n
    mtdTotal += mtd
    trailingTotal += recent
    if (mtd === 0n && recent === 0n) continue
    rows.push(row(labels.get(names[cell]!)!, mtd, recent))
  }
  rows.sort((a, b) => (a.sortKey > b.sortKey ? -1 : a.sortKey < b.sortKey ? 1 : a.label.localeCompare(b.label)))
  const strip = ({ sortKey: _s, ...g }: GroupProjection & { sortKey: bigint }): GroupProjection => g
  return {
    orgId: org.meta.orgId,
    orgName: org.meta.orgName,
    currency: CURRENCY,
    month: localDateOf(input.now.getTime(), input.timeZone).slice(0, 7),
    timeZone: input.timeZone,
    groupBy: input.groupBy,
    coveredTo: new Date(windows.month.toHour * HOUR_MS).toISOString(),
    method: PROJECTION_METHOD,
    total: strip(row({ id: '~total', label: 'Total', kind: 'group' }, mtdTotal, trailingTotal)),
    groups: rows.map(strip),
  }
}

/**
 * The month-end projection of the series `include` picks in one org (a budget's scope): the same
 * windows and maths as `projectUsage`, so a budget warns on the range the dashboard shows.
 */
export async function projectScope(
  queries: UsageQueryService,
  input: { orgId: string; timeZone: string; now: Date; include: (s: Series, attribution: Attribution) => boolean; dataRefreshedAt?: string | null | undefined },
): Promise<{ monthToDate: bigint; projection: RangeProjection }> {
  const org = await queries.load(input.orgId)
  if (org.index.syncedToHour === 0) return { monthToDate: 0n, projection: { kind: 'too-early' } }
  const attribution = await queries.attribution(input.orgId)
  const windows = projectionWindows(org.index, input.now.getTime(), input.timeZone, input.dataRefreshedAt)
  const pick = (s: number): string | null => (input.include(org.index.series[s]!, attribution) ? 'in' : null)
  const month = org.index.group(windows.month.fromHour, windows.month.toHour, pick).get('in')?.cost ?? 0n
  const trailing = org.index.group(windows.trailing.fromHour, windows.trailing.toHour, pick).get('in')?.cost ?? 0n
  return { monthToDate: month, projection: projectionOf(windows, month, trailing) }
}

/** Per loaded cache (a new sync loads a new one), the last whole-org projection and what it was made for. */
const lastWholeOrg = new WeakMap<LoadedOrg, { key: string; projection: RangeProjection }>()

/**
 * One org's whole projection. Every series counts, so no attribution is needed; and it changes only
 * with the cache, the hour or the zone, so the tray (which asks often) reuses it in between.
 */
function orgProjection(org: LoadedOrg, now: Date, timeZone: string, dataRefreshedAt: string | null | undefined): RangeProjection {
  // The local month too: in zones half an hour off UTC a month can begin mid-hour.
  const key = `${Math.floor(now.getTime() / HOUR_MS)}|${timeZone}|${localDateOf(now.getTime(), timeZone).slice(0, 7)}|${dataRefreshedAt ?? ''}`
  const hit = lastWholeOrg.get(org)
  if (hit?.key === key) return hit.projection
  const windows = projectionWindows(org.index, now.getTime(), timeZone, dataRefreshedAt)
  const month = org.index.totalCost(windows.month.fromHour, windows.month.toHour)
  const trailing = org.index.totalCost(windows.trailing.fromHour, windows.trailing.toHour)
  const projection = projectionOf(windows, month, trailing)
  lastWholeOrg.set(org, { key, projection })
  return projection
}

/** The month-end range across every org with a cache (the tray's line), or null when no org can be projected yet. */
export async function projectAllOrgs(queries: UsageQueryService, timeZone: string, now: Date, watermarks?: Watermarks): Promise<{ low: string; high: string; currency: string } | null> {
  let low = 0n
  let high = 0n
  let any = false
  for (const { id } of await queries.orgs()) {
    const org = await queries.load(id).catch(() => null)
    if (!org || org.index.syncedToHour === 0) continue
    const p = orgProjection(org, now, timeZone, watermarks?.get(id))
    if (p.kind !== 'projected') continue
    any = true
    low += p.low
    high += p.high
  }
  if (!any) return null
  const shown = shownRange(low, high)
  return { low: toAmount(shown.shownLow), high: toAmount(shown.shownHigh), currency: CURRENCY }
}

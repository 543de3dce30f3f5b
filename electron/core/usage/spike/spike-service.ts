import { utcDateOf } from '../../../../shared/calendar'
import type { SpikeAlert, SpikeRule } from '../../../../shared/contract/alerts.contract'
import type { UsageGroupBy } from '../../../../shared/contract/usage.contract'
import { KeywardError } from '../../../../shared/errors'
import { fromAmount, roundToDigits, toAmount } from '../../../../shared/money'
import type { Notifier } from '../../alerts/notify/notifier'
import { grouper } from '../usage-groups'
import type { Catalog } from '../catalog-types'
import { CURRENCY, type UsageQueryService } from '../usage-service'
import { type SubjectHours, detectSpikes } from './detect-spikes'
import type { SpikeStore } from './spike-store'

const HOUR_MS = 3_600_000
/** Recent alerts kept for the dashboard and `keyward alerts spike`. */
export const RECENT_SPIKES = 50
/** Days of "already alerted" dates kept per subject. */
const FIRED_DAYS = 7

/** A grouping spikes are looked for in, and whether its groups are keys or people (which the alert names). */
export interface SpikeGrouping {
  readonly by: UsageGroupBy
  readonly names: 'key' | 'person'
}

/** Each key's spend and each person's (the actor the usage is attributed to), each against its own baseline; keys first, so a person's spike that one key's spike explains is not raised twice. */
export const DEFAULT_SPIKE_GROUPINGS: readonly SpikeGrouping[] = [
  { by: 'key', names: 'key' },
  { by: 'user', names: 'person' },
]

/** Spike alerts: the rule, the recent alerts, and a check after each sync. */
export interface SpikeService {
  rule(): Promise<SpikeRule>
  /** Changes part of the rule; checks it all first, so nothing is half-saved. */
  setRule(change: Partial<SpikeRule>): Promise<SpikeRule>
  /** The recent alerts, newest first, their key and workspace named as the org's latest sync names them. */
  recent(): Promise<SpikeAlert[]>
  /** Looks for spikes in one org's synced hours; raises (and returns) those not yet alerted for their subject and UTC day. */
  evaluate(orgId: string): Promise<SpikeAlert[]>
}

/**
 * An alert with its key and workspace named as `catalog` (the org's latest sync) names them, so a
 * rename since it was raised shows; a key or workspace the catalog lacks, or an alert recorded
 * without the workspace's id, keeps the name it was raised with.
 */
export function namedNow(alert: SpikeAlert, catalog: Catalog | null): SpikeAlert {
  if (!catalog) return alert
  const keyName = alert.key && catalog.keys.find((k) => k.id === alert.key!.id)?.name
  const workspaceName = alert.workspaceId !== undefined ? catalog.workspaces.find((w) => w.id === alert.workspaceId)?.name : undefined
  return {
    ...alert,
    ...(alert.key && keyName && { key: { ...alert.key, name: keyName } }),
    ...(workspaceName !== undefined && { workspace: workspaceName }),
  }
}

/** Builds the spike service over the usage queries. */
export function createSpikeService(deps: {
  readonly store: SpikeStore
  readonly usage: UsageQueryService
  readonly notifier: Notifier
  readonly now?: () => Date
  readonly groupings?: readonly SpikeGrouping[]
  /** Channel names that exist; absent: any well-formed name is accepted (channels are checked where they are delivered). */
  readonly knownChannels?: () => Promise<readonly string[]>
}): SpikeService {
  const now = deps.now ?? (() => new Date())
  const groupings = deps.groupings ?? DEFAULT_SPIKE_GROUPINGS

  async function checkRule(rule: SpikeRule): Promise<SpikeRule> {
    let min: bigint
    try {
      min = fromAmount(rule.minAmount)
    } catch (error) {
      throw new KeywardError('INVALID_INPUT', `minimum amount: ${(error as Error).message}`)
    }
    if (min < 0n) throw new KeywardError('INVALID_INPUT', 'minimum amount: use zero or more, e.g. 10.00.')
    if (!Number.isFinite(rule.multiplier) || rule.multiplier < 1.5 || rule.multiplier > 1000) {
      throw new KeywardError('INVALID_INPUT', `multiplier: use a number from 1.5 to 1000 (how many times the usual hour), not ${String(rule.multiplier).slice(0, 20)}.`)
    }
    if (deps.knownChannels && rule.channels.length > 0) {
      const known = new Set(await deps.knownChannels())
      const unknown = rule.channels.find((c) => !known.has(c))
      if (unknown !== undefined) throw new KeywardError('NOT_FOUND', `there is no alert channel named "${unknown.slice(0, 64)}"; list them with: keyward channels list`)
    }
    return { ...rule, minAmount: toAmount(min), multiplier: Math.round(rule.multiplier * 100) / 100, channels: [...new Set(rule.channels)] }
  }

  return {
    rule: async () => (await deps.store.read()).rule,
    async setRule(change) {
      const current = (await deps.store.read()).rule
      const rule = await checkRule({ ...current, ...change })
      await deps.store.update((file) => ({ ...file, rule }))
      return rule
    },
    async recent() {
      const { recent } = await deps.store.read()
      const catalogs = new Map<string, Catalog | null>()
      for (const orgId of new Set(recent.map((a) => a.orgId))) {
        // An org whose cache is gone keeps its alerts as they were raised.
        catalogs.set(
          orgId,
          await deps.usage.load(orgId).then(
            (org) => org.meta.catalog,
            () => null,
          ),
        )
      }
      return recent.map((a) => namedNow(a, catalogs.get(a.orgId) ?? null))
    },
    async evaluate(orgId) {
      const { rule, fired } = await deps.store.read()
      if (!rule.enabled) return []
      const org = await deps.usage.load(orgId)
      const { index, meta: manifest } = org
      const fromHour = index.hourlyFromHour
      const toHour = index.syncedToHour
      if (toHour <= fromHour) return []
      const attribution = await deps.usage.attribution(orgId)
      const keys = new Map((manifest.catalog?.keys ?? []).map((k) => [k.id, k]))
      const workspaces = new Map((manifest.catalog?.workspaces ?? []).map((w) => [w.id, w.name]))
      const threshold = { multiplier: rule.multiplier, minMicro: fromAmount(rule.minAmount) }
      const raised: SpikeAlert[] = []
      const firedNow = new Set<string>()
      const keySpikes = new Set<string>()
      // The person behind a series: the actor its usage is attributed to (none for unattributed usage).
      const personOf = grouper('user', manifest.catalog, attribution)
      const hourly = index.hourlyCostsBySeries(fromHour, toHour)
      const hours = toHour - fromHour
      const minimum = Number(threshold.minMicro)
      for (const grouping of groupings) {
        const label = grouper(grouping.by, manifest.catalog, attribution)
        const members = new Map<string, { label: string; series: number[] }>()
        index.series.forEach((s, i) => {
          const g = label(s)
          if (g.id.startsWith('~')) return // usage without a key, org keys not in Keyward as one lump: no one subject to name
          const m = members.get(g.id) ?? { label: g.label, series: [] }
          m.series.push(i)
          members.set(g.id, m)
        })
        const subjects: SubjectHours[] = []
        for (const [id, m] of members) {
          const sum = new Float64Array(hours)
          for (const s of m.series) {
            const own = hourly.get(s)
            if (own) for (let i = 0; i < hours; i++) sum[i]! += own[i]!
          }
          // No hour at the minimum: nothing can spike (and a big org's idle keys cost no bigints).
          if (!sum.some((c) => c >= minimum)) continue
          subjects.push({ id, fromHour, costs: Array.from(sum, (c) => BigInt(Math.round(c))) })
        }
        for (const spike of detectSpikes(subjects, threshold)) {
          const m = members.get(spike.id)!
          // The series with the most spend in that hour names the key and workspace behind it.
          const top = m.series.reduce((best, s) => ((hourly.get(s)?.[spike.hour - fromHour] ?? 0) > (hourly.get(best)?.[spike.hour - fromHour] ?? 0) ? s : best), m.series[0]!)
          const series = index.series[top]!
          const key = series.apiKeyId ? { id: series.apiKeyId, name: keys.get(series.apiKeyId)?.name ?? series.apiKeyId } : null
          const actor = personOf(series)
          const person = grouping.names === 'person' ? m.label : actor.id.startsWith('~') ? null : actor.label
          const hour = new Date(spike.hour * HOUR_MS).toISOString()
          // One runaway key is one event: a person's spike in an hour whose key spike names them (alerted now or before) is not raised again.
          if (grouping.names === 'key') keySpikes.add(`${hour}|${person}`)
          else if (keySpikes.has(`${hour}|${person}`)) continue
          const firedKey = `${orgId}|${grouping.by}|${spike.id}`
          const day = utcDateOf(spike.hour * HOUR_MS)
          if ((fired[firedKey] ?? []).includes(day) || firedNow.has(`${firedKey}|${day}`)) continue
          firedNow.add(`${firedKey}|${day}`)
          raised.push({
            orgId,
            orgName: manifest.orgName,
            groupBy: grouping.by,
            subjectId: spike.id,
            subjectLabel: m.label,
            key,
            workspace: series.workspaceId ? (workspaces.get(series.workspaceId) ?? series.workspaceId) : 'Default workspace',
            ...(series.workspaceId && { workspaceId: series.workspaceId }),
            person,
            hour,
            cost: toAmount(spike.cost),
            baseline: toAmount(spike.baseline),
            detectedAt: now().toISOString(),
          })
        }
      }
      if (raised.length === 0) return []
      // Record first, then notify: a crash in between loses an alert rather than repeating it on every restart.
      const oldest = utcDateOf(now().getTime() - FIRED_DAYS * 24 * HOUR_MS)
      await deps.store.update((file) => {
        const next: Record<string, string[]> = {}
        for (const [k, days] of Object.entries(file.fired)) {
          const kept = days.filter((d) => d >= oldest)
          if (kept.length > 0) next[k] = kept
        }
        for (const a of raised) {
          const k = `${a.orgId}|${a.groupBy}|${a.subjectId}`
          next[k] = [...new Set([...(next[k] ?? []), a.hour.slice(0, 10)])].sort()
        }
        return { ...file, fired: next, recent: [...[...raised].reverse(), ...file.recent].slice(0, RECENT_SPIKES) }
      })
      for (const a of raised) {
        deps.notifier.notify({
          kind: 'usage-spike',
          subject: `${a.groupBy === 'key' ? 'key' : a.person === a.subjectLabel ? 'person' : a.groupBy} ${a.subjectLabel}`,
          key: a.key?.name ?? null,
          workspace: a.workspace,
          person: a.person,
          hour: a.hour,
          spent: { amount: roundToDigits(fromAmount(a.cost), 2), currency: CURRENCY },
          baseline: { amount: roundToDigits(fromAmount(a.baseline), 2), currency: CURRENCY },
          channels: rule.channels,
        })
      }
      return raised
    },
  }
}

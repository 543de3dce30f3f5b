import { create } from 'zustand'
import { type LocalRange, type RangePreset, presetRange, systemTimeZone } from '../../../shared/calendar'
import type { OrgSyncStatus, SpikeAlert, UsageDaily, UsageKeyDetail, UsageProjection, UsageSummary } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { client } from '../transport/client'

/** The range picker's choice: a preset ending today, or custom dates. */
export type RangeChoice = RangePreset | 'custom'

interface UsageState {
  /** The user's time zone: "today", "this month" and every date are in it. */
  timeZone: string
  choice: RangeChoice
  range: LocalRange
  by: 'key' | 'model'
  /** The second table's dimension: spend per workspace, project or profile. */
  breakdownBy: 'workspace' | 'project' | 'profile'
  breakdown: UsageSummary | null
  /** Spend per product (Claude Code, the API, …) over the range. */
  products: UsageSummary | null
  today: UsageSummary | null
  month: UsageSummary | null
  keys: UsageSummary | null
  daily: UsageDaily | null
  keyDetail: UsageKeyDetail | null
  /** Month-end projections per key and per the breakdown's dimension (null: could not be made). */
  keyProjection: UsageProjection | null
  breakdownProjection: UsageProjection | null
  /** Recent spike alerts of the org shown. */
  spikes: SpikeAlert[]
  status: OrgSyncStatus[]
  loading: boolean
  syncing: boolean
  error: WireError | null
  /** Loads the dashboard for an org: today, month to date, top keys and the daily series. */
  load(orgId: string): Promise<void>
  /** Loads one key's page over the current range. */
  loadKey(orgId: string, keyId: string): Promise<void>
  /** Loads the orgs' sync status alone (last sync, the service's watermark), for pages that show no other usage. */
  loadStatus(): Promise<void>
  choose(choice: RangePreset): void
  setCustom(range: LocalRange): void
  setBy(by: 'key' | 'model'): void
  setBreakdownBy(by: 'workspace' | 'project' | 'profile'): void
  /** Syncs now, then reloads. */
  syncNow(orgId: string): Promise<void>
}

const zone = systemTimeZone()

/** The usage store: the dashboard's range and breakdown, and what the core answered for them. */
export const useUsageStore = create<UsageState>((set, get) => ({
  timeZone: zone,
  choice: '30d',
  range: presetRange('30d', Date.now(), zone),
  by: 'key',
  breakdownBy: 'project',
  breakdown: null,
  products: null,
  today: null,
  month: null,
  keys: null,
  daily: null,
  keyDetail: null,
  keyProjection: null,
  breakdownProjection: null,
  spikes: [],
  status: [],
  loading: false,
  syncing: false,
  error: null,
  async load(orgId) {
    const { timeZone, range, by, choice, breakdownBy } = get()
    const current = choice === 'custom' ? range : presetRange(choice, Date.now(), timeZone)
    set({ loading: true, range: current })
    const at = (r: LocalRange) => ({ ...r, timeZone })
    const [today, month, keys, daily, status, breakdown, keyProjection, breakdownProjection, spikes, products] = await Promise.all([
      client.call('usage.summary', { orgId, range: at(presetRange('today', Date.now(), timeZone)), groupBy: 'model' }),
      client.call('usage.summary', { orgId, range: at(presetRange('month', Date.now(), timeZone)), groupBy: 'model' }),
      client.call('usage.summary', { orgId, range: at(current), groupBy: 'key' }),
      client.call('usage.daily', { orgId, range: at(current), by, top: 8 }),
      client.call('usage.status', {}),
      client.call('usage.summary', { orgId, range: at(current), groupBy: breakdownBy }),
      client.call('usage.projection', { orgId, timeZone, groupBy: 'key' }),
      client.call('usage.projection', { orgId, timeZone, groupBy: breakdownBy }),
      client.call('alerts.spikes', {}),
      client.call('usage.summary', { orgId, range: at(current), groupBy: 'product' }),
    ])
    const error = [today, month, keys, daily, status, breakdown, keyProjection, products].find((r) => !r.ok)
    set({
      today: today.ok ? today.value : null,
      month: month.ok ? month.value : null,
      keys: keys.ok ? keys.value : null,
      daily: daily.ok ? daily.value : null,
      status: status.ok ? status.value.orgs : get().status,
      breakdown: breakdown.ok ? breakdown.value : null,
      keyProjection: keyProjection.ok ? keyProjection.value : null,
      breakdownProjection: breakdownProjection.ok ? breakdownProjection.value : null,
      spikes: spikes.ok ? spikes.value.recent.filter((a) => a.orgId === orgId) : [],
      products: products.ok ? products.value : null,
      error: error && !error.ok ? error.error : null,
      loading: false,
    })
  },
  async loadKey(orgId, keyId) {
    const { timeZone, range, choice } = get()
    const current = choice === 'custom' ? range : presetRange(choice, Date.now(), timeZone)
    set({ loading: true, range: current })
    const result = await client.call('usage.key', { orgId, keyId, range: { ...current, timeZone } })
    set(result.ok ? { keyDetail: result.value, error: null, loading: false } : { keyDetail: null, error: result.error, loading: false })
  },
  async loadStatus() {
    const result = await client.call('usage.status', {})
    if (result.ok) set({ status: result.value.orgs })
  },
  choose(choice) {
    set({ choice, range: presetRange(choice, Date.now(), get().timeZone) })
  },
  setCustom(range) {
    set({ choice: 'custom', range: range.from <= range.to ? range : { from: range.to, to: range.from } })
  },
  setBy(by) {
    set({ by })
  },
  setBreakdownBy(breakdownBy) {
    set({ breakdownBy })
  },
  async syncNow(orgId) {
    set({ syncing: true })
    const result = await client.call('usage.sync', { orgId })
    set({ syncing: false, ...(result.ok ? { status: result.value.orgs } : { error: result.error }) })
    await get().load(orgId)
  },
}))

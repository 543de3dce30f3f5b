import { describe, expect, it } from 'vitest'
import type { CacheManifest } from './cache-reader'
import { type StatuslineFacts, staleness, watermarkOf } from './statusline-facts'
import { DEFAULT_LAYOUT, formatStatusline } from './statusline-format'

// A fixed clock, zone and environment: the default 5-minute sync interval makes the threshold 15 minutes,
// and a watermark may trail by that plus the service's normal hour (75 minutes).
const NOW = Date.parse('2026-12-06T15:30:00Z')
const ENV = {}
const minutesAgo = (m: number): string => new Date(NOW - m * 60_000).toISOString()

describe('the status line stale rule', () => {
  it.each([
    ['a recent sync, no watermark', minutesAgo(2), null, false],
    ['an old sync, no watermark', minutesAgo(180), null, true],
    ['never synced, no watermark', null, null, true],
    // The watermark decides once known: a sync a minute ago that brought figures complete only to three hours ago is stale ...
    ['a recent sync of old data', minutesAgo(1), minutesAgo(180), true],
    // ... and data refreshed ten minutes ago is fresh even if this machine last synced twenty minutes ago.
    ['an older sync of fresh data', minutesAgo(20), minutesAgo(10), false],
    ['a watermark an hour behind, as the hourly reports usually are', minutesAgo(1), minutesAgo(60), false],
    ['a watermark just inside the threshold and the hour', minutesAgo(1), minutesAgo(75), false],
    ['a watermark just past them', minutesAgo(1), minutesAgo(76), true],
  ])('%s', (_name, lastSyncedAt, dataRefreshedAt, stale) => {
    expect(staleness(lastSyncedAt, dataRefreshedAt, NOW, 'UTC', ENV) !== null).toBe(stale)
  })

  it('follows the sync interval setting by the watermark too', () => {
    expect(staleness(minutesAgo(1), minutesAgo(110), NOW, 'UTC', { KEYWARD_SYNC_INTERVAL_MINUTES: '30' })).toBeNull()
    expect(staleness(minutesAgo(1), minutesAgo(130), NOW, 'UTC', { KEYWARD_SYNC_INTERVAL_MINUTES: '30' })).not.toBeNull()
  })
})

describe('the stale field', () => {
  const facts = (stale: StatuslineFacts['stale']): StatuslineFacts => ({ profile: { name: 'acme', reason: 'binding' }, spend: null, budget: null, stale })
  const layout = { fields: ['stale'] as const, separator: ' · ' }

  it('says "data as of" by the watermark, in the zone given, and "synced N ago" without one', () => {
    expect(formatStatusline(facts(staleness(minutesAgo(1), '2026-12-06T12:10:00Z', NOW, 'Europe/Berlin', ENV)), layout, NOW)).toBe('stale: data as of 13:10')
    expect(formatStatusline(facts(staleness(minutesAgo(1), '2026-12-05T12:10:00Z', NOW, 'UTC', ENV)), layout, NOW)).toBe('stale: data as of Dec 5, 12:10')
    expect(formatStatusline(facts(staleness(minutesAgo(180), null, NOW, 'UTC', ENV)), layout, NOW)).toBe('stale: synced 3 h ago')
    expect(formatStatusline(facts(staleness(null, null, NOW, 'UTC', ENV)), layout, NOW)).toBe('stale: never synced')
    expect(formatStatusline(facts(null), DEFAULT_LAYOUT, NOW)).toBe('acme')
  })
})

describe('the watermark of a cached org', () => {
  const manifest: CacheManifest = { orgId: 'org_1', orgName: 'Acme', lastSyncedAt: null, dataRefreshedAt: null, keys: [] }
  it('is read when the cache carries a valid one, and null otherwise', () => {
    expect(watermarkOf({ ...manifest, dataRefreshedAt: '2026-12-06T14:00:00Z' })).toBe('2026-12-06T14:00:00Z')
    expect(watermarkOf(manifest)).toBeNull()
    expect(watermarkOf({ ...manifest, dataRefreshedAt: 'soon' })).toBeNull()
    expect(watermarkOf({ ...manifest, dataRefreshedAt: null } as CacheManifest)).toBeNull()
  })
})

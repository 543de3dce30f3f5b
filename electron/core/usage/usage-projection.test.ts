import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fromAmount } from '../../../shared/money'
import { emptyAttributionSource } from './attribution'
import { projectAllOrgs, projectScope, projectUsage } from './usage-projection'
import { createUsageQueryService } from './usage-service'
import { createUsageStore } from './store/usage-store'
import { startSyncedUsageKitForFile } from './synced-usage-kit.test-support'

const NOW = new Date('2026-04-20T15:30:00Z')
const kit = startSyncedUsageKitForFile({ seed: 5, keys: 10, days: 60 }, NOW)

describe('usage.projection over the real sync', () => {
  it('projects the org and each key from the month to date the summary reports, as a range', async () => {
    const p = await projectUsage(kit().queries, { timeZone: 'America/New_York', groupBy: 'key', now: NOW })
    const month = await kit().queries.summary({ range: { from: '2026-04-01', to: '2026-04-20', timeZone: 'America/New_York' }, groupBy: 'key' })
    expect(p).toMatchObject({ month: '2026-04', timeZone: 'America/New_York', groupBy: 'key', coveredTo: '2026-04-20T15:00:00.000Z' })
    expect(p.total.monthToDate).toBe(month.total.cost)
    expect(p.method).toMatch(/last 7 days/)
    const total = p.total.projection!
    expect(fromAmount(total.shownLow)).toBeLessThanOrEqual(fromAmount(total.low))
    expect(fromAmount(total.low)).toBeLessThanOrEqual(fromAmount(total.high))
    expect(fromAmount(total.high)).toBeLessThanOrEqual(fromAmount(total.shownHigh))
    expect(fromAmount(total.low)).toBeGreaterThan(fromAmount(p.total.monthToDate))
    // Per key: the same month to date as the summary's groups; each group's slower pace is its own, so the
    // groups' lows add up to at most the total's low and their highs to at least its high (one µ¢ rounding each).
    for (const g of p.groups) expect(g.monthToDate).toBe(month.groups.find((m) => m.id === g.id)?.totals.cost ?? '0')
    const slack = BigInt(p.groups.length)
    expect(p.groups.reduce((s, g) => s + fromAmount(g.projection!.low), 0n)).toBeLessThanOrEqual(fromAmount(total.low) + slack)
    expect(p.groups.reduce((s, g) => s + fromAmount(g.projection!.high), 0n)).toBeGreaterThanOrEqual(fromAmount(total.high) - slack)
    expect(p.groups.length).toBeGreaterThan(3)
  })

  it('gives the tray the org range rounded outward, and nothing before any sync', async () => {
    const p = await projectUsage(kit().queries, { timeZone: 'UTC', groupBy: 'key', now: NOW })
    expect(await projectAllOrgs(kit().queries, 'UTC', NOW)).toEqual({ low: p.total.projection!.shownLow, high: p.total.projection!.shownHigh, currency: 'USD' })
    const empty = await mkdtemp(join(tmpdir(), 'keyward-proj-'))
    try {
      expect(await projectAllOrgs(createUsageQueryService({ store: createUsageStore(empty), attribution: emptyAttributionSource }), 'UTC', NOW)).toBeNull()
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })

  it('stops at the hour holding the watermark: a watermark mid-hour projects as the full hours before it', async () => {
    const watermark = '2026-04-20T12:20:00Z'
    const earlier = new Date('2026-04-20T12:00:00Z')
    for (const groupBy of ['key', 'model'] as const) {
      const withWatermark = await projectUsage(kit().queries, { timeZone: 'UTC', groupBy, now: NOW, watermarks: new Map([[kit().org.id, watermark]]) })
      const fullHours = await projectUsage(kit().queries, { timeZone: 'UTC', groupBy, now: earlier })
      expect(withWatermark.coveredTo).toBe('2026-04-20T12:00:00.000Z')
      expect(withWatermark.total).toEqual(fullHours.total)
      expect(withWatermark.groups).toEqual(fullHours.groups)
    }
    // Another org's watermark changes nothing; without one the projection runs to the current hour.
    const other = await projectUsage(kit().queries, { timeZone: 'UTC', groupBy: 'key', now: NOW, watermarks: new Map([['org_other', watermark]]) })
    expect(other.coveredTo).toBe('2026-04-20T15:00:00.000Z')
    const tray = await projectAllOrgs(kit().queries, 'UTC', NOW, new Map([[kit().org.id, watermark]]))
    const trayFull = await projectAllOrgs(kit().queries, 'UTC', earlier)
    expect(tray).toEqual(trayFull)
    // A budget's scope (what budget warnings project) alike.
    const everyKey = () => true
    const scoped = await projectScope(kit().queries, { orgId: kit().org.id, timeZone: 'UTC', now: NOW, include: everyKey, dataRefreshedAt: watermark })
    expect(scoped).toEqual(await projectScope(kit().queries, { orgId: kit().org.id, timeZone: 'UTC', now: earlier, include: everyKey }))
    expect(scoped).not.toEqual(await projectScope(kit().queries, { orgId: kit().org.id, timeZone: 'UTC', now: NOW, include: everyKey }))
  })

  it('groups like any breakdown (workspace, model, project)', async () => {
    for (const groupBy of ['workspace', 'model', 'project'] as const) {
      const p = await projectUsage(kit().queries, { timeZone: 'UTC', groupBy, now: NOW })
      const s = await kit().queries.summary({ range: { from: '2026-04-01', to: '2026-04-20', timeZone: 'UTC' }, groupBy })
      expect(p.groups.map((g) => g.id).sort()).toEqual(s.groups.map((g) => g.id).sort())
    }
  })

  it('refuses a bad time zone, and says there is nothing to project from before any sync', async () => {
    await expect(projectUsage(kit().queries, { timeZone: 'Mars/Olympus', groupBy: 'key', now: NOW })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    const empty = await mkdtemp(join(tmpdir(), 'keyward-proj-'))
    try {
      const queries = createUsageQueryService({ store: createUsageStore(empty), attribution: emptyAttributionSource })
      await expect(projectUsage(queries, { timeZone: 'UTC', groupBy: 'key', now: NOW })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringMatching(/^there is nothing to project from: no usage has been synced yet; run: keyward sync/),
      })
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { addDays, localDateOf } from '../../../shared/calendar'
import { isKeywardError } from '../../../shared/errors'
import { ADMIN_LIST_PATHS, createAdminService } from '../org/admin/admin-service'
import { allPages } from '../org/admin/all-pages'
import { API_MAX_PAGE_SIZE, PAGE_SLACK, groupsPerBucket, listPageCap, reportPageCap } from '../org/paging/page-caps'
import { WALK_DEADLINE_MS } from '../org/paging/page-walk'
import { REPORT_PATHS } from './report-fetch'
import { DEFAULT_PLAN, hourlyWindow } from './sync-plan'
import { type UsageTestKit, startUsageTestKit } from './usage.test-support'
import { dumpUsage } from './store/store.test-support'

/*
 * A server whose pages never end (the emulator's `endless` fault: every page `has_more`, every
 * cursor new) against every paged call: the sync's two reports and its catalog lists, and an admin
 * list walk. Each stops with an error naming the endpoint within its page limit, the cache and the
 * figures stay as the last good sync left them, the org is not left "syncing", and the next sync
 * against a normal server succeeds.
 */

const NOW = new Date('2026-05-31T22:10:00Z')
let kit: UsageTestKit | null = null

afterEach(async () => {
  await kit?.close()
  kit = null
})

async function syncedKit(now: () => Date = () => NOW): Promise<UsageTestKit> {
  kit = await startUsageTestKit({ emulator: { seed: 3, keys: 8, days: 5, now: () => NOW }, now, maxRetries: 0 })
  const [first] = await kit.sync.syncNow()
  expect(first?.lastError).toBeNull()
  return kit
}

async function figures(k: UsageTestKit) {
  const today = localDateOf(NOW.getTime(), 'UTC')
  const range = { from: addDays(today, -89), to: today, timeZone: 'UTC' }
  return { byKey: await k.queries.summary({ range, groupBy: 'key' }), byWorkspace: await k.queries.summary({ range, groupBy: 'workspace' }), rows: dumpUsage(k.store, 'emu') }
}

/** Syncs against the fault, checks the failure, the figures and the status, then syncs normally again. */
async function attack(k: UsageTestKit, route: string, expected: RegExp, cap: number): Promise<void> {
  const before = await figures(k)
  k.emulator.faults.set(`GET ${route}`, { kind: 'endless' })
  const [failed] = await k.sync.syncNow()
  expect(failed?.state).toBe('failed')
  expect(failed?.lastError?.message).toMatch(expected)
  expect(failed?.lastError?.message).toMatch(/; Keyward stopped; nothing from that report was saved, the cache is unchanged; run keyward sync again later or report it\.$/)
  expect(failed?.lastError?.message).not.toMatch(/\n/)
  expect(k.emulator.faults.hits(`GET ${route}`)).toBeLessThanOrEqual(cap)
  expect(k.emulator.faults.hits(`GET ${route}`)).toBeGreaterThan(1)
  // The daemon's status: failed with the error, not held in "syncing".
  const [status] = await k.sync.status()
  expect(status?.state).toBe('failed')
  expect(await figures(k)).toEqual(before)
  k.emulator.faults.clear()
  const [again] = await k.sync.syncNow()
  expect(again?.lastError).toBeNull()
  expect(again?.state).toBe('idle')
  const after = await figures(k)
  expect(after.byKey.total).toEqual(before.byKey.total)
  expect(after.byKey.groups).toEqual(before.byKey.groups)
}

/** The page limit of the second sync's hourly window for this org, as the sync derives it. */
async function hourlyCap(k: UsageTestKit): Promise<number> {
  const catalog = k.store.org('emu')!.catalog!
  const hourly = hourlyWindow(NOW.getTime(), DEFAULT_PLAN)
  const groups = groupsPerBucket({ keys: catalog.keys.length, users: catalog.users?.length ?? 0, workspaces: catalog.workspaces.length })
  return reportPageCap(hourly.toHour - hourly.fromHour, 1, groups, API_MAX_PAGE_SIZE)
}

describe('a server whose pages never end', { timeout: 120_000 }, () => {
  it('the usage report: stops within the page limit the window can hold, cache and figures unchanged', async () => {
    const k = await syncedKit()
    const cap = await hourlyCap(k)
    expect(cap).toBeLessThan(1000)
    await attack(k, REPORT_PATHS.usage, new RegExp(`^the Admin API kept returning more pages for /v1/organizations/analytics/usage after ${cap} pages;`), cap)
  })

  it('the cost report: the same', async () => {
    const k = await syncedKit()
    const cap = await hourlyCap(k)
    await attack(k, REPORT_PATHS.cost, new RegExp(`^the Admin API kept returning more pages for /v1/organizations/analytics/cost after ${cap} pages;`), cap)
  })

  for (const path of ['/v1/organizations/api_keys', '/v1/organizations/workspaces', '/v1/organizations/users']) {
    it(`the catalog's ${path} list (one page at a time, not the SDK's auto-paging): stops within ${listPageCap(API_MAX_PAGE_SIZE)} pages`, async () => {
      const k = await syncedKit()
      // Two walks read the workspaces (with and without the Default workspace).
      const walks = path.endsWith('/workspaces') ? 2 : 1
      await attack(k, path, new RegExp(`^the Admin API kept returning more pages for ${path} after ${listPageCap(API_MAX_PAGE_SIZE)} pages;`), walks * listPageCap(API_MAX_PAGE_SIZE))
    })
  }

  it('a report past the deadline on the sync clock stops with TIMEOUT, without real waiting', async () => {
    let ticks = 0
    // Every reading of the sync's clock moves it a minute on: the report walk reads it once a page.
    const k = await syncedKit(() => new Date(NOW.getTime() + ticks++ * 60_000))
    const before = await figures(k)
    k.emulator.faults.set(`GET ${REPORT_PATHS.usage}`, { kind: 'endless' })
    const [failed] = await k.sync.syncNow()
    expect(failed?.lastError?.code).toBe('TIMEOUT')
    expect(failed?.lastError?.message).toMatch(/^the Admin API was still returning pages for \/v1\/organizations\/analytics\/usage after \d+ minutes and \d+ pages; Keyward stopped;/)
    expect(k.emulator.faults.hits(`GET ${REPORT_PATHS.usage}`)).toBeLessThanOrEqual(WALK_DEADLINE_MS / 60_000 + PAGE_SLACK)
    expect((await figures(k)).rows).toEqual(before.rows)
  })

  it('an admin list walk (Review, offboarding) stops within its page limit, naming the endpoint', async () => {
    kit = await startUsageTestKit({ emulator: { seed: 3, keys: 10, days: 3, now: () => NOW } })
    const k = kit
    const admin = createAdminService({ getOrg: async () => k.org, client: () => k.orgs.client('emu'), audit: async () => {} })
    const users = await allPages(ADMIN_LIST_PATHS.users, (p) => admin.listUsers('emu', p))
    expect(users.length).toBeGreaterThan(0)
    k.emulator.faults.set(`GET ${ADMIN_LIST_PATHS.users}`, { kind: 'endless' })
    let message = ''
    try {
      await allPages(ADMIN_LIST_PATHS.users, (p) => admin.listUsers('emu', p))
    } catch (error) {
      expect(isKeywardError(error)).toBe(true)
      message = (error as Error).message
    }
    expect(message).toBe(
      `the Admin API kept returning more pages for /v1/organizations/users after ${listPageCap(API_MAX_PAGE_SIZE)} pages; Keyward stopped; nothing was changed; try again later or report it.`,
    )
    expect(k.emulator.faults.hits(`GET ${ADMIN_LIST_PATHS.users}`)).toBe(listPageCap(API_MAX_PAGE_SIZE))
    // Every org API key (rotation's profile matching) walks the same way.
    k.emulator.faults.set(`GET ${ADMIN_LIST_PATHS.apiKeys}`, { kind: 'endless' })
    await expect(admin.listAllApiKeys('emu')).rejects.toThrow(/more pages for \/v1\/organizations\/api_keys after 105 pages/)
    k.emulator.faults.clear()
    expect(await allPages(ADMIN_LIST_PATHS.users, (p) => admin.listUsers('emu', p))).toEqual(users)
  })
})

/**
 * Refreshes, the watermark and cursors over HTTP, through the official SDK: every page carries
 * the refresh's `data_refreshed_at`; a revision changes open days in the reports exactly as in
 * the ground truth as of that watermark; a walk reads one snapshot; cursors expire with a 410;
 * ranges the API refuses are 400s in the API's error shape.
 */
import Anthropic, { APIError } from '@anthropic-ai/sdk'
import { afterEach, describe, expect, it } from 'vitest'
import { parseCents, sumMicro } from '../../shared/money'
import { startEmulator, type EmulatorHandle } from './server'

let emu: EmulatorHandle | null = null
afterEach(async () => {
  await emu?.close()
  emu = null
})

/** An emulator whose clock the test moves. */
async function start(nowIso: string, options: Parameters<typeof startEmulator>[0] = {}) {
  let nowMs = Date.parse(nowIso)
  emu = await startEmulator({ seed: 4, keys: 20, days: 40, now: () => new Date(nowMs), ...options })
  const org = new Anthropic({ apiKey: emu.adminKey, baseURL: emu.baseURL, maxRetries: 0 }).beta.organization
  return { emu, org, setNow: (iso: string) => (nowMs = Date.parse(iso)) }
}

const DAYS = { starting_at: '2026-11-25T00:00:00Z', ending_at: '2026-12-06T00:00:00Z', time_bucket_width: '1d' as const }

/** Cost per day (micro-cents) of a daily cost report, and the watermark of its pages. */
async function costByDay(org: Anthropic['beta']['organization']) {
  const byDay = new Map<string, bigint>()
  const watermarks = new Set<string | null>()
  let page = await org.analytics.cost.list({ ...DAYS, group_by: ['api_key_id', 'model'], limit: 17 })
  for (;;) {
    watermarks.add(page.data_refreshed_at)
    for (const r of page.data) byDay.set(r.starting_at, (byDay.get(r.starting_at) ?? 0n) + parseCents(r.cost.amount))
    if (!page.hasNextPage()) break
    page = await page.getNextPage()
  }
  return { byDay, watermarks: [...watermarks] }
}

describe('the watermark and revisions over HTTP', () => {
  it('moves data_refreshed_at on revise(), changes some open days and follows the ground truth as of each watermark', async () => {
    const { emu, org } = await start('2026-12-06T10:20:00Z', { revisions: { share: 0.5 } })
    const before = await costByDay(org)
    expect(before.watermarks).toEqual(['2026-12-06T10:00:00Z'])
    expect(emu.refresh()).toEqual({ refresh: 0, dataRefreshedAt: '2026-12-06T10:00:00Z' })
    for (let i = 0; i < 3; i++) emu.revise()
    const after = await costByDay(org)
    expect(after.watermarks).toEqual(['2026-12-06T10:20:02Z'])
    const changed = [...after.byDay].filter(([day, v]) => v !== before.byDay.get(day))
    expect(changed.length).toBeGreaterThan(0)
    expect(changed.length).toBeLessThan(after.byDay.size + 1)
    for (const [day, v] of after.byDay) {
      const end = new Date(Date.parse(day) + 86_400_000).toISOString()
      expect(v, day).toBe(BigInt(emu.totals({ startingAt: day, endingAt: end, asOf: '2026-12-06T10:20:02Z' }).costMicroCents))
      expect(before.byDay.get(day), day).toBe(BigInt(emu.totals({ startingAt: day, endingAt: end, asOf: 0 }).costMicroCents))
    }
  })

  it('refreshes on its own every revisionsEvery minutes of the clock, and reports no usage after the watermark', async () => {
    const { emu, org, setNow } = await start('2026-12-06T10:20:00Z', { revisions: { everyMinutes: 120 } })
    const range = { starting_at: '2026-12-06T00:00:00Z', ending_at: '2026-12-06T20:00:00Z', time_bucket_width: '1h' as const }
    const first = await org.analytics.usage.list({ ...range, order_by: 'time', order: 'asc', limit: 100 })
    expect(first.data_refreshed_at).toBe('2026-12-06T10:00:00Z')
    expect(Math.max(...first.data.map((r) => Date.parse(r.ending_at)))).toBeLessThanOrEqual(Date.parse('2026-12-06T10:00:00Z'))
    setNow('2026-12-06T13:59:00Z')
    const second = await org.analytics.usage.list({ ...range, order_by: 'time', order: 'asc', limit: 100 })
    expect(second.data_refreshed_at).toBe('2026-12-06T12:00:00Z')
    expect(emu.refresh().refresh).toBe(1)
    expect(Math.max(...second.data.map((r) => Date.parse(r.ending_at)))).toBe(Date.parse('2026-12-06T12:00:00Z'))
  })

  it('serves every page of one walk from the refresh its first page was served at', async () => {
    const { emu, org } = await start('2026-12-06T10:20:00Z', { revisions: { share: 1 } })
    const truthAt0 = emu.totals({ startingAt: DAYS.starting_at, endingAt: DAYS.ending_at })
    let page = await org.analytics.cost.list({ ...DAYS, group_by: ['api_key_id'], limit: 5 })
    const amounts = page.data.map((r) => parseCents(r.cost.amount))
    emu.revise() // in the middle of the walk
    while (page.hasNextPage()) {
      page = await page.getNextPage()
      expect(page.data_refreshed_at).toBe('2026-12-06T10:00:00Z')
      amounts.push(...page.data.map((r) => parseCents(r.cost.amount)))
    }
    expect(sumMicro(amounts)).toBe(BigInt(truthAt0.costMicroCents))
    const fresh = await org.analytics.cost.list({ starting_at: DAYS.starting_at, ending_at: DAYS.ending_at })
    expect(fresh.data_refreshed_at).toBe('2026-12-06T10:20:00Z')
    expect(parseCents(fresh.data[0]!.cost.amount)).toBe(BigInt(emu.totals({ startingAt: DAYS.starting_at, endingAt: DAYS.ending_at }).costMicroCents))
    expect(parseCents(fresh.data[0]!.cost.amount)).not.toBe(BigInt(truthAt0.costMicroCents))
  })
})

describe('expired cursors', () => {
  const status = async (p: Promise<unknown>): Promise<{ status: number | undefined; body: unknown }> => {
    try {
      await p
    } catch (error) {
      if (error instanceof APIError) return { status: error.status, body: error.error }
      throw error
    }
    return { status: 200, body: null }
  }

  it('answers a cursor older than cursorTtlMs with a 410 in the API error shape; the first page again works', async () => {
    const { org, setNow } = await start('2026-12-06T10:20:00Z', { cursorTtlMs: 5 * 60_000 })
    const first = await org.analytics.usage.list({ ...DAYS, group_by: ['api_key_id'], limit: 3 })
    expect(first.hasNextPage()).toBe(true)
    setNow('2026-12-06T10:24:59Z')
    expect((await status(first.getNextPage())).status).toBe(200)
    setNow('2026-12-06T10:25:01Z')
    const expired = await status(first.getNextPage())
    expect(expired.status).toBe(410)
    expect(expired.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/expired/) } })
    const again = await org.analytics.usage.list({ ...DAYS, group_by: ['api_key_id'], limit: 3 })
    expect((await status(again.getNextPage())).status).toBe(200)
  })

  it('expires the next cursors presented on demand (expireNextCursor), never a first page', async () => {
    const { emu, org } = await start('2026-12-06T10:20:00Z')
    emu.expireNextCursor(2)
    const first = await org.analytics.cost.list({ ...DAYS, group_by: ['api_key_id'], limit: 3 })
    expect((await status(first.getNextPage())).status).toBe(410)
    const restarted = await org.analytics.cost.list({ ...DAYS, group_by: ['api_key_id'], limit: 3 })
    expect((await status(restarted.getNextPage())).status).toBe(410)
    expect((await status(restarted.getNextPage())).status).toBe(200)
    expect(emu.requests.filter((r) => r.status === 410)).toHaveLength(2)
  })
})

describe('ranges the API refuses', () => {
  it('are 400 invalid_request_error: before 2026-01-01, over 365 days back, over 31 days, 1m over 24 hours', async () => {
    const { org } = await start('2026-12-06T10:20:00Z')
    const refused = async (params: Parameters<typeof org.analytics.usage.list>[0]): Promise<string> => {
      try {
        await org.analytics.usage.list(params)
      } catch (error) {
        expect(error).toBeInstanceOf(APIError)
        expect((error as APIError).status).toBe(400)
        expect((error as APIError).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } })
        return (error as APIError).message
      }
      throw new Error(`expected a 400 for ${JSON.stringify(params)}`)
    }
    expect(await refused({ starting_at: '2025-12-31T00:00:00Z', ending_at: '2026-01-02T00:00:00Z' })).toMatch(/2026-01-01/)
    expect(await refused({ starting_at: '2026-11-01T00:00:00Z', ending_at: '2026-12-02T01:00:00Z', time_bucket_width: '1d' })).toMatch(/31 days/)
    expect(await refused({ starting_at: '2026-12-01T00:00:00Z', ending_at: '2026-12-02T01:00:00Z', time_bucket_width: '1m' })).toMatch(/24 hours/)
    const { org: later } = await start('2027-02-01T00:00:00Z')
    await expect(later.analytics.usage.list({ starting_at: '2026-01-31T23:00:00Z', ending_at: '2026-02-01T05:00:00Z' })).rejects.toThrow(/365 days/)
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EmulatorError } from './errors'
import { groundTruthTotals } from './ground-truth'
import { parseCentsToMicro } from './money'
import { computeReportRows, costItem, ReportCache, reportPage, rowList, totalTokens, type ReportContext } from './report'
import { decodeReportCursor, encodeReportCursor } from './report-cursor'
import { RefreshSchedule } from './revisions'
import { parseReportQuery, type ReportQuery } from './report-query'
import { seedOrg } from './seed-data'
import { HOUR_MS, isoOfHour } from './time'
import { M, UsageGenerator } from './usage-generator'
import { keylessSeed } from './people'

const NOW = new Date('2026-11-20T15:30:00Z')
const nowMs = NOW.getTime()
const nowHour = Math.floor(nowMs / HOUR_MS)

function context(): ReportContext {
  const state = seedOrg({ seed: 21, keys: 30, days: 40, now: NOW })
  return { state, generator: new UsageGenerator(21), keylessGenerator: new UsageGenerator(keylessSeed(21)), asOf }
}

/** The start-up view: the watermark at the start of the current hour, nothing revised. */
const asOf = new RefreshSchedule(21, nowMs).asOf()
/** Every row of a report as objects, in order. */
const reportRows = (query: ReportQuery, ctx: ReportContext) => rowList(computeReportRows(query, ctx))

const params = (entries: Record<string, string | string[]>): URLSearchParams => {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(entries)) {
    if (Array.isArray(v)) for (const item of v) p.append(`${k}[]`, item)
    else p.set(k, v)
  }
  return p
}

describe('report self-consistency', () => {
  const ctx = context()

  it('gives identical cost and token totals grouped by key, model, workspace and ungrouped, for any range and bucket', () => {
    fc.assert(
      fc.property(fc.integer({ min: nowHour - 45 * 24, max: nowHour + 5 }), fc.integer({ min: 1, max: 31 * 24 }), fc.constantFrom(null, '1h', '1d'), (from, length, width) => {
        const base = { starting_at: isoOfHour(from), ending_at: isoOfHour(from + length), ...(width ? { time_bucket_width: width } : {}) }
        const totals = [
          [],
          ['api_key_id'],
          ['model'],
          ['workspace_id'],
          ['actor'],
          ['product'],
          ['api_key_id', 'model', 'workspace_id'],
          ['api_key_id', 'workspace_id', 'model', 'actor', 'product'],
        ].map((groupBy) => {
          const rows = reportRows(parseReportQuery('cost', params({ ...base, group_by: groupBy }), nowMs), ctx)
          return {
            cost: rows.reduce((s, r) => s + parseCentsToMicro(costItem(r).cost.amount), 0n),
            tokens: rows.reduce((s, r) => s + totalTokens(r.metrics), 0),
            requests: rows.reduce((s, r) => s + (r.metrics[M.requests] ?? 0), 0),
          }
        })
        const truth = groundTruthTotals(ctx.state, { keys: new UsageGenerator(21), keyless: new UsageGenerator(keylessSeed(21)) }, asOf, { startingAt: base.starting_at, endingAt: base.ending_at })
        for (const t of totals) {
          expect(t.cost).toBe(BigInt(truth.costMicroCents))
          expect(t.tokens).toBe(truth.totalTokens)
          expect(t.requests).toBe(truth.requests)
        }
      }),
      { seed: 20261120, numRuns: 100 },
    )
  }, 120_000) // 100 runs of hour-by-hour ground truth: seconds of CPU, more on a loaded 2-core machine

  it('filters agree with ground truth for one key, one model and one workspace', () => {
    const key = ctx.state.apiKeys.find((k) => k.usageEndHour === null)!
    const q = { starting_at: isoOfHour(nowHour - 10 * 24), ending_at: isoOfHour(nowHour) }
    const rows = reportRows(parseReportQuery('usage', params({ ...q, api_key_ids: [key.wire.id] }), nowMs), ctx)
    expect(rows.length).toBe(1)
    expect(totalTokens(rows[0]!.metrics)).toBe(
      groundTruthTotals(ctx.state, { keys: ctx.generator, keyless: ctx.keylessGenerator }, asOf, { startingAt: q.starting_at, endingAt: q.ending_at, apiKeyIds: [key.wire.id] }).totalTokens,
    )
    const ws = key.workspaceId
    const wsRows = reportRows(parseReportQuery('cost', params({ ...q, workspace_ids: [ws], models: ['claude-sonnet-4-5'] }), nowMs), ctx)
    const truth = groundTruthTotals(ctx.state, { keys: ctx.generator, keyless: ctx.keylessGenerator }, asOf, {
      startingAt: q.starting_at,
      endingAt: q.ending_at,
      workspaceIds: [ws],
      models: ['claude-sonnet-4-5'],
    })
    expect(wsRows[0]?.metrics[M.cost] ?? 0).toBe(truth.costMicroCents)
  })

  it('buckets by day from starting_at and clips the last bucket at ending_at', () => {
    const rows = reportRows(
      parseReportQuery('usage', params({ starting_at: '2026-11-10T06:00:00Z', ending_at: '2026-11-12T00:00:00Z', time_bucket_width: '1d', order_by: 'time', order: 'asc' }), nowMs),
      ctx,
    )
    expect(rows.map((r) => [isoOfHour(r.startHour), isoOfHour(r.endHour)])).toEqual([
      ['2026-11-10T06:00:00Z', '2026-11-11T06:00:00Z'],
      ['2026-11-11T06:00:00Z', '2026-11-12T00:00:00Z'],
    ])
  })

  it('pages a report with next_page until has_more is false, without losing or repeating rows', () => {
    const cache = new ReportCache()
    const base = { starting_at: isoOfHour(nowHour - 7 * 24), ending_at: isoOfHour(nowHour), time_bucket_width: '1d', group_by: ['api_key_id', 'model'], limit: '13' }
    const seen: string[] = []
    let page: string | null = null
    let pages = 0
    do {
      const query = parseReportQuery('usage', params({ ...base, ...(page ? { page } : {}) }), nowMs)
      const offset = page ? decodeReportCursor(page, query.signature, nowMs, { ttlMs: 60_000, expireNext: 0 }).offset : 0
      const result = reportPage(query, ctx, cache, { offset, nextCursor: (o) => encodeReportCursor({ offset: o, refresh: 0, issuedMs: nowMs }, query.signature) })
      for (const row of result.data) seen.push(`${row.starting_at}|${row.group.api_key_id}|${row.group.model}`)
      expect(result.has_more).toBe(result.next_page !== null)
      page = result.next_page
      pages++
    } while (page)
    expect(pages).toBeGreaterThan(2)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.length).toBe(reportRows(parseReportQuery('usage', params(base), nowMs), ctx).length)
  })
})

describe('report query validation', () => {
  const bad = (kind: 'usage' | 'cost', entries: Record<string, string | string[]>): string => {
    try {
      parseReportQuery(kind, params(entries), nowMs)
    } catch (error) {
      expect(error).toBeInstanceOf(EmulatorError)
      expect((error as EmulatorError).status).toBe(400)
      return (error as EmulatorError).message
    }
    throw new Error('expected a 400')
  }

  it('enforces the 31-day range, ending_at with buckets, and RFC 3339 instants', () => {
    expect(bad('usage', { starting_at: '2026-10-01T00:00:00Z', ending_at: '2026-11-01T01:00:00Z' })).toMatch(/31 days/)
    expect(bad('usage', { starting_at: '2026-11-01T00:00:00Z', time_bucket_width: '1d' })).toMatch(/ending_at/)
    expect(bad('usage', { starting_at: 'yesterday' })).toMatch(/starting_at/)
    expect(bad('usage', { starting_at: '2026-11-01T00:00:00Z', ending_at: '2026-11-01T00:30:00Z' })).toMatch(/ending_at/)
    expect(bad('usage', { starting_at: '2025-12-31T23:00:00Z', ending_at: '2026-01-01T05:00:00Z' })).toMatch(/no earlier than 2026-01-01/)
  })

  it('refuses what the API refuses: more than 365 days back, more than 31 days, more than 24 hours of 1m buckets', () => {
    const later = Date.parse('2027-03-01T12:00:00Z')
    const badAt = (entries: Record<string, string | string[]>, at: number): string => {
      try {
        parseReportQuery('cost', params(entries), at)
      } catch (error) {
        expect((error as EmulatorError).status).toBe(400)
        return (error as EmulatorError).message
      }
      throw new Error('expected a 400')
    }
    expect(badAt({ starting_at: '2026-02-28T11:00:00Z', ending_at: '2026-03-01T00:00:00Z' }, later)).toMatch(/365 days/)
    expect(() => parseReportQuery('cost', params({ starting_at: '2026-03-01T13:00:00Z', ending_at: '2026-03-02T00:00:00Z' }), later)).not.toThrow()
    expect(badAt({ starting_at: '2026-11-01T00:00:00Z', ending_at: '2026-12-02T00:00:01Z', time_bucket_width: '1d' }, nowMs)).toMatch(/31 days/)
    expect(() => parseReportQuery('cost', params({ starting_at: '2026-10-01T00:00:00Z', ending_at: '2026-11-01T00:00:00Z', time_bucket_width: '1d' }), nowMs)).not.toThrow()
    expect(badAt({ starting_at: '2026-11-01T00:00:00Z', ending_at: '2026-11-02T01:00:00Z', time_bucket_width: '1m' }, nowMs)).toMatch(/at most 24 hours/)
    expect(badAt({ starting_at: '2026-11-01T00:00:00Z', ending_at: '2026-11-01T00:00:00Z' }, nowMs)).toMatch(/ending_at/)
    expect(badAt({ starting_at: '2026-11-01T00:00:00Z', time_bucket_width: '5m', ending_at: '2026-11-01T05:00:00Z' }, nowMs)).toMatch(/time_bucket_width/)
  })

  it('rejects unsupported group_by, widths, orders and filters by name', () => {
    expect(bad('usage', { starting_at: '2026-11-01T00:00:00Z', group_by: ['rbac_group_id'] })).toMatch(/group_by/)
    expect(bad('usage', { starting_at: '2026-11-01T00:00:00Z', exclude_deleted_users: 'true' })).toMatch(/group_by\[\]=actor/)
    expect(bad('usage', { starting_at: '2026-11-01T00:00:00Z', ending_at: '2026-11-01T05:00:00Z', time_bucket_width: '1m' })).toMatch(/1m/)
    expect(bad('cost', { starting_at: '2026-11-01T00:00:00Z', order_by: 'total_tokens' })).toMatch(/order_by/)
    expect(bad('usage', { starting_at: '2026-11-01T00:00:00Z', products: ['chat'] })).toMatch(/products/)
    expect(bad('usage', { starting_at: '2026-11-01T00:00:00Z', models: ['gpt-4'] })).toMatch(/models/)
  })

  it('defaults ending_at to the earlier of now and starting_at + 31 days, floored to the hour', () => {
    const q = parseReportQuery('usage', params({ starting_at: '2026-11-15T10:20:00Z' }), nowMs)
    expect(isoOfHour(q.fromHour)).toBe('2026-11-15T10:00:00Z')
    expect(isoOfHour(q.toHour)).toBe('2026-11-20T15:00:00Z')
  })
})

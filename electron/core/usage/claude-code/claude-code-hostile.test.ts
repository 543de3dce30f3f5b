import type Anthropic from '@anthropic-ai/sdk'
import { describe, expect, it } from 'vitest'
import { fetchClaudeCodeDay } from './claude-code-fetch'
import { parseClaudeCodePage } from './claude-code-page'
import { createMemoryClaudeCodeStore } from './claude-code-store'
import { syncClaudeCode } from './claude-code-sync'

const DAY = '2026-11-04'
const NOW = new Date('2026-11-05T12:00:00Z')

/** A well-formed record; tests break one field of it. */
function record(overrides: { amount?: unknown; email?: string; day?: string } = {}): Record<string, unknown> {
  return {
    date: `${overrides.day ?? DAY}T00:00:00Z`,
    actor: { type: 'user_actor', email_address: overrides.email ?? 'ada@example.com' },
    organization_id: 'org_1',
    customer_type: 'api',
    terminal_type: 'vscode',
    core_metrics: { num_sessions: 3, lines_of_code: { added: 120, removed: 30 }, commits_by_claude_code: 2, pull_requests_by_claude_code: 1 },
    tool_actions: {
      edit_tool: { accepted: 10, rejected: 2 },
      multi_edit_tool: { accepted: 1, rejected: 0 },
      write_tool: { accepted: 3, rejected: 1 },
      notebook_edit_tool: { accepted: 0, rejected: 0 },
    },
    model_breakdown: [
      {
        model: 'claude-sonnet-4-5',
        tokens: { input: 100, output: 50, cache_read: 10, cache_creation: 5 },
        estimated_cost: { currency: 'USD', amount: 'amount' in overrides ? overrides.amount : 12.5 },
      },
    ],
  }
}

const page = (data: unknown[], next: string | null = null): unknown => ({ data, has_more: next !== null, next_page: next })

/** A client whose generic `get` answers from `reply` (the cursor asked → the body). */
function fakeClient(reply: (cursor: string | null, limit: number, day: string) => unknown): Anthropic {
  return {
    get: async (_path: string, opts: { query: Record<string, unknown> }) => reply((opts.query.page as string | undefined) ?? null, opts.query.limit as number, opts.query.starting_at as string),
  } as unknown as Anthropic
}

describe('the Claude Code report refuses hostile replies, naming the endpoint and the field', () => {
  it('reads a good page exactly', () => {
    const [r] = parseClaudeCodePage(page([record()]), DAY).records
    expect(r).toMatchObject({ actor: { type: 'user', name: 'ada@example.com' }, sessions: 3, linesAdded: 120, commits: 2, pullRequests: 1 })
    expect(r!.models[0]!.estimatedCostMicro).toBe(12_500_000n)
  })

  it.each([
    ['an amount sent as a string', '"12.5"', /model_breakdown\[0\]\.estimated_cost\.amount that is a string, not a JSON number of cents/],
    ['a negative amount', -1, /estimated_cost\.amount that is negative/],
    ['NaN', Number.NaN, /estimated_cost\.amount that is not a finite number/],
    ['an absurd amount', 1e20, /estimated_cost\.amount that has more than 15 digits/],
  ])('%s', (_what, amount, message) => {
    const body = page([record({ amount: amount === '"12.5"' ? '12.5' : amount })])
    expect(() => parseClaudeCodePage(body, DAY)).toThrow(message)
    expect(() => parseClaudeCodePage(body, DAY)).toThrow(/\/v1\/organizations\/usage_report\/claude_code/)
  })

  it('refuses broken fields: counts, actors, the day, the paging', () => {
    const broken = (mutate: (r: Record<string, unknown>) => void): unknown => {
      const r = record()
      mutate(r)
      return page([r])
    }
    expect(() =>
      parseClaudeCodePage(
        broken((r) => ((r.core_metrics as Record<string, unknown>).num_sessions = -2)),
        DAY,
      ),
    ).toThrow(/data\[0\]\.core_metrics\.num_sessions that is not a whole, non-negative count/)
    expect(() =>
      parseClaudeCodePage(
        broken((r) => (r.actor = { type: 'robot' })),
        DAY,
      ),
    ).toThrow(/data\[0\]\.actor\.type/)
    expect(() =>
      parseClaudeCodePage(
        broken((r) => (r.date = '2026-11-03T00:00:00Z')),
        DAY,
      ),
    ).toThrow(/data\[0\]\.date that is not the day asked for \(2026-11-04\)/)
    expect(() =>
      parseClaudeCodePage(
        broken((r) => (r.model_breakdown = 'lots')),
        DAY,
      ),
    ).toThrow(/model_breakdown that is not a list/)
    expect(() => parseClaudeCodePage({ data: [], has_more: true, next_page: null }, DAY)).toThrow(/next_page that is not a cursor/)
    expect(() => parseClaudeCodePage([], DAY)).toThrow(/a page that is not a JSON object/)
  })

  it('refuses a page with more records than asked for (a huge page)', async () => {
    const huge = fakeClient((_c, limit) => page(Array.from({ length: limit + 1 }, (_, i) => record({ email: `p${i}@example.com` }))))
    await expect(fetchClaudeCodeDay(huge, DAY, { pageSize: 50 })).rejects.toThrow(/data that has 51 records, more than the 50 asked for/)
  })

  it('stops a server that never ends its pages', async () => {
    let n = 0
    const endless = fakeClient(() => page([record()], `cursor-${++n}`))
    await expect(fetchClaudeCodeDay(endless, DAY, { pageSize: 1000 })).rejects.toThrow(/kept returning more pages for \/v1\/organizations\/usage_report\/claude_code/)
    const loop = fakeClient(() => page([record()], 'same'))
    await expect(fetchClaudeCodeDay(loop, DAY)).rejects.toThrow(/already sent/)
  })

  it('leaves the cache as it was when a day fails part-way', async () => {
    const store = createMemoryClaudeCodeStore()
    await store.putDay('org', '2026-11-05', [], '2026-11-05T11:00:00Z')
    const before = await store.days('org', '2000-01-01', '2999-12-31')
    // Today is stale (fetched before the day ended, over an hour ago); its second page is hostile.
    const client = fakeClient((cursor, _limit, day) => (cursor === null ? page([record({ day })], 'p2') : page([record({ day, amount: '1' })])))
    await expect(syncClaudeCode(client, 'org', () => NOW, { store })).rejects.toThrow(/estimated_cost\.amount/)
    expect(await store.days('org', '2000-01-01', '2999-12-31')).toEqual(before)
  })
})

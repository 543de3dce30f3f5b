import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, daysBetween } from '../../../../shared/calendar'
import { fromAmount } from '../../../../shared/money'
import { type EmulatorHandle, startEmulator } from '../../../emulator'
import { claudeReportJson } from '../../../cli/commands/claude-report'
import { createClaudeCodeService } from './claude-code-service'
import { createMemoryClaudeCodeStore } from './claude-code-store'
import { syncClaudeCode } from './claude-code-sync'

const NOW = new Date('2026-11-20T15:30:00Z')
const TODAY = '2026-11-20'
const FIRST = addDays(TODAY, -89)

/** A raw record as the endpoint sends it, read with no Keyward code. */
interface Raw {
  date: string
  actor: { type: string; email_address?: string; api_key_name?: string }
  core_metrics: { num_sessions: number; lines_of_code: { added: number; removed: number }; commits_by_claude_code: number; pull_requests_by_claude_code: number }
  tool_actions: Record<string, { accepted: number; rejected: number }>
  model_breakdown: Array<{ model: string; tokens: Record<string, number>; estimated_cost: { amount: number } }>
}

let emulator: EmulatorHandle
const store = createMemoryClaudeCodeStore()
const service = createClaudeCodeService({ store, orgs: async () => [{ id: 'emu', name: 'Emulated org' }] })
/** Every day's raw records, fetched over plain HTTP (one page of up to 1,000). */
const raw = new Map<string, Raw[]>()

beforeAll(async () => {
  emulator = await startEmulator({ seed: 23, keys: 16, people: 8, days: 40, now: () => NOW })
  const client = new Anthropic({ apiKey: emulator.adminKey, authToken: null, baseURL: emulator.baseURL, maxRetries: 0 })
  // Small pages, so the sync walks several pages a day.
  const fetched = await syncClaudeCode(client, 'emu', () => NOW, { store, pageSize: 3 })
  expect(fetched).toBe(90)
  for (let day = FIRST; day <= TODAY; day = addDays(day, 1)) {
    const response = await fetch(`${emulator.baseURL}/v1/organizations/usage_report/claude_code?starting_at=${day}&limit=1000`, { headers: { 'x-api-key': emulator.adminKey } })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { data: Raw[]; has_more: boolean }
    expect(body.has_more).toBe(false)
    raw.set(day, body.data)
  }
}, 120_000)
afterAll(async () => emulator?.close())

/** A fixed-seed generator of random ranges (mulberry32). */
function rng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const actorOf = (r: Raw): string => r.actor.email_address ?? r.actor.api_key_name ?? '?'

describe('keyward claude report against the emulator', () => {
  it('has Claude Code use to report (the seed is not empty)', () => {
    const records = [...raw.values()].flat()
    expect(records.length).toBeGreaterThan(50)
    expect(records.some((r) => r.actor.type === 'user_actor')).toBe(true)
    expect(new Set(records.map(actorOf)).size).toBeGreaterThan(3)
  })

  it('equals the endpoint raw records summed independently, on random ranges', async () => {
    const random = rng(0xc1a0de)
    for (let i = 0; i < 30; i++) {
      const from = addDays(FIRST, Math.floor(random() * 90))
      const to = addDays(from, Math.floor(random() * (daysBetween(from, TODAY) + 1)))
      const expected = new Map<
        string,
        { sessions: number; linesAdded: number; linesRemoved: number; commits: number; pullRequests: number; toolAccepted: number; toolRejected: number; micro: bigint }
      >()
      for (let day = from; day <= to; day = addDays(day, 1)) {
        for (const r of raw.get(day) ?? []) {
          const e = expected.get(actorOf(r)) ?? { sessions: 0, linesAdded: 0, linesRemoved: 0, commits: 0, pullRequests: 0, toolAccepted: 0, toolRejected: 0, micro: 0n }
          e.sessions += r.core_metrics.num_sessions
          e.linesAdded += r.core_metrics.lines_of_code.added
          e.linesRemoved += r.core_metrics.lines_of_code.removed
          e.commits += r.core_metrics.commits_by_claude_code
          e.pullRequests += r.core_metrics.pull_requests_by_claude_code
          for (const t of Object.values(r.tool_actions)) {
            e.toolAccepted += t.accepted
            e.toolRejected += t.rejected
          }
          // Amounts here have at most six decimals and stay small, so scaling the float is exact after rounding.
          for (const m of r.model_breakdown) e.micro += BigInt(Math.round(m.estimated_cost.amount * 1e6))
          expected.set(actorOf(r), e)
        }
      }
      const report = await service.report({ from, to })
      const json = claudeReportJson(report) as { from: string; to: string; people: Array<Record<string, unknown> & { actor: string; cost: string }> }
      expect(json.from).toBe(from)
      expect(json.to).toBe(to)
      expect(json.people.map((p) => p.actor).sort()).toEqual([...expected.keys()].sort())
      for (const p of json.people) {
        const { micro, ...counts } = expected.get(p.actor)!
        const { actor: _actor, cost, ...figures } = p
        expect(figures, `${p.actor} ${from}..${to}`).toEqual(counts)
        expect(fromAmount(cost), `${p.actor} ${from}..${to}`).toBe(micro)
      }
    }
  })

  it('gives each person the Claude Code tokens and cost the analytics report attributes to product claude_code', async () => {
    const report = await service.report({ from: FIRST, to: TODAY })
    const byActor = new Map(report.people.map((p) => [p.actor, p]))
    const startingAt = `${FIRST}T00:00:00Z`
    const endingAt = `${addDays(TODAY, 1)}T00:00:00Z`
    const state = emulator.state
    const named = [
      ...state.users.map((u) => ({ id: u.id, name: u.email })),
      ...state.people.formerUsers.filter((f) => !f.accountDeleted).map((f) => ({ id: f.id, name: f.email })),
      ...state.apiKeys.map((k) => ({ id: k.wire.id, name: k.wire.name })),
    ]
    let compared = 0
    for (const { id, name } of named) {
      const truth = emulator.totals({ startingAt, endingAt, actors: [id], products: ['claude_code'] })
      const person = byActor.get(name)
      const tokens = person ? person.models.reduce((n, m) => n + m.inputTokens + m.outputTokens + m.cacheReadTokens + m.cacheCreationTokens, 0) : 0
      expect(tokens, name).toBe(truth.totalTokens)
      expect(person ? fromAmount(person.cost) : 0n, name).toBe(BigInt(truth.costMicroCents))
      if (truth.totalTokens > 0) compared++
    }
    expect(compared).toBeGreaterThan(3)
    // The team total is the sum of the people.
    expect(fromAmount(report.total.cost)).toBe(report.people.reduce((n, p) => n + fromAmount(p.cost), 0n))
  })

  it('gives each person the tokens the analytics usage report (over HTTP) attributes to product claude_code', async () => {
    const from = addDays(TODAY, -30)
    const params = new URLSearchParams({ starting_at: `${from}T00:00:00Z`, ending_at: `${addDays(TODAY, 1)}T00:00:00Z`, limit: '1000' })
    params.append('group_by[]', 'actor')
    params.append('group_by[]', 'product')
    const response = await fetch(`${emulator.baseURL}/v1/organizations/analytics/usage?${params}`, { headers: { 'x-api-key': emulator.adminKey, 'anthropic-beta': 'analytics-usage-cost-2026-08-24' } })
    expect(response.status).toBe(200)
    const body = (await response.json()) as {
      has_more: boolean
      data: Array<{ group: { product: string | null; actor: { type: string; email_address?: string | null; api_key_id?: string } | null }; usage: { total_tokens: number } }>
    }
    expect(body.has_more).toBe(false)
    const keyNames = new Map(emulator.state.apiKeys.map((k) => [k.wire.id, k.wire.name]))
    const analytics = new Map<string, number>()
    for (const row of body.data) {
      if (row.group.product !== 'claude_code' || !row.group.actor) continue
      const a = row.group.actor
      const name = a.type === 'user_actor' ? a.email_address : a.type === 'api_actor' ? keyNames.get(a.api_key_id ?? '') : undefined
      if (name) analytics.set(name, (analytics.get(name) ?? 0) + row.usage.total_tokens)
    }
    const report = await service.report({ from, to: TODAY })
    const claudeCode = new Map(report.people.map((p) => [p.actor, p.models.reduce((n, m) => n + m.inputTokens + m.outputTokens + m.cacheReadTokens + m.cacheCreationTokens, 0)]))
    expect(analytics.size).toBeGreaterThan(3)
    expect(claudeCode).toEqual(analytics)
  })
})

/**
 * `GET /v1/organizations/usage_report/claude_code`: one UTC day per request, one record per actor.
 * Derived from the same generated usage as the analytics reports: the day's usage report grouped
 * by actor, model and product, its `claude_code` rows, so a person's Claude Code tokens per model
 * are exactly what the analytics report attributes to product `claude_code` for them. Actors the
 * Claude Code report cannot name (a deleted account without an e-mail, service accounts,
 * federated identities, no identity) are left out, as the API leaves out what it cannot attribute.
 * `estimated_cost.amount` is the list-price cost of those tokens in cents, as a JSON number (the
 * emulator bills at list price, so it equals the cost report's amount for the same cells; on a real
 * org the bill is after discounts and so can be lower). Sessions, lines, commits, pull requests and
 * tool actions are derived deterministically from the org seed, the day, the actor and the tokens.
 */
import { badRequest } from './errors'
import { formatMicroCents } from './money'
import { parseLimit, pageByCursor } from './pagination'
import { hash32, unit } from './prng'
import { parseReportQuery } from './report-query'
import { type EmulatorRequest, type Route, currentAsOf, route } from './route-table'
import { rowList } from './report'
import { M } from './usage-generator'

/** One record as the endpoint sends it. */
export interface ClaudeCodeWireRecord {
  date: string
  actor: { type: 'user_actor'; email_address: string } | { type: 'api_actor'; api_key_name: string }
  organization_id: string
  customer_type: 'api' | 'subscription'
  terminal_type: string
  core_metrics: { num_sessions: number; lines_of_code: { added: number; removed: number }; commits_by_claude_code: number; pull_requests_by_claude_code: number }
  tool_actions: Record<'edit_tool' | 'multi_edit_tool' | 'write_tool' | 'notebook_edit_tool', { accepted: number; rejected: number }>
  model_breakdown: Array<{ model: string; tokens: { input: number; output: number; cache_read: number; cache_creation: number }; estimated_cost: { currency: 'USD'; amount: number } }>
}

const TERMINALS = ['vscode', 'tmux', 'iTerm.app', 'ghostty', 'Apple_Terminal'] as const
const DAY_MS = 86_400_000

/** A 32-bit FNV-1a hash of a string, so an actor's derived figures depend on who it is. */
function hashText(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return h
}

function parseDay(raw: string | null): string {
  if (raw === null || raw === '') throw badRequest('starting_at: required (a UTC day, YYYY-MM-DD).')
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) || new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) !== raw) {
    throw badRequest('starting_at: must be a UTC day, YYYY-MM-DD.')
  }
  return raw
}

/** Every record of one UTC day, sorted by actor (the order pages are cut in). */
export function claudeCodeRecords(req: Pick<EmulatorRequest, 'ctx'>, day: string): ClaudeCodeWireRecord[] {
  const { ctx } = req
  const nowMs = ctx.now().getTime()
  const startMs = Date.parse(`${day}T00:00:00Z`)
  if (startMs >= nowMs) return []
  const params = new URLSearchParams({ starting_at: `${day}T00:00:00Z`, ending_at: new Date(startMs + DAY_MS).toISOString() })
  for (const g of ['actor', 'model', 'product']) params.append('group_by[]', g)
  const query = parseReportQuery('usage', params, nowMs)
  const rows = rowList(ctx.reportCache.rows(query, { state: ctx.state, generator: ctx.generator, keylessGenerator: ctx.keylessGenerator, asOf: currentAsOf(ctx), limits: ctx.reportLimits }))
  const byActor = new Map<string, { actor: ClaudeCodeWireRecord['actor']; models: ClaudeCodeWireRecord['model_breakdown']; requests: number; output: number }>()
  for (const row of rows) {
    if (row.product !== 'claude_code' || row.actor === null || row.model === null) continue
    let actor: ClaudeCodeWireRecord['actor'] | null = null
    if (row.actor.type === 'user_actor' && row.actor.email_address) actor = { type: 'user_actor', email_address: row.actor.email_address }
    else if (row.actor.type === 'api_actor') {
      const keyId = row.actor.api_key_id
      const key = ctx.state.apiKeys.find((k) => k.wire.id === keyId)
      if (key) actor = { type: 'api_actor', api_key_name: key.wire.name }
    }
    if (actor === null) continue
    const id = actor.type === 'user_actor' ? `u:${actor.email_address}` : `k:${actor.api_key_name}`
    let entry = byActor.get(id)
    if (!entry) byActor.set(id, (entry = { actor, models: [], requests: 0, output: 0 }))
    const m = row.metrics
    entry.requests += m[M.requests] ?? 0
    entry.output += m[M.output] ?? 0
    entry.models.push({
      model: row.model,
      tokens: { input: m[M.uncached] ?? 0, output: m[M.output] ?? 0, cache_read: m[M.cacheRead] ?? 0, cache_creation: (m[M.cacheWrite5m] ?? 0) + (m[M.cacheWrite1h] ?? 0) },
      estimated_cost: { currency: 'USD', amount: Number(formatMicroCents(m[M.cost] ?? 0)) },
    })
  }
  const dayNumber = Math.floor(startMs / DAY_MS)
  return [...byActor.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, e]) => {
      const h = hash32(ctx.state.seed, dayNumber, hashText(id))
      const r = (salt: number): number => unit(hash32(h, salt))
      const sessions = Math.max(1, Math.round(e.requests / (20 + 40 * r(1))))
      const added = Math.round(e.output / (30 + 30 * r(2)))
      const removed = Math.round(added * (0.15 + 0.5 * r(3)))
      const commits = Math.floor(added / (80 + 120 * r(4)))
      const pullRequests = Math.floor(commits / (3 + 4 * r(5)))
      const edits = Math.round(e.requests * (0.2 + 0.3 * r(6)))
      const split = (total: number, salt: number): { accepted: number; rejected: number } => {
        const rejected = Math.round(total * (0.03 + 0.15 * r(salt)))
        return { accepted: total - rejected, rejected }
      }
      const multi = Math.round(edits * 0.3 * r(7))
      const write = Math.round(edits * 0.25 * r(8))
      const notebook = r(9) < 0.1 ? Math.round(edits * 0.05) : 0
      return {
        date: `${day}T00:00:00Z`,
        actor: e.actor,
        organization_id: ctx.state.org.id,
        customer_type: 'api',
        terminal_type: TERMINALS[hash32(h, 10) % TERMINALS.length]!,
        core_metrics: { num_sessions: sessions, lines_of_code: { added, removed }, commits_by_claude_code: commits, pull_requests_by_claude_code: pullRequests },
        tool_actions: { edit_tool: split(edits, 11), multi_edit_tool: split(multi, 12), write_tool: split(write, 13), notebook_edit_tool: split(notebook, 14) },
        model_breakdown: e.models,
      } satisfies ClaudeCodeWireRecord
    })
}

function claudeCodeReport(req: EmulatorRequest): { data: ClaudeCodeWireRecord[]; has_more: boolean; next_page: string | null } {
  const day = parseDay(req.query.get('starting_at'))
  const limit = parseLimit(req.query.get('limit'))
  const page = pageByCursor(claudeCodeRecords(req, day), { limit, page: req.query.get('page'), signature: `claude_code|${day}` })
  return { data: page.data, has_more: page.next_page !== null, next_page: page.next_page }
}

/** `GET /v1/organizations/usage_report/claude_code`. */
export const claudeCodeRoutes: Route[] = [route('GET', '/v1/organizations/usage_report/claude_code', claudeCodeReport)]

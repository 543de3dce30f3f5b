import { KeywardError } from '../../../../shared/errors'
import { centsNumberToMicro } from './claude-code-cents'
import { CLAUDE_CODE_TOOLS, type ClaudeCodeModelUse, type ClaudeCodeRecord, type ClaudeCodeTool } from './claude-code-record'

/** The endpoint, as errors name it. */
export const CLAUDE_CODE_ENDPOINT = '/v1/organizations/usage_report/claude_code'

/** Longest e-mail, key name, model or terminal name kept; longer is a broken or hostile server. */
const MAX_NAME = 320
/** Most models one record may break its tokens out by (a dozen are in use at most). */
const MAX_MODELS = 64
/** Largest count accepted (sessions, lines, tokens): far above any real day, below float trouble. */
const MAX_COUNT = 2 ** 48

/** One page of the report, checked. */
export interface ClaudeCodePage {
  readonly records: ClaudeCodeRecord[]
  readonly next: string | null
}

/** A reply that is not what the endpoint documents: names the endpoint and the field; the caller keeps nothing. */
export function malformedReply(field: string, problem: string): KeywardError {
  return new KeywardError(
    'UNAVAILABLE',
    `the Admin API's Claude Code report (${CLAUDE_CODE_ENDPOINT}) sent ${field} that ${problem}; Keyward kept none of it and the cache is unchanged; run keyward sync again later, or report it if it persists`,
  )
}

type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

function object(parent: Obj, name: string, path: string): Obj {
  const v = parent[name]
  if (!isObject(v)) throw malformedReply(`${path}.${name}`, 'is not an object')
  return v
}

function count(parent: Obj, name: string, path: string): number {
  const v = parent[name]
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > MAX_COUNT) throw malformedReply(`${path}.${name}`, 'is not a whole, non-negative count')
  return v
}

function text(parent: Obj, name: string, path: string, optional = false): string {
  const v = parent[name]
  if (optional && (v === undefined || v === null)) return ''
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_NAME) throw malformedReply(`${path}.${name}`, `is not a string of 1 to ${MAX_NAME} characters`)
  return v
}

/** Checks one page's body by hand (every field the report is used for), for the day that was asked. */
export function parseClaudeCodePage(body: unknown, day: string): ClaudeCodePage {
  if (!isObject(body)) throw malformedReply('a page', 'is not a JSON object')
  if (!Array.isArray(body.data)) throw malformedReply('data', 'is not a list')
  if (typeof body.has_more !== 'boolean') throw malformedReply('has_more', 'is not true or false')
  const next = body.next_page
  if (body.has_more && (typeof next !== 'string' || next.length === 0 || next.length > 4096)) throw malformedReply('next_page', 'is not a cursor, while has_more is true')
  const records = body.data.map((raw, i) => parseRecord(raw, `data[${i}]`, day))
  return { records, next: body.has_more ? (next as string) : null }
}

function parseRecord(raw: unknown, path: string, day: string): ClaudeCodeRecord {
  if (!isObject(raw)) throw malformedReply(path, 'is not an object')
  const date = raw.date
  if (typeof date !== 'string' || !date.startsWith(day) || Number.isNaN(Date.parse(date))) throw malformedReply(`${path}.date`, `is not the day asked for (${day})`)
  const actorRaw = object(raw, 'actor', path)
  let actor: ClaudeCodeRecord['actor']
  if (actorRaw.type === 'user_actor') actor = { type: 'user', name: text(actorRaw, 'email_address', `${path}.actor`) }
  else if (actorRaw.type === 'api_actor') actor = { type: 'api_key', name: text(actorRaw, 'api_key_name', `${path}.actor`) }
  else throw malformedReply(`${path}.actor.type`, 'is neither user_actor nor api_actor')
  const core = object(raw, 'core_metrics', path)
  const lines = object(core, 'lines_of_code', `${path}.core_metrics`)
  const tools = object(raw, 'tool_actions', path)
  const toolActions = {} as Record<ClaudeCodeTool, { accepted: number; rejected: number }>
  for (const tool of CLAUDE_CODE_TOOLS) {
    // A tool the record leaves out was not used that day.
    const t = tools[tool] === undefined ? { accepted: 0, rejected: 0 } : object(tools, tool, `${path}.tool_actions`)
    toolActions[tool] = { accepted: count(t, 'accepted', `${path}.tool_actions.${tool}`), rejected: count(t, 'rejected', `${path}.tool_actions.${tool}`) }
  }
  const breakdown = raw.model_breakdown
  if (!Array.isArray(breakdown) || breakdown.length > MAX_MODELS) throw malformedReply(`${path}.model_breakdown`, `is not a list of at most ${MAX_MODELS} models`)
  return {
    day,
    actor,
    customerType: text(raw, 'customer_type', path),
    terminalType: text(raw, 'terminal_type', path, true),
    sessions: count(core, 'num_sessions', `${path}.core_metrics`),
    linesAdded: count(lines, 'added', `${path}.core_metrics.lines_of_code`),
    linesRemoved: count(lines, 'removed', `${path}.core_metrics.lines_of_code`),
    commits: count(core, 'commits_by_claude_code', `${path}.core_metrics`),
    pullRequests: count(core, 'pull_requests_by_claude_code', `${path}.core_metrics`),
    toolActions,
    models: breakdown.map((m, i) => parseModel(m, `${path}.model_breakdown[${i}]`)),
  }
}

function parseModel(raw: unknown, path: string): ClaudeCodeModelUse {
  if (!isObject(raw)) throw malformedReply(path, 'is not an object')
  const tokens = object(raw, 'tokens', path)
  const cost = object(raw, 'estimated_cost', path)
  if (cost.currency !== 'USD') throw malformedReply(`${path}.estimated_cost.currency`, 'is not USD, the only currency Keyward reads')
  const micro = centsNumberToMicro(cost.amount)
  if (typeof micro === 'string') throw malformedReply(`${path}.estimated_cost.amount`, micro)
  return {
    model: text(raw, 'model', path),
    inputTokens: count(tokens, 'input', `${path}.tokens`),
    outputTokens: count(tokens, 'output', `${path}.tokens`),
    cacheReadTokens: count(tokens, 'cache_read', `${path}.tokens`),
    cacheCreationTokens: count(tokens, 'cache_creation', `${path}.tokens`),
    estimatedCostMicro: micro,
  }
}

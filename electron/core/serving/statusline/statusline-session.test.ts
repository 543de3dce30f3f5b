import { describe, expect, it } from 'vitest'
import { DEFAULT_LAYOUT, formatStatusline } from './statusline-format'
import { parseStatuslineInput } from './statusline-input'

/*
 * The two fields a status line fills from its own run: Claude Code's cost of the session (from its
 * stdin) and a key in Claude Code's environment that beats apiKeyHelper.
 */

const claudeInput = (extra: Record<string, unknown>) =>
  JSON.stringify({ session_id: '0b5c3a1e-7f3c-4e2b-9d0a-1c2b3d4e5f60', cwd: '/p', workspace: { current_dir: '/p', project_dir: '/p' }, version: '2.1.197', ...extra })

const facts = { profile: { name: 'client-a', reason: 'binding' as const, project: '/p' }, spend: null, budget: null, stale: null }
const NOW = Date.parse('2026-04-20T15:30:00Z')
const show = (sessionCost: bigint | null, env: NodeJS.ProcessEnv = {}) => formatStatusline(facts, DEFAULT_LAYOUT, NOW, undefined, { sessionCost, env })

describe("the status line's session cost", () => {
  it('reads cost.total_cost_usd and the session id of Claude Code’s JSON, exactly to the micro-cent', () => {
    const input = parseStatuslineInput(claudeInput({ cost: { total_cost_usd: 1.2345, total_duration_ms: 1002 } }))
    expect(input.sessionId).toBe('0b5c3a1e-7f3c-4e2b-9d0a-1c2b3d4e5f60')
    expect(input.sessionCost).toBe(123_450_000n)
    expect(parseStatuslineInput(claudeInput({ cost: { total_cost_usd: 0 } })).sessionCost).toBe(0n)
  })

  it('shows "$X this session" beside the key, rounded to cents, and nothing without a figure', () => {
    expect(show(123_450_000n)).toBe('client-a · $1.23 this session')
    expect(show(0n)).toBe('client-a · $0.00 this session')
    expect(show(null)).toBe('client-a')
  })

  it('has no figure when the cost field is missing or of another shape', () => {
    for (const extra of [{}, { cost: null }, { cost: {} }, { cost: 5 }, { cost: { total_cost_usd: '1.23' } }, { cost: [1] }]) expect(parseStatuslineInput(claudeInput(extra)).sessionCost).toBeNull()
  })

  it('believes no negative, non-finite or absurd cost, and no forged session id', () => {
    for (const cost of [-0.01, 1e300, 100_000.01, Number.MAX_VALUE]) expect(parseStatuslineInput(claudeInput({ cost: { total_cost_usd: cost } })).sessionCost).toBeNull()
    // JSON has no Infinity or NaN: a text that tries is not JSON, so nothing at all is read from it.
    expect(parseStatuslineInput('{"session_id":"a","cost":{"total_cost_usd":Infinity}}')).toEqual({ directory: null, sessionId: null, sessionCost: null })
    for (const id of ['', 'a'.repeat(65), '../../etc/passwd', 'id with space', 'x\u0000y', 42, null]) expect(parseStatuslineInput(claudeInput({ session_id: id })).sessionId).toBeNull()
    expect(parseStatuslineInput(claudeInput({ cost: { total_cost_usd: 100_000 } })).sessionCost).toBe(10_000_000_000_000n)
  })
})

describe("the status line's warning about a key in the environment", () => {
  it('names the variable that beats apiKeyHelper, never its value', () => {
    const key = `sk-ant-api03-${'Q'.repeat(40)}`
    expect(show(null, { ANTHROPIC_API_KEY: key })).toBe('client-a · ANTHROPIC_API_KEY in env overrides keyward')
    expect(show(null, { ANTHROPIC_AUTH_TOKEN: key })).toBe('client-a · ANTHROPIC_AUTH_TOKEN in env overrides keyward')
    const both = show(100_000_000n, { ANTHROPIC_AUTH_TOKEN: key, ANTHROPIC_API_KEY: key })
    expect(both).toBe('client-a · ANTHROPIC_AUTH_TOKEN and ANTHROPIC_API_KEY in env override keyward · $1.00 this session')
    expect(both).not.toContain('QQQQ')
  })

  it('says nothing when the variables are unset or empty', () => {
    expect(show(null, { ANTHROPIC_API_KEY: '', ANTHROPIC_BASE_URL: 'http://127.0.0.1:1' })).toBe('client-a')
  })
})

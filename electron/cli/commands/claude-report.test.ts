import { describe, expect, it } from 'vitest'
import { createClaudeCodeService } from '../../core/usage/claude-code/claude-code-service'
import { createMemoryClaudeCodeStore } from '../../core/usage/claude-code/claude-code-store'
import type { ClaudeCodeRecord } from '../../core/usage/claude-code/claude-code-record'
import type { CliIO } from '../io'
import { parseClaudeReportArgs, runClaudeReport } from './claude-report'

const NOW = new Date('2026-07-01T02:30:00Z') // still June 30 in New York

function rec(day: string, name: string, costMicro: bigint, type: 'user' | 'api_key' = 'user'): ClaudeCodeRecord {
  const tool = { accepted: 4, rejected: 1 }
  return {
    day,
    actor: { type, name },
    customerType: 'api',
    terminalType: 'tmux',
    sessions: 2,
    linesAdded: 100,
    linesRemoved: 10,
    commits: 1,
    pullRequests: 1,
    toolActions: { edit_tool: tool, multi_edit_tool: tool, write_tool: tool, notebook_edit_tool: { accepted: 0, rejected: 0 } },
    models: [{ model: 'claude-sonnet-4-5', inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheCreationTokens: 0, estimatedCostMicro: costMicro }],
  }
}

function bufferIO(): { io: CliIO; out: () => string } {
  let text = ''
  const io = { stdout: { write: (t: string) => (text += t) }, stderr: { write: () => true }, stdin: process.stdin, env: {}, cwd: '/' } as unknown as CliIO
  return { io, out: () => text }
}

describe('keyward claude report', () => {
  it('defaults to this month to date in the time zone, and reads dates as UTC days', () => {
    expect(parseClaudeReportArgs([], { TZ: 'America/New_York' }, NOW)).toEqual({ from: '2026-06-01', to: '2026-06-30', orgId: undefined, json: false })
    expect(parseClaudeReportArgs(['--tz', 'Europe/Berlin', '--json'], {}, NOW)).toMatchObject({ from: '2026-07-01', to: '2026-07-01', json: true })
    expect(parseClaudeReportArgs(['--from', '2026-05-03', '--org', 'org_1'], { TZ: 'UTC' }, NOW)).toMatchObject({ from: '2026-05-03', to: '2026-07-01', orgId: 'org_1' })
    expect(() => parseClaudeReportArgs(['--from', '2026-02-30'], { TZ: 'UTC' }, NOW)).toThrow(/--from "2026-02-30" is not a valid date/)
    expect(() => parseClaudeReportArgs(['--from', '2026-05-03', '--to', '2026-05-01'], { TZ: 'UTC' }, NOW)).toThrow(/--to 2026-05-01 is before --from 2026-05-03/)
    expect(() => parseClaudeReportArgs(['extra'], { TZ: 'UTC' }, NOW)).toThrow(/takes no arguments/)
    expect(() => parseClaudeReportArgs(['--tz', 'Mars/Olympus'], {}, NOW)).toThrow(/--tz "Mars\/Olympus" is not a time zone this system knows/)
  })

  it('prints the documented JSON: the range and one entry per actor, cost in exact dollars', async () => {
    const store = createMemoryClaudeCodeStore()
    await store.putDay('org_1', '2026-06-01', [rec('2026-06-01', 'ada@example.com', 1_234_567n), rec('2026-06-01', 'ci-key', 5n, 'api_key')], '2026-06-02T03:00:00Z')
    await store.putDay('org_1', '2026-06-02', [rec('2026-06-02', 'ada@example.com', 1n)], '2026-06-03T03:00:00Z')
    await store.putDay('org_1', '2026-06-03', [rec('2026-06-03', 'ada@example.com', 999_999_999n)], '2026-06-04T03:00:00Z') // outside the range
    const service = createClaudeCodeService({ store, orgs: async () => [{ id: 'org_1', name: 'Acme' }] })
    const { io, out } = bufferIO()
    await runClaudeReport({ from: '2026-06-01', to: '2026-06-02', orgId: undefined, json: true }, io, service)
    expect(JSON.parse(out())).toEqual({
      from: '2026-06-01',
      to: '2026-06-02',
      people: [
        { actor: 'ada@example.com', sessions: 4, linesAdded: 200, linesRemoved: 20, commits: 2, pullRequests: 2, toolAccepted: 24, toolRejected: 6, cost: '0.01234568' },
        { actor: 'ci-key', sessions: 2, linesAdded: 100, linesRemoved: 10, commits: 1, pullRequests: 1, toolAccepted: 12, toolRejected: 3, cost: '0.00000005' },
      ],
    })
    const text = bufferIO()
    await runClaudeReport({ from: '2026-06-01', to: '2026-06-02', orgId: 'org_1', json: false }, text.io, service)
    expect(text.out()).toMatch(/Acme: Claude Code, UTC days 2026-06-01 to 2026-06-02 \(2 of 2 days synced\)/)
    expect(text.out()).toMatch(/ada@example\.com\s+4\s+\+200 −20\s+2\s+2\s+24\/30\s+80%/)
    expect(text.out()).toMatch(/^Total\s+6/m)
    await expect(runClaudeReport({ from: '2026-06-01', to: '2026-06-02', orgId: 'nope', json: true }, bufferIO().io, service)).rejects.toThrow(/there is no org "nope"/)
  })
})

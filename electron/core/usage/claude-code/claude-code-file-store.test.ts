import { mkdtemp, mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileClaudeCodeStore } from './claude-code-file-store'
import type { ClaudeCodeRecord } from './claude-code-record'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-cc-'))
})
afterEach(async () => rm(dir, { recursive: true, force: true }))

const tool = { accepted: 1, rejected: 0 }
const record: ClaudeCodeRecord = {
  day: '2026-06-01',
  actor: { type: 'user', name: 'ada@example.com' },
  customerType: 'api',
  terminalType: '',
  sessions: 1,
  linesAdded: 2,
  linesRemoved: 3,
  commits: 0,
  pullRequests: 0,
  toolActions: { edit_tool: tool, multi_edit_tool: tool, write_tool: tool, notebook_edit_tool: tool },
  models: [{ model: 'm', inputTokens: 1, outputTokens: 2, cacheReadTokens: 3, cacheCreationTokens: 4, estimatedCostMicro: 123_456_789_012_345_678n }],
}

describe('the file-backed Claude Code store', () => {
  it('keeps costs exact, replaces a day whole, prunes old days', async () => {
    const store = createFileClaudeCodeStore(dir)
    await store.putDay('org_1', '2026-06-01', [record], '2026-06-02T01:00:00Z')
    await store.putDay('org_1', '2026-06-02', [record], '2026-06-03T01:00:00Z')
    await store.putDay('org_1', '2026-06-02', [], '2026-06-03T05:00:00Z')
    const days = await createFileClaudeCodeStore(dir).days('org_1', '2026-06-01', '2026-06-30')
    expect(days.map((d) => [d.day, d.records.length, d.refreshedAt])).toEqual([
      ['2026-06-01', 1, '2026-06-02T01:00:00Z'],
      ['2026-06-02', 0, '2026-06-03T05:00:00Z'],
    ])
    expect(days[0]!.records[0]!.models[0]!.estimatedCostMicro).toBe(123_456_789_012_345_678n)
    await store.prune('org_1', '2026-06-02')
    expect([...(await store.refreshedAt('org_1', '2000-01-01', '2999-12-31')).keys()]).toEqual(['2026-06-02'])
    expect(await store.days('other', '2000-01-01', '2999-12-31')).toEqual([])
  })

  it('refuses a link in place of its file, and names a file it cannot read', async () => {
    const store = createFileClaudeCodeStore(dir)
    await store.putDay('org_1', '2026-06-01', [record], '2026-06-02T01:00:00Z')
    const [file] = await readdir(join(dir, 'claude-code'))
    const path = join(dir, 'claude-code', file!)
    await rm(path)
    await writeFile(join(dir, 'elsewhere.json'), '{}')
    await symlink(join(dir, 'elsewhere.json'), path)
    await expect(store.days('org_1', '2000-01-01', '2999-12-31')).rejects.toThrow()
    await rm(path)
    await mkdir(join(dir, 'claude-code'), { recursive: true })
    await writeFile(path, '{"version":1,"days":[{"day":"2026-06-01","refreshedAt":"x","records":[{"toolActions":{}}]}]}')
    await expect(store.days('org_1', '2000-01-01', '2999-12-31')).rejects.toThrow(/the Claude Code cache .* cannot be read .*delete it and run keyward sync/)
  })
})

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../store/schema'
import { sqlite } from '../store/sqlite-module'
import { usageDbPath } from '../store/usage-db'
import { createUsageStore, type UsageStore } from '../store/usage-store'
import type { ClaudeCodeRecord } from './claude-code-record'
import { createSqliteClaudeCodeStore } from './claude-code-sqlite-store'
import type { ClaudeCodeStore } from './claude-code-store'

let dir: string
const opened: UsageStore[] = []
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-cc-db-'))
})
afterEach(async () => {
  for (const s of opened.splice(0)) s.close()
  await rm(dir, { recursive: true, force: true })
})

/** A Claude Code store over a fresh connection to the data directory's usage database. */
function open(): ClaudeCodeStore {
  const usage = createUsageStore(dir)
  opened.push(usage)
  return createSqliteClaudeCodeStore({ read: () => usage.db(), write: () => usage.writeDb() })
}

const record = (name: string, extra: Partial<ClaudeCodeRecord> = {}): ClaudeCodeRecord => ({
  day: '2026-06-01',
  actor: { type: 'user', name },
  customerType: 'api',
  terminalType: 'vscode',
  sessions: 1,
  linesAdded: 2,
  linesRemoved: 3,
  commits: 4,
  pullRequests: 5,
  toolActions: {
    edit_tool: { accepted: 6, rejected: 7 },
    multi_edit_tool: { accepted: 8, rejected: 9 },
    write_tool: { accepted: 10, rejected: 11 },
    notebook_edit_tool: { accepted: 12, rejected: 13 },
  },
  models: [
    { model: 'claude-a', inputTokens: 1, outputTokens: 2, cacheReadTokens: 3, cacheCreationTokens: 4, estimatedCostMicro: 123_456_789_012_345_678n },
    { model: 'claude-b', inputTokens: 5, outputTokens: 6, cacheReadTokens: 7, cacheCreationTokens: 8, estimatedCostMicro: 1n },
  ],
  ...extra,
})

describe('the Claude Code report in the usage database', () => {
  it('reads back every field of every record in order, costs exact beyond 2^53', async () => {
    const records = [record('ada@example.com'), record('deploy key', { actor: { type: 'api_key', name: 'deploy key' }, terminalType: '', models: [] })]
    await open().putDay('org_1', '2026-06-01', records, '2026-06-02T01:00:00Z')
    // Another connection (another process) reads what the first committed.
    const days = await open().days('org_1', '2026-06-01', '2026-06-01')
    expect(days).toEqual([{ day: '2026-06-01', refreshedAt: '2026-06-02T01:00:00Z', records }])
    expect(typeof days[0]!.records[0]!.models[0]!.estimatedCostMicro).toBe('bigint')
  })

  it('replaces a day whole, keeps a day fetched with no records, keeps orgs apart, lists fetch times and prunes', async () => {
    const store = open()
    await store.putDay('org_1', '2026-06-01', [record('ada@example.com')], '2026-06-02T01:00:00Z')
    await store.putDay('org_1', '2026-06-02', [record('ada@example.com'), record('bob@example.com')], '2026-06-03T01:00:00Z')
    await store.putDay('org_1', '2026-06-02', [record('cy@example.com', { day: '2026-06-02' })], '2026-06-03T05:00:00Z')
    await store.putDay('org_1', '2026-06-03', [], '2026-06-04T01:00:00Z')
    await store.putDay('org_2', '2026-06-02', [record('other@example.com')], '2026-06-03T01:00:00Z')
    const days = await store.days('org_1', '2026-06-02', '2026-06-30')
    expect(days.map((d) => [d.day, d.refreshedAt, d.records.map((r) => r.actor.name)])).toEqual([
      ['2026-06-02', '2026-06-03T05:00:00Z', ['cy@example.com']],
      ['2026-06-03', '2026-06-04T01:00:00Z', []],
    ])
    expect(days[0]!.records[0]!.models).toHaveLength(2)
    expect(await store.refreshedAt('org_1', '2026-06-01', '2026-06-02')).toEqual(
      new Map([
        ['2026-06-01', '2026-06-02T01:00:00Z'],
        ['2026-06-02', '2026-06-03T05:00:00Z'],
      ]),
    )
    await store.prune('org_1', '2026-06-03')
    expect([...(await store.refreshedAt('org_1', '2000-01-01', '2999-12-31')).keys()]).toEqual(['2026-06-03'])
    expect((await store.days('org_2', '2000-01-01', '2999-12-31')).map((d) => d.records[0]!.actor.name)).toEqual(['other@example.com'])
  })

  it('leaves the day as it was when a write fails half-way', async () => {
    const store = open()
    await store.putDay('org_1', '2026-06-01', [record('ada@example.com')], '2026-06-02T01:00:00Z')
    // A cost past SQLite's 64-bit INTEGER cannot be stored: the whole replacement is rolled back.
    const tooBig = record('bob@example.com', { models: [{ model: 'm', inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, estimatedCostMicro: 2n ** 70n }] })
    await expect(store.putDay('org_1', '2026-06-01', [record('cy@example.com'), tooBig], '2026-06-03T00:00:00Z')).rejects.toThrow()
    const days = await open().days('org_1', '2026-06-01', '2026-06-01')
    expect(days.map((d) => [d.refreshedAt, d.records.map((r) => r.actor.name)])).toEqual([['2026-06-02T01:00:00Z', ['ada@example.com']]])
  })

  it('reads as empty before any database exists, without creating one', async () => {
    const store = open()
    expect(await store.days('org_1', '2000-01-01', '2999-12-31')).toEqual([])
    expect(await store.refreshedAt('org_1', '2000-01-01', '2999-12-31')).toEqual(new Map())
    await store.prune('org_1', '2026-01-01')
    const { readdir } = await import('node:fs/promises')
    expect(await readdir(dir)).toEqual([])
  })

  it('is added to a usage database of the schema before it, whose usage stays', async () => {
    const { DatabaseSync } = sqlite()
    const old = new DatabaseSync(usageDbPath(dir))
    old.exec(MIGRATIONS[0] as string)
    old.exec('PRAGMA user_version = 1')
    old.prepare("INSERT INTO orgs (org_id, name, data_refreshed_at) VALUES ('org_1', 'Acme', '2026-06-02T01:00:00Z')").run()
    old.close()
    const usage = createUsageStore(dir)
    opened.push(usage)
    const store = createSqliteClaudeCodeStore({ read: () => usage.db(), write: () => usage.writeDb() })
    await store.putDay('org_1', '2026-06-01', [record('ada@example.com')], '2026-06-02T01:00:00Z')
    expect((await store.days('org_1', '2026-06-01', '2026-06-01'))[0]?.records).toHaveLength(1)
    expect(usage.org('org_1')?.dataRefreshedAt).toBe('2026-06-02T01:00:00Z')
  })
})
